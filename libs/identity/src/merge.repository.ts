import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows, type LifecycleStage } from '@scrm/database';
import type { AttributeValue } from './attribute-value';

export interface ContactFields {
  name: string | null;
  avatar_url: string | null;
  last_seen_at: string | null;
  /** Absent in merges recorded before contacts had a lifecycle stage and attributes. */
  lifecycle_stage?: LifecycleStage;
  attributes?: Record<string, AttributeValue>;
}

export interface LockedContact extends ContactFields {
  id: string;
  merged_into_id: string | null;
  erased: boolean;
}

export interface MergeRow {
  id: string;
  surviving_contact_id: string;
  absorbed_contact_id: string;
  actor_user_id: string | null;
  surviving_before: ContactFields;
  surviving_after: ContactFields;
  absorbed_before: ContactFields;
  identity_ids: string[];
  conversation_ids: string[];
  timeline_event_ids: string[];
  tag_ids_added: string[];
  created_at: Date;
  undone_at: Date | null;
}

export interface NewMerge {
  workspaceId: string;
  survivingContactId: string;
  absorbedContactId: string;
  /** Null for an automatic merge. */
  actorUserId: string | null;
  survivingBefore: ContactFields;
  survivingAfter: ContactFields;
  absorbedBefore: ContactFields;
}

/** Moves of identities, conversations and timeline events between contacts, and the merge records. */
@Injectable()
export class MergeRepository {
  /** Locks both contacts in id order, so two merges of the same pair cannot interleave. */
  lockContacts(em: EntityManager, workspaceId: string, ids: string[]): Promise<LockedContact[]> {
    return sqlRows<LockedContact>(
      em,
      `SELECT id, name, avatar_url, to_json(last_seen_at)#>>'{}' AS last_seen_at, merged_into_id, lifecycle_stage, attributes,
              erased_at IS NOT NULL AS erased
         FROM contact WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
      [workspaceId, ids],
    );
  }

  /** Moves everything of `from` to `to`; returns what moved so un-merge can send it back. */
  async moveAll(
    em: EntityManager,
    workspaceId: string,
    from: string,
    to: string,
  ): Promise<{ identityIds: string[]; conversationIds: string[]; timelineEventIds: string[] }> {
    const ids = async (table: string): Promise<string[]> =>
      (
        await sqlRows<{ id: string }>(
          em,
          `UPDATE ${table} SET contact_id = $3 WHERE workspace_id = $1 AND contact_id = $2 RETURNING id`,
          [workspaceId, from, to],
        )
      ).map((r) => r.id);
    return {
      identityIds: await ids('identity'),
      conversationIds: await ids('conversation'),
      timelineEventIds: await ids('timeline_event'),
    };
  }

  async setFields(
    em: EntityManager,
    workspaceId: string,
    contactId: string,
    f: ContactFields,
    mergedIntoId: string | null,
  ): Promise<void> {
    await em.query(
      `UPDATE contact SET name = $3, avatar_url = $4, last_seen_at = $5::timestamptz, merged_into_id = $6,
                          lifecycle_stage = COALESCE($7, lifecycle_stage), attributes = COALESCE($8::jsonb, attributes),
                          updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [
        workspaceId,
        contactId,
        f.name,
        f.avatar_url,
        f.last_seen_at,
        mergedIntoId,
        f.lifecycle_stage ?? null,
        f.attributes === undefined ? null : JSON.stringify(f.attributes),
      ],
    );
  }

  /**
   * Puts the absorbed contact's tags on the survivor too (the absorbed contact keeps its own, for
   * un-merge); returns the tags the survivor did not have.
   */
  async copyTags(em: EntityManager, workspaceId: string, from: string, to: string): Promise<string[]> {
    const rows = await sqlRows<{ tag_id: string }>(
      em,
      `INSERT INTO contact_tag (workspace_id, contact_id, tag_id)
       SELECT workspace_id, $3, tag_id FROM contact_tag WHERE workspace_id = $1 AND contact_id = $2
       ON CONFLICT DO NOTHING RETURNING tag_id`,
      [workspaceId, from, to],
    );
    return rows.map((r) => r.tag_id);
  }

  async removeTags(em: EntityManager, workspaceId: string, contactId: string, tagIds: string[]): Promise<void> {
    await em.query(`DELETE FROM contact_tag WHERE workspace_id = $1 AND contact_id = $2 AND tag_id = ANY($3::uuid[])`, [
      workspaceId,
      contactId,
      tagIds,
    ]);
  }

