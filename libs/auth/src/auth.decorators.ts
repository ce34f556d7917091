import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { WorkspaceRole } from '@scrm/database';
import type { Principal } from './principal';

export const PUBLIC_ROUTE = 'murmur:public';
export const ROUTE_ROLES = 'murmur:roles';

/** A route reachable without a bearer token (login, health, signed inbound pushes). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_ROUTE, true);

/** Only these workspace roles may call the route. */
export const Roles = (...roles: WorkspaceRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROUTE_ROLES, roles);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const req = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
  if (!req.principal) throw new Error('CurrentPrincipal used on a public route');
  return req.principal;
});
