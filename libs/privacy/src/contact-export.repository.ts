import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';
import { CONTACT_SCOPE_SQL } from './contact-scope';

export interface ExportContactRow {
  id: string;
  name: string | null;
  avatar_url: string | null;
  last_seen_at: Date | null;
  merged_into_id: string | null;
  erased_at: Date | null;
  created_at: Date;
}

export interface ExportIdentityRow {
  id: string;
  contact_id: string;
  channel_type: string;
  scope_key: string;
  platform_user_id: string;
  display_name: string | null;
  avatar_url: string | null;
  created_at: Date;
}

export interface ExportConversationRow {
  id: string;
  contact_id: string | null;
  channel_id: string;
  thread_key: string;
  is_group: boolean;
  subject: string | null;
  status: string;
  created_at: Date;
  last_message_at: Date;
}

export interface ExportMessageRow {
  id: string;
  conversation_id: string;
  channel_id: string;
  direction: 'in' | 'out';
  author_identity_id: string | null;
  author_user_id: string | null;
  text: string;
  attachments: unknown[];
  sent_at: Date;
  delivery_status: string | null;
  sentiment_label: string | null;
  sentiment_score: number | null;
  erased_at: Date | null;
}

export interface ExportTimelineRow {
  id: string;
  contact_id: string | null;
  conversation_id: string | null;
  message_id: string | null;
  kind: string;
  actor_user_id: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
}

export interface ExportNoteRow {
  id: string;
  conversation_id: string;
  author_user_id: string;
  text: string;
  created_at: Date;
}

export interface ExportCorrectionRow {
  id: string;
  message_id: string;
  user_id: string;
  old_label: string | null;
  new_label: string;
  created_at: Date;
}

export interface ExportMergeRow {
  id: string;
  surviving_contact_id: string;
  absorbed_contact_id: string;
  actor_user_id: string | null;
  surviving_before: Record<string, unknown>;
  surviving_after: Record<string, unknown>;
  absorbed_before: Record<string, unknown>;
  created_at: Date;
  undone_at: Date | null;
}

export interface ContactData {
  contacts: ExportContactRow[];
  identities: ExportIdentityRow[];
  conversations: ExportConversationRow[];
  messages: ExportMessageRow[];
  timeline: ExportTimelineRow[];
  notes: ExportNoteRow[];
  corrections: ExportCorrectionRow[];
  merges: ExportMergeRow[];
}

/** Reads everything Murmur holds about one person, in one snapshot. */
@Injectable()
export class ContactExportRepository {
  /** Call first thing in a transaction: every read below then sees the same snapshot. */
  async read(em: EntityManager, workspaceId: string, contactId: string): Promise<ContactData | undefined> {
    await em.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const ids = (await sqlRows<{ id: string }>(em, CONTACT_SCOPE_SQL, [workspaceId, contactId])).map((r) => r.id);
    if (ids.length === 0) return undefined;
    const contacts = await sqlRows<ExportContactRow>(
      em,
      `SELECT id, name, avatar_url, last_seen_at, merged_into_id, erased_at, created_at FROM contact
        WHERE workspace_id = $1 AND id = ANY($2::uuid[]) ORDER BY created_at, id`,
      [workspaceId, ids],
    );
    const identities = await sqlRows<ExportIdentityRow>(
      em,
      `SELECT id, contact_id, channel_type, scope_key, platform_user_id, display_name, avatar_url, created_at
         FROM identity WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[]) ORDER BY created_at, id`,
      [workspaceId, ids],
    );
    const conversations = await sqlRows<ExportConversationRow>(
      em,
      `SELECT id, contact_id, channel_id, thread_key, is_group, subject, status, created_at, last_message_at
         FROM conversation WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[]) ORDER BY created_at, id`,
      [workspaceId, ids],
    );
    const conversationIds = conversations.map((c) => c.id);
    // Their own conversations, plus what they wrote in group conversations.
    const messages = await sqlRows<ExportMessageRow>(
      em,
      `SELECT id, conversation_id, channel_id, direction, author_identity_id, author_user_id, text, attachments, sent_at,
              delivery_status, sentiment_label, sentiment_score, erased_at
         FROM message
        WHERE workspace_id = $1 AND (conversation_id = ANY($2::uuid[]) OR author_identity_id = ANY($3::uuid[]))
        ORDER BY sent_at, id`,
      [workspaceId, conversationIds, identities.map((i) => i.id)],
    );
    const timeline = await sqlRows<ExportTimelineRow>(
      em,
      `SELECT id, contact_id, conversation_id, message_id, kind, actor_user_id, data, occurred_at FROM timeline_event
        WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[]) ORDER BY occurred_at, id`,
      [workspaceId, ids],
    );
    const notes = await sqlRows<ExportNoteRow>(
      em,
      `SELECT id, conversation_id, author_user_id, text, created_at FROM conversation_note
        WHERE workspace_id = $1 AND conversation_id = ANY($2::uuid[]) ORDER BY created_at, id`,
      [workspaceId, conversationIds],
    );
    const corrections = await sqlRows<ExportCorrectionRow>(
      em,
      `SELECT id, message_id, user_id, old_label, new_label, created_at FROM sentiment_correction
        WHERE workspace_id = $1 AND message_id = ANY($2::uuid[]) ORDER BY created_at, id`,
      [workspaceId, messages.map((m) => m.id)],
    );
    const merges = await sqlRows<ExportMergeRow>(
      em,
      `SELECT id, surviving_contact_id, absorbed_contact_id, actor_user_id, surviving_before, surviving_after,
              absorbed_before, created_at, undone_at
         FROM contact_merge
        WHERE workspace_id = $1 AND (surviving_contact_id = ANY($2::uuid[]) OR absorbed_contact_id = ANY($2::uuid[]))
        ORDER BY created_at, id`,
      [workspaceId, ids],
    );
    return { contacts, identities, conversations, messages, timeline, notes, corrections, merges };
  }
}
