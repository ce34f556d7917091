import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { AppConfig } from '@scrm/config';
import { requestContext } from '@scrm/common';
import { randomUUID } from 'node:crypto';
import { ALL_JOBS, JOB_QUEUE, JobName, QueueName } from './job-catalogue';
import { JOB_PROCESSOR, type JobContext, type JobHandler } from './job-handler';
import { QUEUE_DRIVER } from './queue.service';
import type { QueueDriver } from './queue-driver';

/**
 * In worker processes: finds every @JobProcessor, refuses to boot if a job has none, and starts
 * consuming. Each job runs with its own correlation id and the workspace from its payload.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap {
  private readonly logger = new Logger('Queue');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsWorker) return;
    const handlers = new Map<JobName, JobHandler<JobName>>();
    for (const wrapper of this.discovery.getProviders()) {
      const { instance, metatype } = wrapper;
      if (!instance || !metatype) continue;
      const job = this.reflector.get<JobName | undefined>(JOB_PROCESSOR, metatype as new () => unknown);
      if (job === undefined) continue;
      if (handlers.has(job)) throw new Error(`job ${job} has two processors`);
      handlers.set(job, instance as JobHandler<JobName>);
    }
    const missing = ALL_JOBS.filter((j) => !handlers.has(j));
    if (missing.length > 0) throw new Error(`no processor registered for job(s): ${missing.join(', ')}`);

    const concurrency: Record<QueueName, number> = {
      [QueueName.Ingest]: this.config.ingestConcurrency,
      [QueueName.Outbound]: 16,
      // Detection runs one at a time and merges the jobs waiting meanwhile into its next run: the
      // runners only hold jobs until their messages have been through a run.
      [QueueName.Crisis]: 64,
      [QueueName.Alerts]: 8,
      [QueueName.Sentiment]: 1,
      // Downloads wait on the platform, not on us: a handful in parallel per worker.
      [QueueName.Media]: 4,
    };
    const queues = [...new Set(ALL_JOBS.map((j) => JOB_QUEUE[j]))];
    await this.driver.startWorkers(
      queues.map((queue) => ({ queue, concurrency: concurrency[queue] })),
      (name, payload, ctx: JobContext) => {
        const handler = handlers.get(name);
        if (!handler) return Promise.reject(new Error(`unknown job ${name}`));
        const workspaceId = (payload as { workspaceId?: string }).workspaceId;
        return requestContext.run({ correlationId: randomUUID(), workspaceId }, () =>
          handler.handle(payload as never, ctx),
        );
      },
    );
    this.logger.log(`consuming ${queues.join(', ')} (${this.config.redisUrl ? 'BullMQ' : 'in-process'})`);
  }
}
