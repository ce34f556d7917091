import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { prepared, sqlRows } from '@scrm/database';
import { LISTENING_EVENT_KINDS, type ListeningQuery } from './crisis-topics';

export interface BucketRow {
  channel_type: string;
  bucket_start: Date;
  total: number;
  positive: number;
  negative: number;
  neutral: number;
  negative_reach: number;
  flagged: number;
}

export interface ArrivalRow {
  channel_type: string;
  sent_at: Date;
  total: number;
  negative: number;
  negative_reach: number;
  flagged: number;
}

/** What newly counted items add to one bucket row of a topic. */
export interface BucketDelta {
  channelType: string;
  bucketStart: Date;
  total: number;
  positive: number;
  negative: number;
  neutral: number;
  negativeReach: number;
  flagged: number;
}

export interface BatchMessage {
  id: string;
  text: string;
  sent_at: Date;
  channel_type: string;
  sentiment_label: string | null;
  sentiment_confidence: number | null;
  reach: number | null;
  /** Set for a listening hit (a timeline event, not a message): the query that found it. */
  listening?: ListeningQuery;
}

/** `*` is the all-channels row kept next to each channel type's own. */
export const ALL_CHANNELS = '*';

/**
 * The rows a topic's buckets count: inbound messages and scored listening hits, as
 * (id, ts, b: bucket number, ct: channel type, sl: sentiment label, reach, txt). Parameters, from
 * `topicItemsParams`: $1 workspace, $2/$3 time range (from the buckets' start, or `from` if later),
 * $4 bucket numbers, $5 topic patterns (null: everything), $6 bucket seconds, $7/$8 listening channel
 * and query (set: only that query's hits), $9 listening event kinds.
 */
const TOPIC_ITEMS = `(SELECT m.id, m.sent_at AS ts, floor(extract(epoch FROM m.sent_at) / $6::bigint)::bigint AS b, c.type AS ct,
                m.sentiment_label AS sl, m.reach, m.text AS txt
           FROM message m JOIN channel c ON c.id = m.channel_id AND c.workspace_id = m.workspace_id
          WHERE $7::uuid IS NULL
            AND m.workspace_id = $1 AND m.direction = 'in' AND m.sent_at >= $2 AND m.sent_at < $3
            AND floor(extract(epoch FROM m.sent_at) / $6::bigint)::bigint = ANY($4::bigint[])
            AND ($5::text[] IS NULL OR m.text ILIKE ANY($5::text[]))
         UNION ALL
         SELECT e.id, e.occurred_at, floor(extract(epoch FROM e.occurred_at) / $6::bigint)::bigint, c.type,
                e.data->'sentiment'->>'label', (e.data->>'followers')::int, e.data->>'text'
           FROM timeline_event e JOIN channel c ON c.id = e.channel_id AND c.workspace_id = e.workspace_id
          WHERE e.workspace_id = $1 AND e.kind = ANY($9::text[]) AND e.data ? 'sentiment'
            AND e.occurred_at >= $2 AND e.occurred_at < $3
            AND floor(extract(epoch FROM e.occurred_at) / $6::bigint)::bigint = ANY($4::bigint[])
            AND ($5::text[] IS NULL OR e.data->>'text' ILIKE ANY($5::text[]))
            AND ($7::uuid IS NULL OR (e.channel_id = $7::uuid AND e.data->>'query' = $8::text)))`;

function topicItemsParams(
  workspaceId: string,
  topicPatterns: string[] | null,
  buckets: number[],
  bucketMs: number,
  listening: ListeningQuery | undefined,
  from?: Date,
): unknown[] {
  return [
    workspaceId,
    new Date(Math.max(Math.min(...buckets) * bucketMs, from?.getTime() ?? -Infinity)).toISOString(),
    new Date((Math.max(...buckets) + 1) * bucketMs).toISOString(),
    buckets,
    topicPatterns,
    bucketMs / 1000,
    listening?.channelId ?? null,
    listening?.query ?? null,
    LISTENING_EVENT_KINDS,
  ];
}

@Injectable()
export class CrisisBucketRepository {
  /**
   * Takes a detection job's items out of the crisis_pending outbox; returns the ids taken, which this
   * transaction must count. An item already counted (a re-run job) is not returned again.
   */
  async claim(em: EntityManager, workspaceId: string, itemIds: string[]): Promise<Set<string>> {
    if (itemIds.length === 0) return new Set();
    const rows = await sqlRows<{ item_id: string }>(
      em,
      prepared(`DELETE FROM crisis_pending WHERE workspace_id = $1 AND item_id = ANY($2::uuid[]) RETURNING item_id`),
      [workspaceId, itemIds],
    );
    return new Set(rows.map((r) => r.item_id));
  }

