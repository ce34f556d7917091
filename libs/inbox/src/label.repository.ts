import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';

export interface LabelRow {
  id: string;
  name: string;
  color: string;
  created_at: Date;
}

@Injectable()
export class LabelRepository {
  list(em: EntityManager, workspaceId: string): Promise<LabelRow[]> {
    return sqlRows<LabelRow>(
      em,
      `SELECT id, name, color, created_at FROM label WHERE workspace_id = $1 ORDER BY name, id`,
      [workspaceId],
    );
  }

  /** Inserts a label; undefined when the name is taken in the workspace. */
  async insert(em: EntityManager, workspaceId: string, name: string, color: string): Promise<LabelRow | undefined> {
    const [row] = await sqlRows<LabelRow>(
      em,
      `INSERT INTO label (workspace_id, name, color) VALUES ($1, $2, $3)
       ON CONFLICT (workspace_id, name) DO NOTHING RETURNING id, name, color, created_at`,
      [workspaceId, name, color],
    );
    return row;
  }

  /** Deletes a label and takes it off every conversation; returns those conversations' ids. */
  async delete(em: EntityManager, workspaceId: string, labelId: string): Promise<string[] | undefined> {
    const gone = await sqlRows<{ id: string }>(
      em,
      `DELETE FROM label WHERE workspace_id = $1 AND id = $2 RETURNING id`,
      [workspaceId, labelId],
    );
    if (gone.length === 0) return undefined;
    const rows = await sqlRows<{ conversation_id: string }>(
      em,
      `DELETE FROM conversation_label WHERE workspace_id = $1 AND label_id = $2 RETURNING conversation_id`,
      [workspaceId, labelId],
    );
    return rows.map((r) => r.conversation_id);
  }

  async countExisting(em: EntityManager, workspaceId: string, labelIds: string[]): Promise<number> {
    const [row] = await sqlRows<{ n: number }>(
      em,
      `SELECT count(*)::int AS n FROM label WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [workspaceId, labelIds],
    );
    return row?.n ?? 0;
  }

  /** Replaces the conversation's labels with exactly `labelIds`. */
  async setForConversation(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    labelIds: string[],
  ): Promise<void> {
    await em.query(
      `DELETE FROM conversation_label WHERE workspace_id = $1 AND conversation_id = $2 AND NOT (label_id = ANY($3::uuid[]))`,
      [workspaceId, conversationId, labelIds],
    );
    await em.query(
      `INSERT INTO conversation_label (workspace_id, conversation_id, label_id)
       SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
      [workspaceId, conversationId, labelIds],
    );
  }
}