  async insertMerge(
    em: EntityManager,
    m: NewMerge,
    moved: { identityIds: string[]; conversationIds: string[]; timelineEventIds: string[]; tagIdsAdded: string[] },
  ): Promise<MergeRow> {
    const [row] = await sqlRows<MergeRow>(
      em,
      `INSERT INTO contact_merge (workspace_id, surviving_contact_id, absorbed_contact_id, actor_user_id, surviving_before,
                                  surviving_after, absorbed_before, identity_ids, conversation_ids, timeline_event_ids,
                                  tag_ids_added)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::uuid[], $9::uuid[], $10::uuid[], $11::uuid[]) RETURNING *`,
      [
        m.workspaceId,
        m.survivingContactId,
        m.absorbedContactId,
        m.actorUserId,
        JSON.stringify(m.survivingBefore),
        JSON.stringify(m.survivingAfter),
        JSON.stringify(m.absorbedBefore),
        moved.identityIds,
        moved.conversationIds,
        moved.timelineEventIds,
        moved.tagIdsAdded,
      ],
    );
    return row!;
  }

  async findMerge(
    em: EntityManager,
    workspaceId: string,
    mergeId: string,
    lock = false,
  ): Promise<MergeRow | undefined> {
    const [row] = await sqlRows<MergeRow>(
      em,
      `SELECT * FROM contact_merge WHERE workspace_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [workspaceId, mergeId],
    );
    return row;
  }

  mergesOf(em: EntityManager, workspaceId: string, contactId: string): Promise<MergeRow[]> {
    return sqlRows<MergeRow>(
      em,
      `SELECT * FROM contact_merge WHERE workspace_id = $1 AND (surviving_contact_id = $2 OR absorbed_contact_id = $2)
        ORDER BY created_at DESC, id DESC`,
      [workspaceId, contactId],
    );
  }

  /**
   * Sends back to the absorbed contact what belongs to it: its identities, the conversations it had
   * plus any started since by one of its identities, and the timeline of those (merge markers stay).
   */
  async moveBack(
    em: EntityManager,
    workspaceId: string,
    m: MergeRow,
  ): Promise<{ identities: number; conversations: number }> {
    const from = m.surviving_contact_id;
    const to = m.absorbed_contact_id;
    const identities = await sqlRows<{ id: string }>(
      em,
      `UPDATE identity SET contact_id = $3 WHERE workspace_id = $1 AND contact_id = $2 AND id = ANY($4::uuid[]) RETURNING id`,
      [workspaceId, from, to, m.identity_ids],
    );
    const conversations = await sqlRows<{ id: string }>(
      em,
      `UPDATE conversation c SET contact_id = $3
        WHERE c.workspace_id = $1 AND c.contact_id = $2
          AND (c.id = ANY($4::uuid[])
               OR EXISTS (SELECT 1 FROM message m WHERE m.workspace_id = $1 AND m.conversation_id = c.id
                                                  AND m.author_identity_id = ANY($5::uuid[])))
        RETURNING c.id`,
      [workspaceId, from, to, m.conversation_ids, m.identity_ids],
    );
    await em.query(
      `UPDATE timeline_event t SET contact_id = $3
        WHERE t.workspace_id = $1 AND t.contact_id = $2 AND t.kind NOT IN ('contact.merged', 'contact.unmerged')
          AND (t.id = ANY($4::uuid[]) OR t.conversation_id = ANY($5::uuid[])
               OR EXISTS (SELECT 1 FROM message m WHERE m.workspace_id = $1 AND m.id = t.message_id
                                                  AND m.author_identity_id = ANY($6::uuid[])))`,
      [workspaceId, from, to, m.timeline_event_ids, conversations.map((c) => c.id), m.identity_ids],
    );
    return { identities: identities.length, conversations: conversations.length };
  }

  /** The latest inbound message time of these identities (for last-seen after un-merge). */
  async lastInboundAt(em: EntityManager, workspaceId: string, identityIds: string[]): Promise<string | null> {
    const [row] = await sqlRows<{ at: string | null }>(
      em,
      `SELECT to_json(max(sent_at))#>>'{}' AS at FROM message
        WHERE workspace_id = $1 AND direction = 'in' AND author_identity_id = ANY($2::uuid[])`,
      [workspaceId, identityIds],
    );
    return row?.at ?? null;
  }

  /** Whether a merge of these two contacts (either way round) was undone: an automatic merge then stays undone. */
  async wasUndone(em: EntityManager, workspaceId: string, a: string, b: string): Promise<boolean> {
    const rows = await sqlRows<{ id: string }>(
      em,
      `SELECT id FROM contact_merge WHERE workspace_id = $1 AND undone_at IS NOT NULL
          AND ((surviving_contact_id = $2 AND absorbed_contact_id = $3) OR (surviving_contact_id = $3 AND absorbed_contact_id = $2))
        LIMIT 1`,
      [workspaceId, a, b],
    );
    return rows.length > 0;
  }

  async markUndone(em: EntityManager, workspaceId: string, mergeId: string, userId: string): Promise<void> {
    await em.query(
      `UPDATE contact_merge SET undone_at = now(), undone_by_user_id = $3 WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, mergeId, userId],
    );
  }

  async oldestOf(em: EntityManager, workspaceId: string, ids: string[]): Promise<string | undefined> {
    const [row] = await sqlRows<{ id: string }>(
      em,
      `SELECT id FROM contact WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY created_at, id LIMIT 1`,
      [workspaceId, ids],
    );
    return row?.id;
  }
}
