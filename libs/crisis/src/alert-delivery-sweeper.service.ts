import { Injectable } from '@nestjs/common';
import { WorkerLoop } from '@scrm/common';
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
export class AlertDeliverySweeper extends WorkerLoop {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly webhooks: CrisisWebhookRepository,
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {
    super('AlertDeliverySweeper', { what: 'sweep', enabled: config.runsWorker, intervalMs: config.sweepIntervalMs });
  }

  protected run(): Promise<unknown> {
    return this.sweep();
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
