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
   * query so the conversation join (for the contact) touches only the rows returned. Every value is
   * a bound parameter; only the fixed condition texts are assembled.
   */
  messages(
    em: EntityManager,
    workspaceId: string,
    tsquery: string,
    filters: MessageSearchFilters,
    before: Before | undefined,
    limit: number,
  ): Promise<MessageHitRow[]> {
    // Only the filters given become conditions, so the planner sees each query's real shape (a
    // contact filter, for one, is best served from that contact's conversations, not the text index).
    const params: unknown[] = [workspaceId, tsquery];
    const where = ['workspace_id = $1', `search_vector @@ to_tsquery('english', $2)`];
    const param = (value: unknown): string => `$${params.push(value)}`;
    if (filters.channelId) where.push(`channel_id = ${param(filters.channelId)}::uuid`);
    if (filters.from) where.push(`sent_at >= ${param(filters.from.toISOString())}::timestamptz`);
    if (filters.to) where.push(`sent_at < ${param(filters.to.toISOString())}::timestamptz`);
    if (filters.sentiment) where.push(`sentiment_label = ${param(filters.sentiment)}`);
    if (filters.contactId) {
      where.push(
        `conversation_id IN (SELECT id FROM conversation WHERE workspace_id = $1 AND contact_id = ${param(filters.contactId)}::uuid)`,
      );
    }
    if (before) {
      where.push(`(sent_at, id) < (${param(before.at.toISOString())}::timestamptz, ${param(before.id)}::uuid)`);
    }
    return sqlRows<MessageHitRow>(
      em,
      `SELECT m.id, m.conversation_id, m.channel_id, m.direction, m.text, m.sent_at, m.sentiment_label, c.contact_id
         FROM (SELECT id, conversation_id, channel_id, direction, text, sent_at, sentiment_label
                 FROM message
                WHERE ${where.join(' AND ')}
                ORDER BY sent_at DESC, id DESC
                LIMIT ${param(limit)}) m
         LEFT JOIN conversation c ON c.id = m.conversation_id AND c.workspace_id = $1
        ORDER BY m.sent_at DESC, m.id DESC`,
      params,
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
