import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';
import type { DeliveryStatus, MessageAttachment } from '@scrm/database';

export interface MessageRow {
  id: string;
  workspace_id: string;
  conversation_id: string;
  channel_id: string;
  direction: 'in' | 'out';
  author_identity_id: string | null;
  author_user_id: string | null;
  author_name: string | null;
  text: string;
  attachments: MessageAttachment[];
  platform_message_id: string | null;
  sent_at: Date;
  created_at: Date;
  delivery_status: DeliveryStatus | null;
  delivery_error: string | null;
  sentiment_label: string | null;
  sentiment_score: number | null;
  sentiment_confidence: number | null;
  sentiment_language: string | null;
  sentiment_model: string | null;
  reach: number | null;
  erased_at: Date | null;
}

export interface NewOutboundMessage {
  workspaceId: string;
  conversationId: string;
  channelId: string;
  authorUserId: string;
  text: string;
  attachments: MessageAttachment[];
  sentAt: Date;
}

/** Every message column a view needs; not `m.*`, which would also fetch and parse the search vector. */
export const MESSAGE_VIEW_FIELDS = [
  'id',
  'workspace_id',
  'conversation_id',
  'channel_id',
  'direction',
  'author_identity_id',
  'author_user_id',
  'text',
  'attachments',
  'platform_message_id',
  'sent_at',
  'created_at',
  'delivery_status',
  'delivery_error',
  'sentiment_label',
  'sentiment_score',
  'sentiment_confidence',
  'sentiment_language',
  'sentiment_model',
  'reach',
  'erased_at',
] as const;

/**
 * The view of the messages in `source` (the `message` table or a statement's `RETURNING` rows, under
 * the alias `m`) with their author's name: `SELECT … FROM <source> m LEFT JOIN identity …`.
 */
export function messageViewSelect(source: string): string {
  return `SELECT ${MESSAGE_VIEW_FIELDS.map((f) => `m.${f}`).join(', ')}, i.display_name AS author_name
    FROM ${source} m LEFT JOIN identity i ON i.id = m.author_identity_id AND i.workspace_id = m.workspace_id`;
}

const VIEW_SELECT = messageViewSelect('message');

