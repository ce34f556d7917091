import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@scrm/common';
import { AppConfig } from '@scrm/config';
import { UnitOfWork } from '@scrm/database';
import { JobName, QueueService } from '@scrm/queue';
import { CrisisWebhookRepository } from './crisis-webhook.repository';

/**
 * The alert webhook outbox relay: a pending delivery whose job was lost (a Redis restart, a crash
 * between commit and enqueue) is enqueued again. The job id is the delivery's, so a job still waiting
 * or retrying is not duplicated.
 */
@Injectable()
export class AlertDeliverySweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AlertDeliverySweeper');
  private readonly task = new PeriodicTask('sweep', this.logger);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly webhooks: CrisisWebhookRepository,
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.task.start(this.config.sweepIntervalMs, () => this.sweep());
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  async sweep(olderThanMs = this.config.queueLockMs * 2): Promise<number> {
    const rows = await this.webhooks.stalePending(this.uow.manager, olderThanMs, 1000);
    if (rows.length === 0) return 0;
    await this.queue.enqueueMany(
      JobName.AlertDeliver,
      rows.map((r) => ({
        payload: { workspaceId: r.workspace_id, deliveryId: r.id },
        options: { jobId: `ad-${r.id}`, replaceFailed: true },
      })),
    );
    return rows.length;
  }
}
