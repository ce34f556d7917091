import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuthService, type Principal } from '@scrm/auth';
import { AppException } from '@scrm/common';
import { UnitOfWork, type WorkspaceRole } from '@scrm/database';
import { TeamRepository, type MemberRow } from './team.repository';

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  role: WorkspaceRole;
}

const toView = (r: MemberRow): MemberView => ({ userId: r.user_id, name: r.name, email: r.email, role: r.role });

/** The workspace's members and their roles. Only an owner grants or takes away the owner role. */
@Injectable()
export class TeamService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: TeamRepository,
    private readonly auth: AuthService,
  ) {}

  async list(workspaceId: string): Promise<MemberView[]> {
    return (await this.repo.list(this.uow.manager, workspaceId)).map(toView);
  }

  async invite(
    p: Principal,
    email: string,
    name: string,
    role: WorkspaceRole,
  ): Promise<MemberView & { temporaryPassword?: string }> {
    if (role === 'owner' && p.role !== 'owner') throw new AppException('FORBIDDEN', 'only an owner can add an owner');
    let userId = await this.auth.findUserIdByEmail(email);
    let temporaryPassword: string | undefined;
    if (!userId) {
      temporaryPassword = randomBytes(9).toString('base64url');
      userId = await this.auth.createUser(email, name, temporaryPassword);
    } else if (await this.auth.isMember(p.workspaceId, userId)) {
      throw new AppException('CONFLICT', 'that person is already a member of this workspace');
    }
    await this.auth.addMember(p.workspaceId, userId, role);
    const row = await this.repo.find(this.uow.manager, p.workspaceId, userId);
    return { ...toView(row!), ...(temporaryPassword ? { temporaryPassword } : {}) };
  }

  async setRole(p: Principal, userId: string, role: WorkspaceRole): Promise<MemberView> {
    return this.uow.run(async (tx) => {
      const current = await this.repo.find(tx, p.workspaceId, userId);
      if (!current) throw AppException.notFound('member');
      if ((role === 'owner' || current.role === 'owner') && p.role !== 'owner') {
        throw new AppException('FORBIDDEN', 'only an owner can grant or change the owner role');
      }
      if (current.role === 'owner' && role !== 'owner' && (await this.repo.countOwners(tx, p.workspaceId)) <= 1) {
        throw new AppException('CONFLICT', 'a workspace keeps at least one owner');
      }
      await this.repo.setRole(tx, p.workspaceId, userId, role);
      return { ...toView(current), role };
    });
  }
}