  /** Adds newly counted items to one topic's buckets (each row: one channel type, or `*`, and bucket). */
  async add(em: EntityManager, workspaceId: string, topicKey: string, rows: BucketDelta[]): Promise<void> {
    if (rows.length === 0) return;
    await em.query(
      `INSERT INTO crisis_bucket (workspace_id, topic_key, channel_type, bucket_start, total, positive, negative, neutral, negative_reach, flagged)
       SELECT $1, $2, ct, bs, t, p, n, u, r, f
         FROM unnest($3::text[], $4::timestamptz[], $5::int[], $6::int[], $7::int[], $8::int[], $9::float8[], $10::int[])
           AS x(ct, bs, t, p, n, u, r, f)
       ON CONFLICT (workspace_id, topic_key, channel_type, bucket_start) DO UPDATE SET
         total = crisis_bucket.total + EXCLUDED.total, positive = crisis_bucket.positive + EXCLUDED.positive,
         negative = crisis_bucket.negative + EXCLUDED.negative, neutral = crisis_bucket.neutral + EXCLUDED.neutral,
         negative_reach = crisis_bucket.negative_reach + EXCLUDED.negative_reach,
         flagged = crisis_bucket.flagged + EXCLUDED.flagged`,
      [
        workspaceId,
        topicKey,
        rows.map((r) => r.channelType),
        rows.map((r) => r.bucketStart.toISOString()),
        rows.map((r) => r.total),
        rows.map((r) => r.positive),
        rows.map((r) => r.negative),
        rows.map((r) => r.neutral),
        rows.map((r) => r.negativeReach),
        rows.map((r) => r.flagged),
      ],
    );
  }

  /**
   * Recounts one topic's buckets from the counted messages and listening hits themselves (per channel
   * type and for all channels): after items changed label (a re-scoring), where adding is not enough.
   * Items still waiting in crisis_pending are left out, as `add` will count them.
   */
  async recount(
    em: EntityManager,
    workspaceId: string,
    topicKey: string,
    topicPatterns: string[] | null,
    crisisPatterns: string[],
    buckets: number[],
    bucketMs: number,
    listening?: ListeningQuery,
  ): Promise<void> {
    if (buckets.length === 0) return;
    await em.query(
      `INSERT INTO crisis_bucket (workspace_id, topic_key, channel_type, bucket_start, total, positive, negative, neutral, negative_reach, flagged)
       SELECT $1, $10, COALESCE(ct, '*'), to_timestamp(b * $6::bigint), count(*),
              count(*) FILTER (WHERE sl = 'positive'), count(*) FILTER (WHERE sl = 'negative'),
              count(*) FILTER (WHERE sl IS DISTINCT FROM 'positive' AND sl IS DISTINCT FROM 'negative'),
              COALESCE(sum(COALESCE(reach, 1)) FILTER (WHERE sl = 'negative'), 0),
              count(*) FILTER (WHERE sl = 'negative' AND txt ILIKE ANY($11::text[]))
         FROM ${TOPIC_ITEMS} x
        WHERE NOT EXISTS (SELECT 1 FROM crisis_pending p WHERE p.workspace_id = $1 AND p.item_id = x.id)
        GROUP BY GROUPING SETS ((b, ct), (b))
       ON CONFLICT (workspace_id, topic_key, channel_type, bucket_start) DO UPDATE SET
         total = EXCLUDED.total, positive = EXCLUDED.positive, negative = EXCLUDED.negative, neutral = EXCLUDED.neutral,
         negative_reach = EXCLUDED.negative_reach, flagged = EXCLUDED.flagged`,
      [...topicItemsParams(workspaceId, topicPatterns, buckets, bucketMs, listening), topicKey, crisisPatterns],
    );
  }

  /** Detection jobs whose items still wait after any live job would have counted them: jobs lost. */
  stalePending(
    em: EntityManager,
    olderThanMs: number,
    limit: number,
  ): Promise<{ workspace_id: string; item_id: string; kind: 'message' | 'event' }[]> {
    return sqlRows(
      em,
      `SELECT workspace_id, item_id, kind FROM crisis_pending WHERE created_at < now() - ($1::int * interval '1 millisecond')
        ORDER BY created_at LIMIT $2`,
      [olderThanMs, limit],
    );
  }

  /**
   * One topic's counted messages and listening hits in the given buckets from `from` on, grouped by
   * channel type and timestamp (the all-channels view is their sum): what arrived in a bucket after a
   * moment, so that the bucket can be evaluated as of any moment from then on. Items still waiting in
   * crisis_pending are left out, as they are not in the buckets' counts yet. Live traffic comes in
   * event-time order, so this reads little more than the batch itself.
   */
  arrivals(
    em: EntityManager,
    workspaceId: string,
    topicPatterns: string[] | null,
    crisisPatterns: string[],
    buckets: number[],
    bucketMs: number,
    from: Date,
    listening?: ListeningQuery,
  ): Promise<ArrivalRow[]> {
    if (buckets.length === 0) return Promise.resolve([]);
    const params = topicItemsParams(workspaceId, topicPatterns, buckets, bucketMs, listening, from);
    return sqlRows<ArrivalRow>(
      em,
      `SELECT ct AS channel_type, ts AS sent_at, count(*)::int AS total,
              (count(*) FILTER (WHERE sl = 'negative'))::int AS negative,
              COALESCE(sum(COALESCE(reach, 1)) FILTER (WHERE sl = 'negative'), 0)::float8 AS negative_reach,
              (count(*) FILTER (WHERE sl = 'negative' AND txt ILIKE ANY($10::text[])))::int AS flagged
         FROM ${TOPIC_ITEMS} x
        WHERE NOT EXISTS (SELECT 1 FROM crisis_pending p WHERE p.workspace_id = $1 AND p.item_id = x.id)
        GROUP BY ct, ts`,
      [...params, crisisPatterns],
    );
  }