@Injectable()
export class MessageRepository {
  async insertOutbound(em: EntityManager, m: NewOutboundMessage): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      em,
      `INSERT INTO message (workspace_id, conversation_id, channel_id, direction, author_user_id, text, attachments, sent_at, delivery_status)
       VALUES ($1, $2, $3, 'out', $4, $5, $6::jsonb, $7, 'pending') RETURNING id`,
      [
        m.workspaceId,
        m.conversationId,
        m.channelId,
        m.authorUserId,
        m.text,
        JSON.stringify(m.attachments),
        m.sentAt.toISOString(),
      ],
    );
    return row!.id;
  }

  /** The platform id of the newest inbound message of a conversation (what a reply answers). */
  async latestInboundPlatformId(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
  ): Promise<string | undefined> {
    const [row] = await sqlRows<{ platform_message_id: string }>(
      em,
      `SELECT platform_message_id FROM message
        WHERE workspace_id = $1 AND conversation_id = $2 AND direction = 'in' AND platform_message_id IS NOT NULL
        ORDER BY sent_at DESC, id DESC LIMIT 1`,
      [workspaceId, conversationId],
    );
    return row?.platform_message_id;
  }

  /** Who wrote the newest inbound message of a conversation: their platform handle and contact. */
  async latestInboundAuthor(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
  ): Promise<{ platformUserId: string; contactId: string } | undefined> {
    const [row] = await sqlRows<{ platform_user_id: string; contact_id: string }>(
      em,
      `SELECT i.platform_user_id, i.contact_id FROM message m
         JOIN identity i ON i.id = m.author_identity_id AND i.workspace_id = m.workspace_id
        WHERE m.workspace_id = $1 AND m.conversation_id = $2 AND m.direction = 'in'
        ORDER BY m.sent_at DESC, m.id DESC LIMIT 1`,
      [workspaceId, conversationId],
    );
    return row ? { platformUserId: row.platform_user_id, contactId: row.contact_id } : undefined;
  }

  async find(em: EntityManager, workspaceId: string, messageId: string): Promise<MessageRow | undefined> {
    const [row] = await sqlRows<MessageRow>(em, `${VIEW_SELECT} WHERE m.workspace_id = $1 AND m.id = $2`, [
      workspaceId,
      messageId,
    ]);
    return row;
  }

  async findMany(em: EntityManager, workspaceId: string, ids: string[]): Promise<MessageRow[]> {
    if (ids.length === 0) return [];
    return sqlRows<MessageRow>(em, `${VIEW_SELECT} WHERE m.workspace_id = $1 AND m.id = ANY($2::uuid[])`, [
      workspaceId,
      ids,
    ]);
  }

  /** Newest first, keyset on (sent_at, id). */
  listForConversation(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    before: { at: Date; id: string } | undefined,
    limit: number,
  ): Promise<MessageRow[]> {
    return sqlRows<MessageRow>(
      em,
      `${VIEW_SELECT}
        WHERE m.workspace_id = $1 AND m.conversation_id = $2
          AND ($3::timestamptz IS NULL OR (m.sent_at, m.id) < ($3::timestamptz, $4::uuid))
        ORDER BY m.sent_at DESC, m.id DESC LIMIT $5`,
      [workspaceId, conversationId, before?.at.toISOString() ?? null, before?.id ?? null, limit],
    );
  }

  /** A failed outbound message goes back to pending for another attempt; false when it was not failed. */
  async requeueFailed(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    messageId: string,
  ): Promise<boolean> {
    const rows = await sqlRows<{ id: string }>(
      em,
      `UPDATE message SET delivery_status = 'pending', delivery_error = NULL
        WHERE workspace_id = $1 AND conversation_id = $2 AND id = $3 AND direction = 'out' AND delivery_status = 'failed'
        RETURNING id`,
      [workspaceId, conversationId, messageId],
    );
    return rows.length > 0;
  }

  /** Moves a pending outbound message to sent or failed; a no-op when it already left pending. */
  async settleDelivery(
    em: EntityManager,
    workspaceId: string,
    messageId: string,
    outcome: { status: 'sent'; platformMessageId?: string } | { status: 'failed'; error: string },
  ): Promise<boolean> {
    const rows = await sqlRows<{ id: string }>(
      em,
      `UPDATE message SET delivery_status = $3, delivery_error = $4, platform_message_id = COALESCE($5, platform_message_id)
        WHERE workspace_id = $1 AND id = $2 AND delivery_status = 'pending' RETURNING id`,
      [
        workspaceId,
        messageId,
        outcome.status,
        outcome.status === 'failed' ? outcome.error.slice(0, 1000) : null,
        outcome.status === 'sent' ? (outcome.platformMessageId ?? null) : null,
      ],
    );
    return rows.length > 0;
  }

  /** Replaces a message's attachments (media downloaded or marked unavailable); false when it is gone. */
  async updateAttachments(
    em: EntityManager,
    workspaceId: string,
    messageId: string,
    attachments: MessageAttachment[],
  ): Promise<boolean> {
    const rows = await sqlRows<{ id: string }>(
      em,
      `UPDATE message SET attachments = $3::jsonb WHERE workspace_id = $1 AND id = $2 RETURNING id`,
      [workspaceId, messageId, JSON.stringify(attachments)],
    );
    return rows.length > 0;
  }

  /** Outbound messages still pending after `olderThanMs`: their job may have been lost. */
  pendingOutbound(
    em: EntityManager,
    olderThanMs: number,
    limit: number,
  ): Promise<{ id: string; workspace_id: string }[]> {
    return sqlRows(
      em,
      `SELECT id, workspace_id FROM message
        WHERE delivery_status = 'pending' AND created_at < now() - ($1::int * interval '1 millisecond')
        ORDER BY created_at LIMIT $2`,
      [olderThanMs, limit],
    );
  }
}
