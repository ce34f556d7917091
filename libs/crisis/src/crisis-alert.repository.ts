import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';
import type { ExactKeysetPosition } from '@scrm/common';
import { LISTENING_EVENT_KINDS, type ListeningQuery } from './crisis-topics';

export interface AlertRow {
  id: string;
  workspace_id: string;
  topic_key: string;
  topic_name: string | null;
  channel_types: string[];
  severity: 'low' | 'medium' | 'high' | 'critical';
  status: 'open' | 'acknowledged' | 'resolved';
  rules: string[];
  window_start: Date;
  window_end: Date;
  last_fired_at: Date;
  fire_count: number;
  figures: Record<string, unknown>[];
  terms: { term: string; count: number; lift: number }[];
  message_ids: string[];
  /** Listening hits (timeline events) of an `x-query:` topic's alert. */
  event_ids: string[];
  contact_ids: string[];
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  resolved_by: string | null;
  resolved_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface AlertWrite {
  topicKey: string;
  topicName: string;
  channelTypes: string[];
  severity: string;
  rules: string[];
  windowStart: Date;
  windowEnd: Date;
  lastFiredAt: Date;
  figures: Record<string, unknown>[];
  terms: unknown[];
  messageIds: string[];
  eventIds: string[];
  contactIds: string[];
}

/** An inbound message or a listening hit of a topic, as an alert's window reads it. */
export interface WindowItem {
  id: string;
  contact_id: string | null;
  text: string;
  reach: number | null;
  sentiment_label: string | null;
  sentiment_confidence: number | null;
  sent_at: Date;
}

export interface WindowMessage extends WindowItem {
  conversation_id: string;
}

/** A sample of an alert: one of its messages (`conversation_id` set) or listening hits (`url`, handle). */
export interface SampleRow extends WindowItem {
  kind: 'message' | 'listening_hit';
  conversation_id: string | null;
  author_name: string | null;
  author_handle: string | null;
  channel_type: string;
  platform_id: string | null;
  url: string | null;
}

export interface AlertContactRow {
  id: string;
  name: string | null;
  lifecycle_stage: string;
  tagged: boolean;
}

export interface ChannelNameRow {
  id: string;
  name: string;
  queries: unknown;
}

@Injectable()
export class CrisisAlertRepository {
  /** Serialises detection per workspace and topic for the rest of the transaction. */
  async lockTopic(em: EntityManager, workspaceId: string, topicKey: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`crisis:${workspaceId}:${topicKey}`]);
  }

  /** The live alert on the topic if there is one, else the latest resolved one. */
  async latestForTopic(em: EntityManager, workspaceId: string, topicKey: string): Promise<AlertRow | undefined> {
    const [row] = await sqlRows<AlertRow>(
      em,
      `SELECT * FROM crisis_alert WHERE workspace_id = $1 AND topic_key = $2
        ORDER BY (status <> 'resolved') DESC, last_fired_at DESC LIMIT 1`,
      [workspaceId, topicKey],
    );
    return row;
  }

  async insert(em: EntityManager, workspaceId: string, a: AlertWrite): Promise<string> {
    const [row] = await sqlRows<{ id: string }>(
      em,
      `INSERT INTO crisis_alert (workspace_id, topic_key, channel_types, severity, rules, window_start, window_end,
                                 last_fired_at, figures, terms, message_ids, contact_ids, event_ids, topic_name)
       VALUES ($1, $2, $3::jsonb, $4, $5::jsonb, $6, $7, $8, $9::jsonb, $10::jsonb, $11::jsonb, $12::jsonb, $13::jsonb, $14)
       RETURNING id`,
      [workspaceId, ...this.values(a)],
    );
    return row!.id;
  }

  async grow(em: EntityManager, workspaceId: string, id: string, a: AlertWrite): Promise<void> {
    await em.query(
      `UPDATE crisis_alert SET topic_key = $3, channel_types = $4::jsonb, severity = $5, rules = $6::jsonb, window_start = $7,
              window_end = $8, last_fired_at = $9, figures = $10::jsonb, terms = $11::jsonb, message_ids = $12::jsonb,
              contact_ids = $13::jsonb, event_ids = $14::jsonb, topic_name = COALESCE(topic_name, $15),
              fire_count = fire_count + 1, updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id, ...this.values(a)],
    );
  }

  private values(a: AlertWrite): unknown[] {
    return [
      a.topicKey,
      JSON.stringify(a.channelTypes),
      a.severity,
      JSON.stringify(a.rules),
      a.windowStart.toISOString(),
      a.windowEnd.toISOString(),
      a.lastFiredAt.toISOString(),
      JSON.stringify(a.figures),
      JSON.stringify(a.terms),
      JSON.stringify(a.messageIds),
      JSON.stringify(a.contactIds),
      JSON.stringify(a.eventIds),
      a.topicName,
    ];
  }

  async find(em: EntityManager, workspaceId: string, id: string, lock = false): Promise<AlertRow | undefined> {
    const [row] = await sqlRows<AlertRow>(
      em,
      `SELECT * FROM crisis_alert WHERE workspace_id = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`,
      [workspaceId, id],
    );
    return row;
  }

  /** Newest first; `created_key` is `created_at` to the microsecond, for the next page's cursor. */
  list(
    em: EntityManager,
    workspaceId: string,
    filter: { statuses?: string[]; topicKey?: string; before?: ExactKeysetPosition; limit: number },
  ): Promise<(AlertRow & { created_key: string })[]> {
    return sqlRows<AlertRow & { created_key: string }>(
      em,
      `SELECT *, to_json(created_at)#>>'{}' AS created_key FROM crisis_alert
        WHERE workspace_id = $1 AND ($2::text[] IS NULL OR status = ANY($2::text[])) AND ($3::text IS NULL OR topic_key = $3)
          AND ($4::timestamptz IS NULL OR (created_at, id) < ($4::timestamptz, $5::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $6`,
      [
        workspaceId,
        filter.statuses ?? null,
        filter.topicKey ?? null,
        filter.before?.at ?? null,
        filter.before?.id ?? null,
        filter.limit,
      ],
    );
  }

  async setStatus(
    em: EntityManager,
    workspaceId: string,
    id: string,
    status: 'acknowledged' | 'resolved',
    userId: string,
  ): Promise<void> {
    const who = status === 'acknowledged' ? 'acknowledged' : 'resolved';
    await em.query(
      `UPDATE crisis_alert SET status = $3, ${who}_by = $4, ${who}_at = now(), updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id, status, userId],
    );
  }

  /** Inbound messages of a topic in an event-time window; `negativeOnly` for the crisis's own messages. */
  windowMessages(
    em: EntityManager,
    workspaceId: string,
    topicPatterns: string[] | null,
    from: Date,
    to: Date,
    negativeOnly: boolean,
    limit: number,
  ): Promise<WindowMessage[]> {
    return sqlRows<WindowMessage>(
      em,
      `SELECT m.id, m.conversation_id, i.contact_id, m.text, m.reach, m.sentiment_label, m.sentiment_confidence, m.sent_at
         FROM message m LEFT JOIN identity i ON i.id = m.author_identity_id AND i.workspace_id = m.workspace_id
        WHERE m.workspace_id = $1 AND m.direction = 'in' AND m.sent_at >= $2 AND m.sent_at < $3
          AND ($4::text[] IS NULL OR m.text ILIKE ANY($4::text[])) AND (NOT $5 OR m.sentiment_label = 'negative')
        ORDER BY m.sent_at DESC LIMIT $6`,
      [workspaceId, from.toISOString(), to.toISOString(), topicPatterns, negativeOnly, limit],
    );
  }

  /**
   * Scored listening hits in an event-time window: one query's (its `x-query:` topic), or every
   * query's whose text matches the topic patterns (null: all, the workspace topic), as the buckets
   * count them. `negativeOnly` for the crisis's own hits.
   */
  windowHits(
    em: EntityManager,
    workspaceId: string,
    scope: { listening?: ListeningQuery; patterns: string[] | null },
    from: Date,
    to: Date,
    negativeOnly: boolean,
    limit: number,
  ): Promise<WindowItem[]> {
    return sqlRows<WindowItem>(
      em,
      `SELECT e.id, e.contact_id, COALESCE(e.data->>'text', '') AS text, (e.data->>'followers')::int AS reach,
              e.data->'sentiment'->>'label' AS sentiment_label,
              (e.data->'sentiment'->>'confidence')::float8 AS sentiment_confidence, e.occurred_at AS sent_at
         FROM timeline_event e
        WHERE e.workspace_id = $1 AND e.kind = ANY($2::text[]) AND e.data ? 'sentiment'
          AND e.occurred_at >= $3 AND e.occurred_at < $4
          AND ($5::uuid IS NULL OR (e.channel_id = $5::uuid AND e.data->>'query' = $6::text))
          AND ($7::text[] IS NULL OR e.data->>'text' ILIKE ANY($7::text[]))
          AND (NOT $8 OR e.data->'sentiment'->>'label' = 'negative')
        ORDER BY e.occurred_at DESC LIMIT $9`,
      [
        workspaceId,
        LISTENING_EVENT_KINDS,
        from.toISOString(),
        to.toISOString(),
        scope.listening?.channelId ?? null,
        scope.listening?.query ?? null,
        scope.patterns,
        negativeOnly,
        limit,
      ],
    );
  }

  /**
   * The most telling messages of each list (one alert each), in one statement: widest reach, then most
   * confidently negative; each list gets its own `limit`.
   */
  samplesOfEach(em: EntityManager, workspaceId: string, lists: string[][], limit: number): Promise<SampleRow[][]> {
    return samplesPerList(em, MESSAGE_SAMPLES_SQL, workspaceId, lists, limit);
  }

  /**
   * The most telling listening hits of each list (one alert each), in the order of `samplesOfEach`;
   * the author is their contact. One statement for all the lists.
   */
  hitSamplesOfEach(em: EntityManager, workspaceId: string, lists: string[][], limit: number): Promise<SampleRow[][]> {
    return samplesPerList(em, HIT_SAMPLES_SQL, workspaceId, lists, limit, [LISTENING_EVENT_KINDS]);
  }

  /** The affected contacts, with what puts them first: the VIP stage and tags. */
  contacts(em: EntityManager, workspaceId: string, ids: string[]): Promise<AlertContactRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return sqlRows<AlertContactRow>(
      em,
      `SELECT k.id, k.name, k.lifecycle_stage,
              EXISTS (SELECT 1 FROM contact_tag t WHERE t.workspace_id = k.workspace_id AND t.contact_id = k.id) AS tagged
         FROM contact k WHERE k.workspace_id = $1 AND k.id = ANY($2::uuid[])`,
      [workspaceId, ids],
    );
  }

  /** Channels by id with their listening queries (deleted ones too: old alerts still name them). */
  channelNames(em: EntityManager, workspaceId: string, ids: string[]): Promise<ChannelNameRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return sqlRows<ChannelNameRow>(
      em,
      `SELECT id, name, config->'queries' AS queries FROM channel WHERE workspace_id = $1 AND id = ANY($2::uuid[])`,
      [workspaceId, ids],
    );
  }
}

