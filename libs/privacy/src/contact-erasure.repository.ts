import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';
import { CONTACT_SCOPE_SQL, storedAttachmentIds } from './contact-scope';

/**
 * Timeline payload keys that hold only ids, enums and counts; everything else (words a listening hit
 * quoted, a platform thread key, a URL) goes when the contact is erased.
 */
const ID_ONLY_TIMELINE_KEYS = [
  'direction',
  'from',
  'to',
  'reason',
  'auto',
  'labelIds',
  'noteId',
  'mentionedUserIds',
  'mergeId',
  'survivingContactId',
  'absorbedContactId',
  'identitiesMoved',
  'conversationsMoved',
  'channelId',
];

export interface ErasureTarget {
  id: string;
  merged_into_id: string | null;
  erased_at: Date | null;
}

export interface ErasureCounts {
  contactIds: string[];
  conversationIds: string[];
  identities: number;
  messages: number;
  attachments: number;
  notes: number;
  staged: number;
  erasedAt: Date;
}

/** The writes of erasure, each inside the caller's transaction. */
@Injectable()
export class ContactErasureRepository {
  async lockTarget(em: EntityManager, workspaceId: string, contactId: string): Promise<ErasureTarget | undefined> {
    const [row] = await sqlRows<ErasureTarget>(
      em,
      `SELECT id, merged_into_id, erased_at FROM contact WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [workspaceId, contactId],
    );
    return row;
  }

  /**
   * Removes or anonymises every piece of personal data of the contact and of any contact merged into
   * it. The identities are locked first: ingest upserts the same rows, so a message from this person
   * either lands before (and is erased here) or waits and then finds no identity and starts afresh.
   */
  async erase(em: EntityManager, workspaceId: string, contactId: string): Promise<ErasureCounts> {
    const contactIds = (await sqlRows<{ id: string }>(em, CONTACT_SCOPE_SQL, [workspaceId, contactId])).map(
      (r) => r.id,
    );
    await em.query(`SELECT id FROM contact WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`, [
      workspaceId,
      contactIds,
    ]);
    const identities = await sqlRows<{ id: string; channel_type: string; scope_key: string; platform_user_id: string }>(
      em,
      `SELECT id, channel_type, scope_key, platform_user_id FROM identity
        WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[]) ORDER BY id FOR UPDATE`,
      [workspaceId, contactIds],
    );
    const identityIds = identities.map((i) => i.id);

    // Inbound messages from their handles still waiting for ingest (their files are stored already).
    const staged = await sqlRows<{ attachments: unknown }>(
      em,
      `DELETE FROM inbound_event e
         USING unnest($2::text[], $3::text[], $4::text[]) AS h(channel_type, scope_key, platform_user_id)
        WHERE e.workspace_id = $1 AND e.payload->>'channelType' = h.channel_type
          AND (h.scope_key = '' OR e.channel_id::text = h.scope_key)
          AND e.payload->'message'->'sender'->>'platformUserId' = h.platform_user_id
       RETURNING e.payload->'message'->'attachments' AS attachments`,
      [
        workspaceId,
        identities.map((i) => i.channel_type),
        identities.map((i) => i.scope_key),
        identities.map((i) => i.platform_user_id),
      ],
    );

    // The handle is replaced by a value derived from nothing but the row's own id: the next message
    // from the same handle finds no identity and starts a new contact.
    await em.query(
      `UPDATE identity SET platform_user_id = 'erased:' || id::text, display_name = NULL, avatar_url = NULL,
              union_id = NULL, verified = NULL, followers_count = NULL, updated_at = now()
        WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [workspaceId, identityIds],
    );

    const conversationIds = (
      await sqlRows<{ id: string }>(
        em,
        `UPDATE conversation SET subject = NULL, thread_key = 'erased:' || id::text, erased_at = now(), updated_at = now()
          WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[]) RETURNING id`,
        [workspaceId, contactIds],
      )
    ).map((r) => r.id);

