import type { WorkspaceRole } from '@scrm/database';

/** Who is calling and in which workspace; resolved from the access token and a live membership check. */
export interface Principal {
  userId: string;
  workspaceId: string;
  role: WorkspaceRole;
}
