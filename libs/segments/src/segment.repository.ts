import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows, type LifecycleStage } from '@scrm/database';
import type { ExactKeysetPosition } from '@scrm/common';
import { compileSegmentFilter, type SegmentFilter } from './segment-filter';

export interface SegmentRow {
  id: string;
  name: string;
  filter: SegmentFilter;
  created_by_user_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface MemberRow {
  id: string;
  name: string | null;
  lifecycle_stage: LifecycleStage;
  attributes: Record<string, string | number>;
  last_seen_at: Date | null;
  created_at: Date;
  /** created_at exactly as PostgreSQL prints it, for the cursor. */
  created_key: string;
  tags: string[] | null;
}

const COLUMNS = 'id, name, filter, created_by_user_id, created_at, updated_at';

/** Saved segments, and the contacts a segment's filter matches. */
@Injectable()
export class SegmentRepository {
  list(em: EntityManager, workspaceId: string): Promise<SegmentRow[]> {
    return sqlRows<SegmentRow>(em, `SELECT ${COLUMNS} FROM segment WHERE workspace_id = $1 ORDER BY name, id`, [
      workspaceId,
    ]);
  }

  async find(em: EntityManager, workspaceId: string, id: string): Promise<SegmentRow | undefined> {
    const [row] = await sqlRows<SegmentRow>(em, `SELECT ${COLUMNS} FROM segment WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      id,
    ]);
    return row;
  }

  /** Undefined when the name is taken. */
  async insert(
    em: EntityManager,
    workspaceId: string,
    s: { name: string; filter: SegmentFilter; userId: string },
  ): Promise<SegmentRow | undefined> {
    const [row] = await sqlRows<SegmentRow>(
      em,
      `INSERT INTO segment (workspace_id, name, filter, created_by_user_id) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (workspace_id, name) DO NOTHING RETURNING ${COLUMNS}`,
      [workspaceId, s.name, JSON.stringify(s.filter), s.userId],
    );
    return row;
  }

  /** Undefined when the segment is gone; throws the unique violation when the new name is taken. */
  async update(
    em: EntityManager,
    workspaceId: string,
    id: string,
    s: { name: string; filter: SegmentFilter },
  ): Promise<SegmentRow | undefined> {
    const [row] = await sqlRows<SegmentRow>(
      em,
      `UPDATE segment SET name = $3, filter = $4::jsonb, updated_at = now() WHERE workspace_id = $1 AND id = $2
       RETURNING ${COLUMNS}`,
      [workspaceId, id, s.name, JSON.stringify(s.filter)],
    );
    return row;
  }

  async nameTaken(em: EntityManager, workspaceId: string, name: string, exceptId: string): Promise<boolean> {
    const rows = await sqlRows<{ id: string }>(
      em,
      `SELECT id FROM segment WHERE workspace_id = $1 AND name = $2 AND id <> $3`,
      [workspaceId, name, exceptId],
    );
    return rows.length > 0;
  }

  async delete(em: EntityManager, workspaceId: string, id: string): Promise<boolean> {
    const rows = await sqlRows<{ id: string }>(
      em,
      `DELETE FROM segment WHERE workspace_id = $1 AND id = $2 RETURNING id`,
      [workspaceId, id],
    );
    return rows.length > 0;
  }

  /** How many of these tags and channels exist in the workspace. */
  async countReferences(
    em: EntityManager,
    workspaceId: string,
    tagIds: string[],
    channelIds: string[],
  ): Promise<{ tags: number; channels: number }> {
    const [row] = await sqlRows<{ tags: number; channels: number }>(
      em,
      `SELECT (SELECT count(*) FROM tag WHERE workspace_id = $1 AND id = ANY($2::uuid[]))::int AS tags,
              (SELECT count(*) FROM channel WHERE workspace_id = $1 AND id = ANY($3::uuid[]))::int AS channels`,
      [workspaceId, tagIds, channelIds],
    );
    return row!;
  }

  /** Contacts the filter matches (merged-away contacts never), newest first, keyset on (created_at, id). */
  members(
    em: EntityManager,
    workspaceId: string,
    filter: SegmentFilter,
    after: ExactKeysetPosition | undefined,
    limit: number,
  ): Promise<MemberRow[]> {
    const params: unknown[] = [workspaceId];
    const predicate = compileSegmentFilter(filter, params, 'ct');
    let keyset = '';
    if (after) {
      params.push(after.at, after.id);
      keyset = `AND (ct.created_at, ct.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
    }
    params.push(limit);
    return sqlRows<MemberRow>(
      em,
      `SELECT ct.id, ct.name, ct.lifecycle_stage, ct.attributes, ct.last_seen_at, ct.created_at,
              to_json(ct.created_at)#>>'{}' AS created_key,
              (SELECT array_agg(t.name ORDER BY t.name) FROM contact_tag x
                 JOIN tag t ON t.id = x.tag_id AND t.workspace_id = x.workspace_id
                WHERE x.workspace_id = ct.workspace_id AND x.contact_id = ct.id) AS tags
         FROM contact ct
        WHERE ct.workspace_id = $1 AND ct.merged_into_id IS NULL AND ${predicate} ${keyset}
        ORDER BY ct.created_at DESC, ct.id DESC
        LIMIT $${params.length}`,
      params,
    );
  }
}
