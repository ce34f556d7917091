import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { prepared, sqlRows, type MessageAttachment } from '@scrm/database';
import { MESSAGE_VIEW_FIELDS, messageViewSelect, type MessageRow } from '@scrm/inbox';

export interface InboundSentiment {
  label: string;
  score: number;
  confidence: number;
  language: string;
  model: string;
}

export interface NewInboundMessage {
  id: string;
  workspaceId: string;
  conversationId: string;
  channelId: string;
  direction: 'in' | 'out';
  authorIdentityId: string;
  /** The author's contact: the one whose timeline shows the message. */
  contactId: string;
  text: string;
  attachments: MessageAttachment[];
  platformMessageId: string;
  sentAt: Date;
  /** Scored before the insert, so the message is never visible without it. Null for outbound echoes. */
  sentiment: InboundSentiment | null;
  reach: number | null;
}

/**
 * Stores a batch of inbound messages in one statement: each message once (a platform message id seen
 * before is skipped, not duplicated), and with each stored one its `message` event on its contact's
 * timeline and, for a customer's message, its row in the crisis detection outbox (`crisis_pending`),
 * so none of the three exists without the others.
 */
@Injectable()
export class InboundMessageRepository {
  /** Returns the stored messages as a view reads them (with the author's name), in no set order. */
  async insert(em: EntityManager, rows: NewInboundMessage[]): Promise<MessageRow[]> {
    if (rows.length === 0) return [];
    return sqlRows<MessageRow>(
      em,
      prepared(`WITH x AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::uuid[], $8::text[],
                              $9::text[], $10::text[], $11::timestamptz[], $12::text[], $13::real[], $14::real[], $15::text[],
                              $16::text[], $17::int[])
           AS x(id, ws, conv, ch, dir, author, contact, txt, att, pid, sent, sl, ss, sc, slang, sm, reach)
       ), stored AS (
         INSERT INTO message (id, workspace_id, conversation_id, channel_id, direction, author_identity_id, text, attachments,
                              platform_message_id, sent_at, sentiment_label, sentiment_score, sentiment_confidence,
                              sentiment_language, sentiment_model, reach)
         SELECT id, ws, conv, ch, dir, author, txt, att::jsonb, pid, sent, sl, ss, sc, slang, sm, reach FROM x
         ON CONFLICT (workspace_id, channel_id, platform_message_id) DO NOTHING
         RETURNING ${MESSAGE_VIEW_FIELDS.join(', ')}
       ), outbox AS (
         INSERT INTO crisis_pending (workspace_id, item_id, kind)
         SELECT workspace_id, id, 'message' FROM stored WHERE direction = 'in'
         ON CONFLICT DO NOTHING
       ), events AS (
         INSERT INTO timeline_event (workspace_id, contact_id, conversation_id, message_id, kind, data, occurred_at)
         SELECT s.workspace_id, x.contact, s.conversation_id, s.id, 'message', jsonb_build_object('direction', s.direction), s.sent_at
           FROM stored s JOIN x ON x.ws = s.workspace_id AND x.id = s.id
         ON CONFLICT DO NOTHING
       )
       ${messageViewSelect('stored')}`),
      [
        rows.map((r) => r.id),
        rows.map((r) => r.workspaceId),
        rows.map((r) => r.conversationId),
        rows.map((r) => r.channelId),
        rows.map((r) => r.direction),
        rows.map((r) => r.authorIdentityId),
        rows.map((r) => r.contactId),
        rows.map((r) => r.text),
        rows.map((r) => JSON.stringify(r.attachments)),
        rows.map((r) => r.platformMessageId),
        rows.map((r) => r.sentAt.toISOString()),
        rows.map((r) => r.sentiment?.label ?? null),
        rows.map((r) => r.sentiment?.score ?? null),
        rows.map((r) => r.sentiment?.confidence ?? null),
        rows.map((r) => r.sentiment?.language ?? null),
        rows.map((r) => r.sentiment?.model ?? null),
        rows.map((r) => r.reach),
      ],
    );
  }
}
