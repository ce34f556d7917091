import { Injectable } from '@nestjs/common';
import { AppException } from '@scrm/common';
import type { EntityManager, WorkspaceRole } from '@scrm/database';
import { AuthRepository, type MembershipRow } from './auth.repository';
import { hashPassword, verifyPassword } from './password-hasher';
import type { Principal } from './principal';
import { TokenService, type TokenPair } from './token.service';

export interface MeView {
  id: string;
  email: string;
  name: string;
  workspaceId: string;
  role: WorkspaceRole;
  workspaces: { id: string; name: string; role: WorkspaceRole }[];
}

// Compared against when the email is unknown, so a miss costs as much time as a wrong password.
const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

@Injectable()
export class AuthService {
  constructor(
    private readonly repo: AuthRepository,
    private readonly tokens: TokenService,
  ) {}

  async login(email: string, password: string): Promise<TokenPair> {
    const user = await this.repo.findUserByEmail(email.trim().toLowerCase());
    const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
    if (!user || !ok) throw new AppException('UNAUTHENTICATED', 'email or password is incorrect');
    const [first] = await this.repo.memberships(user.id);
    if (!first) throw new AppException('FORBIDDEN', 'this account belongs to no workspace');
    return this.tokens.issue(user.id, first.workspaceId);
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const claims = this.tokens.verify(refreshToken, 'refresh');
    if (!claims) throw new AppException('UNAUTHENTICATED', 'refresh token is invalid or expired');
    if (!(await this.repo.findRole(claims.wid, claims.sub))) {
      throw new AppException('UNAUTHENTICATED', 'membership of that workspace has ended');
    }
    return this.tokens.issue(claims.sub, claims.wid);
  }

  async switchWorkspace(principal: Principal, workspaceId: string): Promise<TokenPair> {
    if (!(await this.repo.findRole(workspaceId, principal.userId))) throw AppException.notFound('workspace');
    return this.tokens.issue(principal.userId, workspaceId);
  }

  /** Resolves an access token to a principal, checking the membership still exists. */
  async authenticate(accessToken: string): Promise<Principal | undefined> {
    const claims = this.tokens.verify(accessToken, 'access');
    if (!claims) return undefined;
    const role = await this.repo.findRole(claims.wid, claims.sub);
    return role ? { userId: claims.sub, workspaceId: claims.wid, role } : undefined;
  }

  async me(principal: Principal): Promise<MeView> {
    const user = await this.repo.findUser(principal.userId);
    if (!user) throw new AppException('UNAUTHENTICATED', 'user no longer exists');
    const memberships: MembershipRow[] = await this.repo.memberships(user.id);
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      workspaceId: principal.workspaceId,
      role: principal.role,
      workspaces: memberships.map((m) => ({ id: m.workspaceId, name: m.workspaceName, role: m.role })),
    };
  }

  async createUser(email: string, name: string, password: string, em?: EntityManager): Promise<string> {
    const user = await this.repo.createUser(email.trim().toLowerCase(), name, await hashPassword(password), em);
    return user.id;
  }

  findUserIdByEmail(email: string): Promise<string | undefined> {
    return this.repo.findUserByEmail(email.trim().toLowerCase()).then((u) => u?.id);
  }

  addMember(workspaceId: string, userId: string, role: WorkspaceRole, em?: EntityManager): Promise<void> {
    return this.repo.addMember(workspaceId, userId, role, em);
  }

  isMember(workspaceId: string, userId: string): Promise<boolean> {
    return this.repo.isMember(workspaceId, userId);
  }
}
