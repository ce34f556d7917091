/**
 * Every background job Murmur runs. Payloads carry ids only — never message text or personal data —
 * so a queue dump holds nothing that erasure would have to chase.
 */
export enum QueueName {
  Ingest = 'ingest',
  Outbound = 'outbound',
  Crisis = 'crisis',
  Alerts = 'alerts',
  Sentiment = 'sentiment',
  Media = 'media',
}

export enum JobName {
  IngestInbound = 'ingest.inbound',
  OutboundSend = 'outbound.send',
  /** Count the messages into their event-time buckets (or recount those) and run the detector on them. */
  CrisisDetect = 'crisis.detect',
  /** Send one alert event to one workspace webhook (a crisis_delivery outbox row). */
  AlertDeliver = 'alert.deliver',
  /** Re-label a workspace's recent messages scored by an older model; pages on by re-enqueueing itself. */
  SentimentRescore = 'sentiment.rescore',
  /** Download the platform media (attachments with a `mediaRef`) of one stored message. */
  MediaFetch = 'media.fetch',
}

export interface JobPayloads {
  [JobName.IngestInbound]: { workspaceId: string; inboundIds: string[] };
  [JobName.OutboundSend]: { workspaceId: string; messageId: string };
  /**
   * `eventIds`: timeline events that carry someone's words (X listening hits), counted like messages.
   * `recount`: the items changed label since they were counted (a re-scoring): recount their buckets.
   */
  [JobName.CrisisDetect]: { workspaceId: string; messageIds: string[]; eventIds?: string[]; recount?: boolean };
  [JobName.AlertDeliver]: { workspaceId: string; deliveryId: string };
  /** `since` is an ISO-8601 event time; `after` the last message id done by the previous page. */
  [JobName.SentimentRescore]: { workspaceId: string; since: string; after?: string };
  [JobName.MediaFetch]: { workspaceId: string; messageId: string };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.IngestInbound]: QueueName.Ingest,
  [JobName.OutboundSend]: QueueName.Outbound,
  [JobName.CrisisDetect]: QueueName.Crisis,
  [JobName.AlertDeliver]: QueueName.Alerts,
  [JobName.SentimentRescore]: QueueName.Sentiment,
  [JobName.MediaFetch]: QueueName.Media,
};

export interface RetryPolicy {
  attempts: number;
  /** First retry delay; each further retry doubles it. */
  backoffMs: number;
}

/** Ingest retries quickly and often: its failures are transient database trouble. */
export const INGEST_RETRY: RetryPolicy = { attempts: 12, backoffMs: 250 };

/** Detection re-reads everything it needs, so retrying after database trouble is always safe. */
export const CRISIS_RETRY: RetryPolicy = { attempts: 8, backoffMs: 500 };

/** Alert webhooks: receivers are someone else's servers, so back off for longer (about 4 hours in all). */
export const ALERT_DELIVERY_RETRY: RetryPolicy = { attempts: 10, backoffMs: 15_000 };

/** Media downloads: the platform keeps media for days, so a few spaced retries ride out its hiccups. */
export const MEDIA_RETRY: RetryPolicy = { attempts: 5, backoffMs: 2_000 };

export const SENTIMENT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 1_000 };

export const ALL_JOBS: readonly JobName[] = Object.values(JobName);
