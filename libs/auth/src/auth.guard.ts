import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppException, requestContext } from '@scrm/common';
import type { WorkspaceRole } from '@scrm/database';
import { PUBLIC_ROUTE, ROUTE_ROLES } from './auth.decorators';
import { AuthService } from './auth.service';
import type { Principal } from './principal';

/** Global guard: a bearer access token with a live membership, then the route's role list. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const req = context
      .switchToHttp()
      .getRequest<{ headers: Record<string, string | undefined>; principal?: Principal }>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new AppException('UNAUTHENTICATED', 'missing Authorization: Bearer <accessToken> header');
    const principal = await this.auth.authenticate(match[1]!);
    if (!principal) throw new AppException('UNAUTHENTICATED', 'access token is invalid or expired');
    req.principal = principal;
    const store = requestContext.getStore();
    if (store) {
      store.workspaceId = principal.workspaceId;
      store.userId = principal.userId;
    }
    const roles = this.reflector.getAllAndOverride<WorkspaceRole[] | undefined>(ROUTE_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new AppException('FORBIDDEN', `this action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