    // Rows stay, with their sentiment, so counts and trends do not change; the words and files go.
    // A reply still waiting to be sent is failed rather than sent to a handle that no longer exists.
    const messages = await sqlRows<{ id: string; attachments: unknown }>(
      em,
      `WITH old AS (
         SELECT id, attachments FROM message
          WHERE workspace_id = $1 AND (conversation_id = ANY($2::uuid[]) OR author_identity_id = ANY($3::uuid[]))
          FOR UPDATE
       ), upd AS (
         UPDATE message m SET text = '', attachments = '[]'::jsonb, platform_message_id = NULL, erased_at = now(),
                delivery_status = CASE WHEN m.delivery_status = 'pending' THEN 'failed' ELSE m.delivery_status END,
                delivery_error = CASE WHEN m.delivery_status = 'pending' THEN 'ERASED: the contact was erased' END
           FROM old WHERE m.workspace_id = $1 AND m.id = old.id
         RETURNING m.id
       )
       SELECT old.id, old.attachments FROM old JOIN upd ON upd.id = old.id`,
      [workspaceId, conversationIds, identityIds],
    );

    const attachmentIds = [...messages, ...staged].flatMap((m) => storedAttachmentIds(m.attachments));
    const attachments = await sqlRows<{ id: string }>(
      em,
      `DELETE FROM attachment WHERE workspace_id = $1 AND id = ANY($2::uuid[]) RETURNING id`,
      [workspaceId, attachmentIds],
    );

    const notes = await sqlRows<{ id: string }>(
      em,
      `DELETE FROM conversation_note WHERE workspace_id = $1 AND conversation_id = ANY($2::uuid[]) RETURNING id`,
      [workspaceId, conversationIds],
    );

    await em.query(
      `UPDATE timeline_event t
          SET data = (SELECT COALESCE(jsonb_object_agg(k, v), '{}'::jsonb) FROM jsonb_each(t.data) AS e(k, v)
                       WHERE k = ANY($4::text[])),
              platform_event_id = NULL
        WHERE t.workspace_id = $1 AND (t.contact_id = ANY($2::uuid[]) OR t.conversation_id = ANY($3::uuid[]))`,
      [workspaceId, contactIds, conversationIds, ID_ONLY_TIMELINE_KEYS],
    );

    // Merge records keep which contacts were merged, not what they were called.
    await em.query(
      `UPDATE contact_merge
          SET surviving_before = surviving_before || '{"name": null, "avatar_url": null}'::jsonb,
              surviving_after = surviving_after || '{"name": null, "avatar_url": null}'::jsonb,
              absorbed_before = absorbed_before || '{"name": null, "avatar_url": null}'::jsonb
        WHERE workspace_id = $1 AND (surviving_contact_id = ANY($2::uuid[]) OR absorbed_contact_id = ANY($2::uuid[]))`,
      [workspaceId, contactIds],
    );
    await em.query(
      `DELETE FROM merge_suggestion
        WHERE workspace_id = $1 AND status = 'pending' AND (contact_a_id = ANY($2::uuid[]) OR contact_b_id = ANY($2::uuid[]))`,
      [workspaceId, contactIds],
    );
    await em.query(
      `UPDATE merge_suggestion SET evidence = '{}'::jsonb
        WHERE workspace_id = $1 AND (contact_a_id = ANY($2::uuid[]) OR contact_b_id = ANY($2::uuid[]))`,
      [workspaceId, contactIds],
    );

    const [erased] = await sqlRows<{ erased_at: Date }>(
      em,
      `UPDATE contact SET name = NULL, avatar_url = NULL, attributes = '{}'::jsonb, erased_at = now(), updated_at = now()
        WHERE workspace_id = $1 AND id = ANY($2::uuid[]) RETURNING erased_at`,
      [workspaceId, contactIds],
    );
    // Tags and custom attribute values describe the person; the tags themselves stay in the workspace.
    await em.query(`DELETE FROM contact_tag WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[])`, [
      workspaceId,
      contactIds,
    ]);
    return {
      contactIds,
      conversationIds,
      identities: identityIds.length,
      messages: messages.length,
      attachments: attachments.length,
      notes: notes.length,
      staged: staged.length,
      erasedAt: erased!.erased_at,
    };
  }
}
