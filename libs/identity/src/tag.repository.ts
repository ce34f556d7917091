import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';

export interface TagRow {
  id: string;
  name: string;
  created_at: Date;
}

/** Workspace tags and the tags on each contact. */
@Injectable()
export class TagRepository {
  list(em: EntityManager, workspaceId: string): Promise<TagRow[]> {
    return sqlRows<TagRow>(em, `SELECT id, name, created_at FROM tag WHERE workspace_id = $1 ORDER BY name, id`, [
      workspaceId,
    ]);
  }

  async find(em: EntityManager, workspaceId: string, tagId: string): Promise<TagRow | undefined> {
    const [row] = await sqlRows<TagRow>(
      em,
      `SELECT id, name, created_at FROM tag WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, tagId],
    );
    return row;
  }

  /** The tag with this name, created when the workspace has none yet. */
  async findOrCreate(em: EntityManager, workspaceId: string, name: string): Promise<TagRow> {
    await em.query(`INSERT INTO tag (workspace_id, name) VALUES ($1, $2) ON CONFLICT (workspace_id, name) DO NOTHING`, [
      workspaceId,
      name,
    ]);
    const [row] = await sqlRows<TagRow>(
      em,
      `SELECT id, name, created_at FROM tag WHERE workspace_id = $1 AND name = $2`,
      [workspaceId, name],
    );
    return row!;
  }

  tagsOf(em: EntityManager, workspaceId: string, contactId: string): Promise<TagRow[]> {
    return sqlRows<TagRow>(
      em,
      `SELECT t.id, t.name, t.created_at FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id AND t.workspace_id = ct.workspace_id
        WHERE ct.workspace_id = $1 AND ct.contact_id = $2 ORDER BY t.name, t.id`,
      [workspaceId, contactId],
    );
  }

  /** Whether the tag was newly put on the contact. */
  async add(em: EntityManager, workspaceId: string, contactId: string, tagId: string): Promise<boolean> {
    const rows = await sqlRows<{ tag_id: string }>(
      em,
      `INSERT INTO contact_tag (workspace_id, contact_id, tag_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING tag_id`,
      [workspaceId, contactId, tagId],
    );
    return rows.length > 0;
  }

  /** Whether the tag was on the contact. */
  async remove(em: EntityManager, workspaceId: string, contactId: string, tagId: string): Promise<boolean> {
    const rows = await sqlRows<{ tag_id: string }>(
      em,
      `DELETE FROM contact_tag WHERE workspace_id = $1 AND contact_id = $2 AND tag_id = $3 RETURNING tag_id`,
      [workspaceId, contactId, tagId],
    );
    return rows.length > 0;
  }
}
