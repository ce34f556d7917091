/**
 * Every background job Murmur runs. Payloads carry ids only — never message text or personal data —
 * so a queue dump holds nothing that erasure would have to chase.
 */
export enum QueueName {
  Ingest = 'ingest',
  Outbound = 'outbound',
}

export enum JobName {
  IngestInbound = 'ingest.inbound',
  OutboundSend = 'outbound.send',
}

export interface JobPayloads {
  [JobName.IngestInbound]: { workspaceId: string; inboundIds: string[] };
  [JobName.OutboundSend]: { workspaceId: string; messageId: string };
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.IngestInbound]: QueueName.Ingest,
  [JobName.OutboundSend]: QueueName.Outbound,
};

export interface RetryPolicy {
  attempts: number;
  /** First retry delay; each further retry doubles it. */
  backoffMs: number;
}

/** Ingest retries quickly and often: its failures are transient database trouble. */
export const INGEST_RETRY: RetryPolicy = { attempts: 12, backoffMs: 250 };

export const ALL_JOBS: readonly JobName[] = Object.values(JobName);
