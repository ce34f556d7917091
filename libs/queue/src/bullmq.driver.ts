import { DelayedError, Queue, UnrecoverableError, Worker, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobName, QueueName, RetryPolicy } from './job-catalogue';
import { DeferJobError, MAX_JOB_DEFERRALS, UnrecoverableJobError } from './job-handler';
import type { JobRunner, QueueDriver, QueuedJob, WorkerSpec } from './queue-driver';

/** BullMQ on Redis: jobs survive process crashes; a stalled job's lock expires and another worker runs it. */
export class BullmqDriver implements QueueDriver {
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly connection: () => Redis,
    private readonly prefix: string,
    private readonly lockMs: number,
  ) {}

  private queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection(), prefix: this.prefix });
      this.queues.set(name, q);
    }
    return q;
  }

  async addBulk(queue: QueueName, jobs: QueuedJob[], retry: RetryPolicy): Promise<void> {
    if (jobs.length === 0) return;
    await this.removeFailed(
      queue,
      jobs.flatMap((j) => (j.options?.replaceFailed && j.options.jobId ? [j.options.jobId] : [])),
    );
    await this.queue(queue).addBulk(
      jobs.map((j) => {
        const opts: JobsOptions = {
          attempts: retry.attempts,
          backoff: { type: 'exponential', delay: retry.backoffMs },
          removeOnComplete: true,
          removeOnFail: { count: 5000 },
        };
        if (j.options?.jobId) opts.jobId = j.options.jobId;
        if (j.options?.delayMs) opts.delay = j.options.delayMs;
        return { name: j.name, data: j.payload, opts };
      }),
    );
  }

  private async removeFailed(queue: QueueName, jobIds: string[]): Promise<void> {
    const q = this.queue(queue);
    for (let i = 0; i < jobIds.length; i += 100) {
      await Promise.all(
        jobIds.slice(i, i + 100).map(async (id) => {
          if ((await q.getJobState(id)) === 'failed') await q.remove(id);
        }),
      );
    }
  }

  async startWorkers(specs: WorkerSpec[], run: JobRunner): Promise<void> {
    for (const spec of specs) {
      const worker = new Worker(
        spec.queue,
        async (job, token) => {
          const maxAttempts = job.opts.attempts ?? 1;
          const attempt = job.attemptsMade + 1;
          try {
            await run(job.name as JobName, job.data, { attempt, maxAttempts, isFinalAttempt: attempt >= maxAttempts });
          } catch (err) {
            if (err instanceof UnrecoverableJobError) throw new UnrecoverableError(err.message);
            // Every run starts an attempt, only failures make one: the difference is the runs put off.
            const deferrals = (job.attemptsStarted ?? 0) - job.attemptsMade - 1;
            if (err instanceof DeferJobError && token && deferrals < MAX_JOB_DEFERRALS) {
              // Back to the delayed set without counting an attempt; DelayedError tells the worker it moved.
              await job.moveToDelayed(Date.now() + Math.max(0, err.delayMs), token);
              throw new DelayedError();
            }
            if (err instanceof DeferJobError) throw err.cause instanceof Error ? err.cause : err;
            throw err;
          }
        },
        {
          connection: this.connection(),
          prefix: this.prefix,
          concurrency: spec.concurrency,
          lockDuration: this.lockMs,
          stalledInterval: Math.max(1000, Math.floor(this.lockMs / 2)),
          maxStalledCount: 5,
        },
      );
      worker.on('error', () => undefined); // connection errors are logged by the Redis client
      this.workers.push(worker);
      await worker.waitUntilReady();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
