import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows, type ContactAttributeType } from '@scrm/database';

export interface AttributeRow {
  id: string;
  key: string;
  label: string;
  type: ContactAttributeType;
  options: string[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, key, label, type, options, created_at, updated_at';

/** The workspace's custom attribute definitions. */
@Injectable()
export class ContactAttributeRepository {
  list(em: EntityManager, workspaceId: string): Promise<AttributeRow[]> {
    return sqlRows<AttributeRow>(
      em,
      `SELECT ${COLUMNS} FROM contact_attribute WHERE workspace_id = $1 ORDER BY created_at, id`,
      [workspaceId],
    );
  }

  async find(em: EntityManager, workspaceId: string, id: string): Promise<AttributeRow | undefined> {
    const [row] = await sqlRows<AttributeRow>(
      em,
      `SELECT ${COLUMNS} FROM contact_attribute WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id],
    );
    return row;
  }

  /** Undefined when the key is taken in the workspace. */
  async insert(
    em: EntityManager,
    workspaceId: string,
    a: { key: string; label: string; type: ContactAttributeType; options: string[] },
  ): Promise<AttributeRow | undefined> {
    const [row] = await sqlRows<AttributeRow>(
      em,
      `INSERT INTO contact_attribute (workspace_id, key, label, type, options) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT (workspace_id, key) DO NOTHING RETURNING ${COLUMNS}`,
      [workspaceId, a.key, a.label, a.type, JSON.stringify(a.options)],
    );
    return row;
  }

  async update(
    em: EntityManager,
    workspaceId: string,
    id: string,
    patch: { label: string; options: string[] },
  ): Promise<AttributeRow | undefined> {
    const [row] = await sqlRows<AttributeRow>(
      em,
      `UPDATE contact_attribute SET label = $3, options = $4::jsonb, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [workspaceId, id, patch.label, JSON.stringify(patch.options)],
    );
    return row;
  }

  /** Deletes the definition and its value on every contact; returns the key, or undefined when unknown. */
  async delete(em: EntityManager, workspaceId: string, id: string): Promise<string | undefined> {
    const [row] = await sqlRows<{ key: string }>(
      em,
      `DELETE FROM contact_attribute WHERE workspace_id = $1 AND id = $2 RETURNING key`,
      [workspaceId, id],
    );
    if (!row) return undefined;
    await em.query(
      `UPDATE contact SET attributes = attributes - $2::text WHERE workspace_id = $1 AND attributes -> $2::text IS NOT NULL`,
      [workspaceId, row.key],
    );
    return row.key;
  }
}