  /** The given channel types' bucket rows of one topic in [from, to). */
  history(
    em: EntityManager,
    workspaceId: string,
    topicKey: string,
    channelTypes: string[],
    from: Date,
    to: Date,
  ): Promise<BucketRow[]> {
    return sqlRows<BucketRow>(
      em,
      `SELECT channel_type, bucket_start, total, positive, negative, neutral, negative_reach, flagged FROM crisis_bucket
        WHERE workspace_id = $1 AND topic_key = $2 AND channel_type = ANY($3::text[])
          AND bucket_start >= $4 AND bucket_start < $5
        ORDER BY bucket_start`,
      [workspaceId, topicKey, channelTypes, from.toISOString(), to.toISOString()],
    );
  }

  /** The first bucket each of the given channel types of one topic has (types without any are left out). */
  async firstBuckets(
    em: EntityManager,
    workspaceId: string,
    topicKey: string,
    channelTypes: string[],
  ): Promise<Map<string, Date>> {
    const rows = await sqlRows<{ channel_type: string; first: Date }>(
      em,
      `SELECT channel_type, min(bucket_start) AS first FROM crisis_bucket
        WHERE workspace_id = $1 AND topic_key = $2 AND channel_type = ANY($3::text[]) GROUP BY channel_type`,
      [workspaceId, topicKey, channelTypes],
    );
    return new Map(rows.map((r) => [r.channel_type, r.first]));
  }

  /** Counts by label per bucket, aggregated to `stepSeconds` (a multiple of the bucket). */
  trend(
    em: EntityManager,
    workspaceId: string,
    topicKey: string,
    channelType: string,
    from: Date,
    to: Date,
    stepSeconds: number,
  ): Promise<BucketRow[]> {
    return sqlRows<BucketRow>(
      em,
      `SELECT $3::text AS channel_type,
              to_timestamp(floor(extract(epoch FROM bucket_start) / $6::bigint) * $6::bigint) AS bucket_start,
              sum(total)::int AS total, sum(positive)::int AS positive, sum(negative)::int AS negative,
              sum(neutral)::int AS neutral, sum(negative_reach)::float8 AS negative_reach, sum(flagged)::int AS flagged
         FROM crisis_bucket
        WHERE workspace_id = $1 AND topic_key = $2 AND channel_type = $3 AND bucket_start >= $4 AND bucket_start < $5
        GROUP BY 2 ORDER BY 2`,
      [workspaceId, topicKey, channelType, from.toISOString(), to.toISOString(), stepSeconds],
    );
  }

  /** The inbound messages of a detection job, with their channel type. */
  batch(em: EntityManager, workspaceId: string, ids: string[]): Promise<BatchMessage[]> {
    return sqlRows<BatchMessage>(
      em,
      prepared(`SELECT m.id, m.text, m.sent_at, c.type AS channel_type, m.sentiment_label, m.sentiment_confidence, m.reach
         FROM message m JOIN channel c ON c.id = m.channel_id AND c.workspace_id = m.workspace_id
        WHERE m.workspace_id = $1 AND m.id = ANY($2::uuid[]) AND m.direction = 'in'`),
      [workspaceId, ids],
    );
  }

  /** The scored listening hits of a detection job, with their channel type and query. */
  async listeningBatch(em: EntityManager, workspaceId: string, eventIds: string[]): Promise<BatchMessage[]> {
    if (eventIds.length === 0) return [];
    const rows = await sqlRows<BatchMessage & { channel_id: string; query: string | null }>(
      em,
      `SELECT e.id, COALESCE(e.data->>'text', '') AS text, e.occurred_at AS sent_at, c.type AS channel_type,
              e.data->'sentiment'->>'label' AS sentiment_label,
              (e.data->'sentiment'->>'confidence')::float8 AS sentiment_confidence,
              (e.data->>'followers')::int AS reach, e.channel_id, e.data->>'query' AS query
         FROM timeline_event e JOIN channel c ON c.id = e.channel_id AND c.workspace_id = e.workspace_id
        WHERE e.workspace_id = $1 AND e.id = ANY($2::uuid[]) AND e.kind = ANY($3::text[]) AND e.data ? 'sentiment'`,
      [workspaceId, eventIds, LISTENING_EVENT_KINDS],
    );
    return rows.map(({ channel_id, query, ...m }) => ({
      ...m,
      ...(query !== null ? { listening: { channelId: channel_id, query } } : {}),
    }));
  }
}
