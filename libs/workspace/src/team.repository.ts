import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows, type WorkspaceRole } from '@scrm/database';

export interface MemberRow {
  user_id: string;
  name: string;
  email: string;
  role: WorkspaceRole;
}

@Injectable()
export class TeamRepository {
  list(em: EntityManager, workspaceId: string): Promise<MemberRow[]> {
    return sqlRows<MemberRow>(
      em,
      `SELECT m.user_id, u.name, u.email, m.role FROM workspace_member m JOIN app_user u ON u.id = m.user_id
        WHERE m.workspace_id = $1 ORDER BY u.name, u.email`,
      [workspaceId],
    );
  }

  async find(em: EntityManager, workspaceId: string, userId: string): Promise<MemberRow | undefined> {
    const [row] = await sqlRows<MemberRow>(
      em,
      `SELECT m.user_id, u.name, u.email, m.role FROM workspace_member m JOIN app_user u ON u.id = m.user_id
        WHERE m.workspace_id = $1 AND m.user_id = $2`,
      [workspaceId, userId],
    );
    return row;
  }

  async setRole(em: EntityManager, workspaceId: string, userId: string, role: WorkspaceRole): Promise<void> {
    await em.query(`UPDATE workspace_member SET role = $3 WHERE workspace_id = $1 AND user_id = $2`, [
      workspaceId,
      userId,
      role,
    ]);
  }

  async countOwners(em: EntityManager, workspaceId: string): Promise<number> {
    const [row] = await sqlRows<{ n: number }>(
      em,
      `SELECT count(*)::int AS n FROM workspace_member WHERE workspace_id = $1 AND role = 'owner'`,
      [workspaceId],
    );
    return row?.n ?? 0;
  }
}
