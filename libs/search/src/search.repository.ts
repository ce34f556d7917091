import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';

export interface MessageSearchFilters {
  channelId?: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive. */
  to?: Date;
  sentiment?: string;
  contactId?: string;
}

export interface MessageHitRow {
  id: string;
  conversation_id: string;
  channel_id: string;
  direction: 'in' | 'out';
  text: string;
  sent_at: Date;
  sentiment_label: string | null;
  contact_id: string | null;
}

export interface ContactHitRow {
  id: string;
  name: string | null;
  avatar_url: string | null;
  last_seen_at: Date | null;
  created_at: Date;
  /** The identity display names and handles that matched (the name is matched on its own). */
  matched: string[];
}

export interface Before {
  at: Date;
  id: string;
}

@Injectable()
export class SearchRepository {
  /**
   * Messages whose search vector matches, newest first. The match and the filters run in an inner
   * query so the conversation join (for the contact) touches only the rows returned.
   */
  messages(
    em: EntityManager,
    workspaceId: string,
    tsquery: string,
    filters: MessageSearchFilters,
    before: Before | undefined,
    limit: number,
  ): Promise<MessageHitRow[]> {
    return sqlRows<MessageHitRow>(
      em,
      `SELECT m.id, m.conversation_id, m.channel_id, m.direction, m.text, m.sent_at, m.sentiment_label, c.contact_id
         FROM (SELECT id, conversation_id, channel_id, direction, text, sent_at, sentiment_label
                 FROM message
                WHERE workspace_id = $1
                  AND search_vector @@ to_tsquery('english', $2)
                  AND ($3::uuid IS NULL OR channel_id = $3::uuid)
                  AND ($4::timestamptz IS NULL OR sent_at >= $4::timestamptz)
                  AND ($5::timestamptz IS NULL OR sent_at < $5::timestamptz)
                  AND ($6::text IS NULL OR sentiment_label = $6::text)
                  AND ($7::uuid IS NULL OR conversation_id IN
                        (SELECT id FROM conversation WHERE workspace_id = $1 AND contact_id = $7::uuid))
                  AND ($8::timestamptz IS NULL OR (sent_at, id) < ($8::timestamptz, $9::uuid))
                ORDER BY sent_at DESC, id DESC
                LIMIT $10) m
         LEFT JOIN conversation c ON c.id = m.conversation_id AND c.workspace_id = $1
        ORDER BY m.sent_at DESC, m.id DESC`,
      [
        workspaceId,
        tsquery,
        filters.channelId ?? null,
        filters.from?.toISOString() ?? null,
        filters.to?.toISOString() ?? null,
        filters.sentiment ?? null,
        filters.contactId ?? null,
        before?.at.toISOString() ?? null,
        before?.id ?? null,
        limit,
      ],
    );
  }

  /**
   * Contacts (not merged away) whose name, or one of whose identities' display name or handle,
   * contains the query, newest first. Contacts per workspace are few enough for a scan.
   */
  contacts(
    em: EntityManager,
    workspaceId: string,
    query: string,
    before: Before | undefined,
    limit: number,
  ): Promise<ContactHitRow[]> {
    const pattern = `%${query.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    return sqlRows<ContactHitRow>(
      em,
      `SELECT ct.id, ct.name, ct.avatar_url, ct.last_seen_at, ct.created_at,
              coalesce((SELECT array_agg(DISTINCT v) FROM identity i
                          CROSS JOIN LATERAL (VALUES (i.display_name), (i.platform_user_id)) AS x(v)
                         WHERE i.workspace_id = $1 AND i.contact_id = ct.id AND v ILIKE $2), '{}') AS matched
         FROM contact ct
        WHERE ct.workspace_id = $1 AND ct.merged_into_id IS NULL
          AND (ct.name ILIKE $2
               OR EXISTS (SELECT 1 FROM identity i
                           WHERE i.workspace_id = $1 AND i.contact_id = ct.id
                             AND (i.display_name ILIKE $2 OR i.platform_user_id ILIKE $2)))
          AND ($3::timestamptz IS NULL OR (ct.created_at, ct.id) < ($3::timestamptz, $4::uuid))
        ORDER BY ct.created_at DESC, ct.id DESC
        LIMIT $5`,
      [workspaceId, pattern, before?.at.toISOString() ?? null, before?.id ?? null, limit],
    );
  }
}