/**
 * Sample reads take `$1` the workspace, `$2` and `$3` (list index, id) pairs, `$4` the number per
 * list; each ranks the rows of one list with `row_number()` as `rank` and returns them tagged `ord`.
 */
const MESSAGE_SAMPLES_SQL = `SELECT * FROM (
     SELECT x.ord, 'message' AS kind, m.id, m.conversation_id, i.contact_id, m.text, m.reach, m.sentiment_label,
            m.sentiment_confidence, m.sent_at, i.display_name AS author_name, NULL::text AS author_handle,
            c.type AS channel_type, m.platform_message_id AS platform_id, NULL::text AS url,
            row_number() OVER (PARTITION BY x.ord
                               ORDER BY m.reach DESC NULLS LAST, m.sentiment_confidence DESC NULLS LAST, m.sent_at) AS rank
       FROM unnest($2::int[], $3::uuid[]) AS x(ord, id)
       JOIN message m ON m.workspace_id = $1 AND m.id = x.id
       LEFT JOIN identity i ON i.id = m.author_identity_id AND i.workspace_id = m.workspace_id
       JOIN channel c ON c.id = m.channel_id AND c.workspace_id = m.workspace_id) s
    WHERE s.rank <= $4 ORDER BY s.ord, s.rank`;

/** As MESSAGE_SAMPLES_SQL, for listening hits (timeline events of the kinds in `$5`). */
const HIT_SAMPLES_SQL = `SELECT * FROM (
     SELECT x.ord, 'listening_hit' AS kind, e.id, NULL::uuid AS conversation_id, e.contact_id,
            COALESCE(e.data->>'text', '') AS text, (e.data->>'followers')::int AS reach,
            e.data->'sentiment'->>'label' AS sentiment_label,
            (e.data->'sentiment'->>'confidence')::float8 AS sentiment_confidence, e.occurred_at AS sent_at,
            k.name AS author_name, e.data->>'authorHandle' AS author_handle, c.type AS channel_type,
            e.data->>'postId' AS platform_id, e.data->>'url' AS url,
            row_number() OVER (PARTITION BY x.ord
                               ORDER BY (e.data->>'followers')::int DESC NULLS LAST,
                                        (e.data->'sentiment'->>'confidence')::float8 DESC NULLS LAST,
                                        e.occurred_at) AS rank
       FROM unnest($2::int[], $3::uuid[]) AS x(ord, id)
       JOIN timeline_event e ON e.workspace_id = $1 AND e.id = x.id AND e.kind = ANY($5::text[])
       JOIN channel c ON c.id = e.channel_id AND c.workspace_id = e.workspace_id
       LEFT JOIN contact k ON k.id = e.contact_id AND k.workspace_id = e.workspace_id) s
    WHERE s.rank <= $4 ORDER BY s.ord, s.rank`;

