import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';

export interface CannedRow {
  id: string;
  shortcut: string;
  content: string;
  updated_at: Date;
}

@Injectable()
export class CannedResponseRepository {
  list(em: EntityManager, workspaceId: string): Promise<CannedRow[]> {
    return sqlRows<CannedRow>(
      em,
      `SELECT id, shortcut, content, updated_at FROM canned_response WHERE workspace_id = $1 ORDER BY shortcut`,
      [workspaceId],
    );
  }

  async insert(
    em: EntityManager,
    workspaceId: string,
    shortcut: string,
    content: string,
  ): Promise<CannedRow | undefined> {
    const [row] = await sqlRows<CannedRow>(
      em,
      `INSERT INTO canned_response (workspace_id, shortcut, content) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id, shortcut) DO NOTHING RETURNING id, shortcut, content, updated_at`,
      [workspaceId, shortcut, content],
    );
    return row;
  }

  /** undefined when there is no such canned response in the workspace; throws on a taken shortcut. */
  async update(
    em: EntityManager,
    workspaceId: string,
    id: string,
    shortcut: string,
    content: string,
  ): Promise<CannedRow | undefined> {
    const [row] = await sqlRows<CannedRow>(
      em,
      `UPDATE canned_response SET shortcut = $3, content = $4, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING id, shortcut, content, updated_at`,
      [workspaceId, id, shortcut, content],
    );
    return row;
  }

  async delete(em: EntityManager, workspaceId: string, id: string): Promise<boolean> {
    const rows = await sqlRows<{ id: string }>(
      em,
      `DELETE FROM canned_response WHERE workspace_id = $1 AND id = $2 RETURNING id`,
      [workspaceId, id],
    );
    return rows.length > 0;
  }
}
