import { Injectable } from '@nestjs/common';
import { WorkerLoop } from '@scrm/common';
import { AppConfig } from '@scrm/config';
import { UnitOfWork } from '@scrm/database';
import { MessageRepository } from '@scrm/inbox';
import { JobName, QueueService } from '@scrm/queue';

/**
 * The outbound outbox relay: a reply committed as `pending` whose send job was lost is enqueued
 * again. The job id is the message's, so a job still waiting or retrying is not duplicated.
 */
@Injectable()
export class OutboundSweeper extends WorkerLoop {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly messages: MessageRepository,
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {
    super('OutboundSweeper', {
      what: 'sweep',
      enabled: config.runsWorker,
      intervalMs: config.sweepIntervalMs,
      runNow: true,
    });
  }

  protected run(): Promise<unknown> {
    return this.sweep();
  }

  async sweep(olderThanMs = this.config.queueLockMs * 2): Promise<number> {
    const rows = await this.messages.pendingOutbound(this.uow.manager, olderThanMs, 1000);
    if (rows.length === 0) return 0;
    await this.queue.enqueueMany(
      JobName.OutboundSend,
      rows.map((r) => ({
        payload: { workspaceId: r.workspace_id, messageId: r.id },
        options: { jobId: `out-${r.id}`, replaceFailed: true },
      })),
    );
    return rows.length;
  }
}
