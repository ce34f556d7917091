import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';

export interface KeywordSetRow {
  id: string;
  name: string;
  purpose: 'topic' | 'crisis';
  keywords: string[];
  created_at: Date;
  updated_at: Date;
}

@Injectable()
export class CrisisKeywordSetRepository {
  list(em: EntityManager, workspaceId: string): Promise<KeywordSetRow[]> {
    return sqlRows<KeywordSetRow>(
      em,
      `SELECT id, name, purpose, keywords, created_at, updated_at FROM crisis_keyword_set WHERE workspace_id = $1 ORDER BY name`,
      [workspaceId],
    );
  }

  async find(em: EntityManager, workspaceId: string, id: string): Promise<KeywordSetRow | undefined> {
    const [row] = await sqlRows<KeywordSetRow>(
      em,
      `SELECT id, name, purpose, keywords, created_at, updated_at FROM crisis_keyword_set WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    return row;
  }

  /** Undefined when the name is taken in the workspace. */
  async create(
    em: EntityManager,
    workspaceId: string,
    v: { name: string; purpose: string; keywords: string[] },
  ): Promise<string | undefined> {
    const [row] = await sqlRows<{ id: string }>(
      em,
      `INSERT INTO crisis_keyword_set (workspace_id, name, purpose, keywords) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (workspace_id, name) DO NOTHING RETURNING id`,
      [workspaceId, v.name, v.purpose, JSON.stringify(v.keywords)],
    );
    return row?.id;
  }

  /** False when the new name is taken. */
  async update(
    em: EntityManager,
    workspaceId: string,
    id: string,
    v: { name: string; keywords: string[] },
  ): Promise<boolean> {
    const taken = await sqlRows(
      em,
      `SELECT 1 FROM crisis_keyword_set WHERE workspace_id = $1 AND name = $2 AND id <> $3`,
      [workspaceId, v.name, id],
    );
    if (taken.length > 0) return false;
    await em.query(
      `UPDATE crisis_keyword_set SET name = $3, keywords = $4::jsonb, updated_at = now() WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id, v.name, JSON.stringify(v.keywords)],
    );
    return true;
  }

  async remove(em: EntityManager, workspaceId: string, id: string): Promise<boolean> {
    const rows = await sqlRows(em, `DELETE FROM crisis_keyword_set WHERE workspace_id = $1 AND id = $2 RETURNING id`, [
      workspaceId,
      id,
    ]);
    return rows.length > 0;
  }
}
