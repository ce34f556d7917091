import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@scrm/config';
import {
  ALERT_DELIVERY_RETRY,
  CRISIS_RETRY,
  INGEST_RETRY,
  MEDIA_RETRY,
  SENTIMENT_RETRY,
  JOB_QUEUE,
  JobName,
  QueueName,
  type JobPayloads,
  type RetryPolicy,
} from './job-catalogue';
import type { EnqueueOptions, QueueDriver } from './queue-driver';

export const QUEUE_DRIVER = Symbol('QUEUE_DRIVER');

/** The typed way to enqueue: a job name decides its queue, payload type and retry policy. */
@Injectable()
export class QueueService {
  private readonly policies: Record<QueueName, RetryPolicy>;

  constructor(
    @Inject(QUEUE_DRIVER) private readonly driver: QueueDriver,
    config: AppConfig,
  ) {
    this.policies = {
      [QueueName.Ingest]: INGEST_RETRY,
      [QueueName.Outbound]: { attempts: config.outboundAttempts, backoffMs: config.outboundBackoffMs },
      [QueueName.Crisis]: CRISIS_RETRY,
      [QueueName.Alerts]: { attempts: ALERT_DELIVERY_RETRY.attempts, backoffMs: config.alertBackoffMs },
      [QueueName.Sentiment]: SENTIMENT_RETRY,
      [QueueName.Media]: MEDIA_RETRY,
    };
  }

  retryPolicy(queue: QueueName): RetryPolicy {
    return this.policies[queue];
  }

  enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options?: EnqueueOptions): Promise<void> {
    return this.enqueueMany(name, [{ payload, options }]);
  }

  enqueueMany<N extends JobName>(
    name: N,
    jobs: { payload: JobPayloads[N]; options?: EnqueueOptions }[],
  ): Promise<void> {
    const queue = JOB_QUEUE[name];
    return this.driver.addBulk(
      queue,
      jobs.map((j) => ({ name, payload: j.payload, options: j.options })),
      this.policies[queue],
    );
  }
}
