import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import { mergeByKey } from '@scrm/common';
import { prepared, sqlRows, type LifecycleStage } from '@scrm/database';
import type { AttributeValue } from './attribute-value';

export interface HandleInput {
  workspaceId: string;
  channelType: string;
  scopeKey: string;
  platformUserId: string;
  displayName: string | null;
  avatarUrl: string | null;
  /** Public profile facts (X); null when the platform did not say — the stored value is kept. */
  verified?: boolean | null;
  followersCount?: number | null;
  seenAt: Date;
  /** The WeChat unionid the platform reported for this handle, if any; never erased by a null. */
  unionId?: string | null;
}

export interface ResolvedHandle extends HandleInput {
  identityId: string;
  contactId: string;
  contactCreated: boolean;
}

export interface ContactRow {
  id: string;
  name: string | null;
  avatar_url: string | null;
  last_seen_at: Date | null;
  merged_into_id: string | null;
  erased_at: Date | null;
  lifecycle_stage: LifecycleStage;
  attributes: Record<string, AttributeValue>;
  created_at: Date;
  updated_at: Date;
}

export interface IdentityRow {
  id: string;
  contact_id: string;
  channel_type: string;
  scope_key: string;
  platform_user_id: string;
  display_name: string | null;
  avatar_url: string | null;
  verified: boolean | null;
  followers_count: number | null;
  created_at: Date;
}

const IDENTITY_COLUMNS =
  'id, contact_id, channel_type, scope_key, platform_user_id, display_name, avatar_url, verified, followers_count, created_at';

export function handleKey(h: Pick<HandleInput, 'workspaceId' | 'channelType' | 'scopeKey' | 'platformUserId'>): string {
  return `${h.workspaceId}\u0000${h.channelType}\u0000${h.scopeKey}\u0000${h.platformUserId}`;
}

/**
 * One input per distinct handle of a batch: the most recently seen one, with each profile fact a
 * later message left out (a null) taken from an earlier one, so a batch keeps what separate batches
 * would have kept (the upsert never erases a stored value with a null).
 */
export function latestOfEachHandle(handles: HandleInput[]): Map<string, HandleInput> {
  return mergeByKey(handles, handleKey, (held, h) => {
    const [older, newer] = held.seenAt < h.seenAt ? [held, h] : [h, held];
    return {
      ...newer,
      displayName: newer.displayName ?? older.displayName,
      avatarUrl: newer.avatarUrl ?? older.avatarUrl,
      verified: newer.verified ?? older.verified ?? null,
      followersCount: newer.followersCount ?? older.followersCount ?? null,
      unionId: newer.unionId ?? older.unionId ?? null,
    };
  });
}

@Injectable()
export class IdentityRepository {
  /** Live contacts other than `contactId` that hold an identity with this unionid, oldest first. */
  contactsWithUnionId(em: EntityManager, workspaceId: string, unionId: string, contactId: string): Promise<string[]> {
    return sqlRows<{ contact_id: string }>(
      em,
      `SELECT i.contact_id FROM identity i JOIN contact c ON c.id = i.contact_id AND c.workspace_id = i.workspace_id
        WHERE i.workspace_id = $1 AND i.union_id = $2 AND i.contact_id <> $3 AND c.merged_into_id IS NULL
          AND c.erased_at IS NULL
        GROUP BY i.contact_id ORDER BY min(c.created_at), i.contact_id`,
      [workspaceId, unionId, contactId],
    ).then((rows) => rows.map((r) => r.contact_id));
  }

