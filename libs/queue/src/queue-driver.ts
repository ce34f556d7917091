import type { JobName, QueueName, RetryPolicy } from './job-catalogue';
import type { JobContext } from './job-handler';

export interface EnqueueOptions {
  /** Jobs with the same id are deduplicated while one is waiting or running. */
  jobId?: string;
  delayMs?: number;
  /**
   * For sweepers re-enqueueing work whose row says it is still to do: a job with the same id that has
   * already failed for good (and is kept for inspection) is removed first, so the new job runs instead
   * of being deduplicated against the dead one. A waiting or running job still deduplicates.
   */
  replaceFailed?: boolean;
}

export interface QueuedJob {
  name: JobName;
  payload: unknown;
  options?: EnqueueOptions;
}

export type JobRunner = (name: JobName, payload: unknown, ctx: JobContext) => Promise<void>;

export interface WorkerSpec {
  queue: QueueName;
  concurrency: number;
}

/** Where jobs go: BullMQ on Redis, or the in-process runner of the embedded default. */
export interface QueueDriver {
  addBulk(queue: QueueName, jobs: QueuedJob[], retry: RetryPolicy): Promise<void>;
  startWorkers(specs: WorkerSpec[], run: JobRunner): Promise<void>;
  /** Stops taking jobs and waits for the ones running to finish. */
  close(): Promise<void>;
}
