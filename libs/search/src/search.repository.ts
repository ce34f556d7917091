import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { containsPattern, type ExactKeysetPosition, type KeysetPosition } from '@scrm/common';
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
  /** created_at as PostgreSQL prints it (to the microsecond), for the cursor. */
  at_key: string;
  /** The identity display names and handles that matched (the name is matched on its own). */
  matched: string[];
}

/** How many of the newest messages in range the `recent` strategy tests first, and at most. */
export const PROBE_ROWS = 5000;
export const MAX_PROBE_ROWS = 25_000;

@Injectable()
export class SearchRepository {
  /**
   * Messages whose search vector matches, newest first, found one of two ways (see docs/search.md):
   *
   * - `recent`: walk the newest `PROBE_ROWS` messages in range by time and test each one. A common
   *   term fills a page here, and it is then exactly the newest page (everything beyond the probe
   *   is older). A probe with some matches but too few is repeated once, as deep as the density it
   *   saw says a page needs (up to `MAX_PROBE_ROWS`).
   * - `index`: take every match from the GIN index and sort it. Cheap when matches are few, which
   *   is the case once the probe came back short.
   *
   * The planner cannot choose between them itself: it estimates a phrase (a CJK run of three or more
   * characters is one) as far rarer than it is, since its bigrams occur together, and would sort
   * tens of thousands of rows. A contact filter goes straight to `index`, where the planner serves it
   * from that contact's conversations.
   */
  async messages(
    em: EntityManager,
    workspaceId: string,
    tsquery: string,
    filters: MessageSearchFilters,
    before: KeysetPosition | undefined,
    limit: number,
  ): Promise<MessageHitRow[]> {
    if (!filters.contactId) {
      let probe = PROBE_ROWS;
      for (let attempt = 0; attempt < 2; attempt++) {
        const recent = await this.messagesBy('recent', em, workspaceId, tsquery, filters, before, limit, probe);
        if (recent.length >= limit) return recent;
        if (recent.length === 0) break;
        // Some matches: probe once more, deep enough to fill the page at the density just seen.
        probe = Math.ceil(((limit * probe) / recent.length) * 1.5);
        if (probe > MAX_PROBE_ROWS) break;
      }
    }
    return this.messagesBy('index', em, workspaceId, tsquery, filters, before, limit, 0);
  }

  private messagesBy(
    strategy: 'recent' | 'index',
    em: EntityManager,
    workspaceId: string,
    tsquery: string,
    filters: MessageSearchFilters,
    before: KeysetPosition | undefined,
    limit: number,
    probe: number,
  ): Promise<MessageHitRow[]> {
    // Only the filters given become conditions, so the planner sees each query's real shape. Every
    // value is a bound parameter; only fixed condition texts are assembled.
    const params: unknown[] = [workspaceId, tsquery];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const range = ['workspace_id = $1'];
    if (filters.from) range.push(`sent_at >= ${param(filters.from.toISOString())}::timestamptz`);
    if (filters.to) range.push(`sent_at < ${param(filters.to.toISOString())}::timestamptz`);
    if (before) {
      range.push(`(sent_at, id) < (${param(before.at.toISOString())}::timestamptz, ${param(before.id)}::uuid)`);
    }
    const match = [`search_vector @@ to_tsquery('english', $2)`];
    if (filters.channelId) match.push(`channel_id = ${param(filters.channelId)}::uuid`);
    if (filters.sentiment) match.push(`sentiment_label = ${param(filters.sentiment)}`);
    if (filters.contactId) {
      match.push(
        `conversation_id IN (SELECT id FROM conversation WHERE workspace_id = $1 AND contact_id = ${param(filters.contactId)}::uuid)`,
      );
    }
    const columns = 'id, conversation_id, channel_id, direction, text, sent_at, sentiment_label';
    const hits =
      strategy === 'recent'
        ? `SELECT ${columns}
             FROM (SELECT ${columns}, search_vector FROM message
                    WHERE ${range.join(' AND ')}
                    ORDER BY sent_at DESC, id DESC
                    LIMIT ${param(probe)}) recent
            WHERE ${match.join(' AND ')}
            ORDER BY sent_at DESC, id DESC
            LIMIT ${param(limit)}`
        : `SELECT ${columns} FROM message
            WHERE ${[...range, ...match].join(' AND ')}
            ORDER BY ${filters.contactId ? 'sent_at' : "sent_at + interval '0 seconds'"} DESC, id DESC
            LIMIT ${param(limit)}`;
    // Without a contact filter, ordering by an expression keeps the planner off the time index:
    // the probe already showed that walking it would examine many rows per match.
    return sqlRows<MessageHitRow>(
      em,
      `SELECT m.id, m.conversation_id, m.channel_id, m.direction, m.text, m.sent_at, m.sentiment_label, c.contact_id
         FROM (${hits}) m
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
    before: ExactKeysetPosition | undefined,
    limit: number,
  ): Promise<ContactHitRow[]> {
    const pattern = containsPattern(query);
    return sqlRows<ContactHitRow>(
      em,
      `SELECT ct.id, ct.name, ct.avatar_url, ct.last_seen_at, ct.created_at, to_json(ct.created_at)#>>'{}' AS at_key,
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
      [workspaceId, pattern, before?.at ?? null, before?.id ?? null, limit],
    );
  }
}