/** Runs one of the sample reads over several lists of ids and splits its rows back per list. */
async function samplesPerList(
  em: EntityManager,
  sql: string,
  workspaceId: string,
  lists: string[][],
  limit: number,
  extra: unknown[] = [],
): Promise<SampleRow[][]> {
  const [ord, ids] = pairsOf(lists);
  if (ids.length === 0) return lists.map(() => []);
  const rows = await sqlRows<SampleRow & { ord: number; rank: string }>(em, sql, [
    workspaceId,
    ord,
    ids,
    limit,
    ...extra,
  ]);
  return groupByOrd(rows, lists.length);
}

/** Lists of ids as two parallel arrays (list index, id), for `unnest`. */
function pairsOf(lists: string[][]): [number[], string[]] {
  const ord: number[] = [];
  const ids: string[] = [];
  lists.forEach((list, i) => {
    for (const id of new Set(list)) {
      ord.push(i);
      ids.push(id);
    }
  });
  return [ord, ids];
}

/** Rows tagged with their list index back into one array per list, without the tags. */
function groupByOrd<T extends { ord: number; rank: string }>(rows: T[], count: number): Omit<T, 'ord' | 'rank'>[][] {
  const out: Omit<T, 'ord' | 'rank'>[][] = Array.from({ length: count }, () => []);
  for (const { ord, rank: _rank, ...row } of rows) out[ord]!.push(row);
  return out;
}
