import type { JobName, QueueName, RetryPolicy } from './job-catalogue';
import { DeferJobError, MAX_JOB_DEFERRALS, UnrecoverableJobError } from './job-handler';
import type { JobRunner, QueueDriver, QueuedJob, WorkerSpec } from './queue-driver';

interface Pending {
  name: JobName;
  payload: unknown;
  jobId?: string;
  attempt: number;
  /** Runs put off by DeferJobError (they do not count as attempts). */
  deferrals: number;
  retry: RetryPolicy;
}

interface Lane {
  concurrency: number;
  running: number;
  waiting: Pending[];
}

/**
 * The embedded default's queue: the same handlers, run in this process with the same retry policy.
 * Jobs live in memory; durability comes from the database outboxes (inbound staging, pending outbound
 * messages), which the sweepers re-enqueue after a restart.
 */
export class InProcessDriver implements QueueDriver {
  private readonly lanes = new Map<QueueName, Lane>();
  private readonly activeIds = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private run: JobRunner | undefined;
  private closed = false;

  constructor(private readonly onError: (job: JobName, err: unknown, willRetry: boolean) => void) {}

  private lane(queue: QueueName): Lane {
    let lane = this.lanes.get(queue);
    if (!lane) {
      lane = { concurrency: 1, running: 0, waiting: [] };
      this.lanes.set(queue, lane);
    }
    return lane;
  }

  addBulk(queue: QueueName, jobs: QueuedJob[], retry: RetryPolicy): Promise<void> {
    if (this.closed) return Promise.reject(new Error('queue is shutting down'));
    for (const job of jobs) {
      const jobId = job.options?.jobId;
      if (jobId !== undefined) {
        if (this.activeIds.has(jobId)) continue;
        this.activeIds.add(jobId);
      }
      const pending: Pending = { name: job.name, payload: job.payload, jobId, attempt: 1, deferrals: 0, retry };
      if (job.options?.delayMs) this.later(queue, pending, job.options.delayMs);
      else this.lane(queue).waiting.push(pending);
    }
    this.pump(queue);
    return Promise.resolve();
  }

  startWorkers(specs: WorkerSpec[], run: JobRunner): Promise<void> {
    this.run = run;
    for (const spec of specs) {
      this.lane(spec.queue).concurrency = spec.concurrency;
      this.pump(spec.queue);
    }
    return Promise.resolve();
  }

  private later(queue: QueueName, pending: Pending, delayMs: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.lane(queue).waiting.push(pending);
      this.pump(queue);
    }, delayMs);
    this.timers.add(timer);
  }

  private pump(queue: QueueName): void {
    const lane = this.lane(queue);
    const run = this.run;
    if (!run || this.closed) return;
    while (lane.running < lane.concurrency && lane.waiting.length > 0) {
      const job = lane.waiting.shift()!;
      lane.running++;
      const ctx = {
        attempt: job.attempt,
        maxAttempts: job.retry.attempts,
        isFinalAttempt: job.attempt >= job.retry.attempts,
      };
      const p = run(job.name, job.payload, ctx)
        .then(
          () => this.finish(job),
          (err: unknown) => {
            if (err instanceof DeferJobError && job.deferrals < MAX_JOB_DEFERRALS && !this.closed) {
              this.later(queue, { ...job, deferrals: job.deferrals + 1 }, Math.max(0, err.delayMs));
              return;
            }
            const willRetry =
              !(err instanceof UnrecoverableJobError) && job.attempt < job.retry.attempts && !this.closed;
            this.onError(job.name, err, willRetry);
            if (willRetry) {
              this.later(queue, { ...job, attempt: job.attempt + 1 }, job.retry.backoffMs * 2 ** (job.attempt - 1));
            } else {
              this.finish(job);
            }
          },
        )
        .finally(() => {
          lane.running--;
          this.inFlight.delete(p);
          this.pump(queue);
        });
      this.inFlight.add(p);
    }
  }

  private finish(job: Pending): void {
    if (job.jobId !== undefined) this.activeIds.delete(job.jobId);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }
}