  /**
   * Of these identities, the ones whose unionid another live contact of their workspace also holds, in
   * one statement for a whole batch (most unionids are held by one contact only).
   */
  async identitiesWithSharedUnionId(
    em: EntityManager,
    handles: { workspaceId: string; identityId: string; unionId: string }[],
  ): Promise<Set<string>> {
    if (handles.length === 0) return new Set();
    const rows = await sqlRows<{ id: string }>(
      em,
      `SELECT cur.id FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS h(workspace_id, identity_id, union_id)
         JOIN identity cur ON cur.workspace_id = h.workspace_id AND cur.id = h.identity_id
        WHERE EXISTS (
          SELECT 1 FROM identity i JOIN contact c ON c.id = i.contact_id AND c.workspace_id = i.workspace_id
           WHERE i.workspace_id = h.workspace_id AND i.union_id = h.union_id AND i.contact_id <> cur.contact_id
             AND c.merged_into_id IS NULL AND c.erased_at IS NULL)`,
      [handles.map((h) => h.workspaceId), handles.map((h) => h.identityId), handles.map((h) => h.unionId)],
    );
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Finds or creates the identity (and, for a new handle, its contact) of every distinct handle in one
   * round trip each. Handles are sorted so concurrent batches lock rows in the same order.
   */
  async resolveHandles(em: EntityManager, handles: HandleInput[]): Promise<Map<string, ResolvedHandle>> {
    const distinct = latestOfEachHandle(handles);
    const list = [...distinct.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, h]) => h);
    const proposedContact = list.map(() => randomUUID());
    const rows = await sqlRows<{
      id: string;
      contact_id: string;
      workspace_id: string;
      channel_type: string;
      scope_key: string;
      platform_user_id: string;
      inserted: boolean;
    }>(
      em,
      prepared(`INSERT INTO identity (workspace_id, contact_id, channel_type, scope_key, platform_user_id, display_name, avatar_url,
                             verified, followers_count, union_id)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                            $8::boolean[], $9::int[], $10::text[])
       ON CONFLICT (workspace_id, channel_type, scope_key, platform_user_id) DO UPDATE
         SET display_name = COALESCE(EXCLUDED.display_name, identity.display_name),
             union_id = COALESCE(EXCLUDED.union_id, identity.union_id),
             avatar_url = COALESCE(EXCLUDED.avatar_url, identity.avatar_url),
             verified = COALESCE(EXCLUDED.verified, identity.verified),
             followers_count = COALESCE(EXCLUDED.followers_count, identity.followers_count),
             updated_at = CASE WHEN identity.display_name IS DISTINCT FROM COALESCE(EXCLUDED.display_name, identity.display_name)
                                 OR identity.avatar_url IS DISTINCT FROM COALESCE(EXCLUDED.avatar_url, identity.avatar_url)
                                 OR identity.verified IS DISTINCT FROM COALESCE(EXCLUDED.verified, identity.verified)
                                 OR identity.followers_count IS DISTINCT FROM COALESCE(EXCLUDED.followers_count, identity.followers_count)
                               THEN now() ELSE identity.updated_at END
       RETURNING id, contact_id, workspace_id, channel_type, scope_key, platform_user_id, (xmax = 0) AS inserted`),
      [
        list.map((h) => h.workspaceId),
        proposedContact,
        list.map((h) => h.channelType),
        list.map((h) => h.scopeKey),
        list.map((h) => h.platformUserId),
        list.map((h) => h.displayName),
        list.map((h) => h.avatarUrl),
        list.map((h) => h.verified ?? null),
        list.map((h) => h.followersCount ?? null),
        list.map((h) => h.unionId ?? null),
      ],
    );
    const result = new Map<string, ResolvedHandle>();
    const created: ResolvedHandle[] = [];
    for (const r of rows) {
      const key = handleKey({
        workspaceId: r.workspace_id,
        channelType: r.channel_type,
        scopeKey: r.scope_key,
        platformUserId: r.platform_user_id,
      });
      const input = distinct.get(key)!;
      const resolved = { ...input, identityId: r.id, contactId: r.contact_id, contactCreated: r.inserted };
      result.set(key, resolved);
      if (r.inserted) created.push(resolved);
    }
    if (created.length > 0) {
      await em.query(
        `INSERT INTO contact (id, workspace_id, name, avatar_url, last_seen_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::timestamptz[])`,
        [
          created.map((c) => c.contactId),
          created.map((c) => c.workspaceId),
          created.map((c) => c.displayName),
          created.map((c) => c.avatarUrl),
          created.map((c) => c.seenAt.toISOString()),
        ],
      );
    }
    const seen = [...result.values()].filter((r) => !r.contactCreated);
    if (seen.length > 0) {
      await em.query(
        prepared(`UPDATE contact c SET last_seen_at = GREATEST(c.last_seen_at, v.seen),
                              name = COALESCE(c.name, v.name)
           FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[]) AS v(id, ws, seen, name)
          WHERE c.id = v.id AND c.workspace_id = v.ws`),
        [
          seen.map((s) => s.contactId),
          seen.map((s) => s.workspaceId),
          seen.map((s) => s.seenAt.toISOString()),
          seen.map((s) => s.displayName),
        ],
      );
    }
    return result;
  }

  async findContact(em: EntityManager, workspaceId: string, contactId: string): Promise<ContactRow | undefined> {
    const [row] = await sqlRows<ContactRow>(
      em,
      `SELECT id, name, avatar_url, last_seen_at, merged_into_id, erased_at, lifecycle_stage, attributes, created_at, updated_at
         FROM contact WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, contactId],
    );
    return row;
  }

  identitiesOf(em: EntityManager, workspaceId: string, contactId: string): Promise<IdentityRow[]> {
    return sqlRows<IdentityRow>(
      em,
      `SELECT ${IDENTITY_COLUMNS}
         FROM identity WHERE workspace_id = $1 AND contact_id = $2 ORDER BY created_at, id`,
      [workspaceId, contactId],
    );
  }

  async findIdentity(em: EntityManager, workspaceId: string, identityId: string): Promise<IdentityRow | undefined> {
    const [row] = await sqlRows<IdentityRow>(
      em,
      `SELECT ${IDENTITY_COLUMNS}
         FROM identity WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, identityId],
    );
    return row;
  }

  /** The identity holding this address or number in the workspace, locked for the caller's transaction. */
  async findByValue(
    em: EntityManager,
    workspaceId: string,
    channelType: string,
    value: string,
  ): Promise<IdentityRow | undefined> {
    const [row] = await sqlRows<IdentityRow>(
      em,
      `SELECT ${IDENTITY_COLUMNS} FROM identity
        WHERE workspace_id = $1 AND channel_type = $2 AND scope_key = '' AND platform_user_id = $3 FOR UPDATE`,
      [workspaceId, channelType, value],
    );
    return row;
  }

  /** Adds an email or phone identity; undefined when another transaction stored the same value first. */
  async insertValue(
    em: EntityManager,
    workspaceId: string,
    contactId: string,
    channelType: string,
    value: string,
    verified: boolean,
  ): Promise<IdentityRow | undefined> {
    const [row] = await sqlRows<IdentityRow>(
      em,
      `INSERT INTO identity (workspace_id, contact_id, channel_type, scope_key, platform_user_id, verified)
       VALUES ($1, $2, $3, '', $4, $5)
       ON CONFLICT (workspace_id, channel_type, scope_key, platform_user_id) DO NOTHING
       RETURNING ${IDENTITY_COLUMNS}`,
      [workspaceId, contactId, channelType, value, verified],
    );
    return row;
  }

  async setVerified(em: EntityManager, workspaceId: string, identityId: string, verified: boolean): Promise<void> {
    await em.query(
      `UPDATE identity SET verified = $3, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 AND verified IS DISTINCT FROM $3`,
      [workspaceId, identityId, verified],
    );
  }

  async deleteIdentity(em: EntityManager, workspaceId: string, identityId: string): Promise<void> {
    await em.query(`DELETE FROM identity WHERE workspace_id = $1 AND id = $2`, [workspaceId, identityId]);
  }
}
