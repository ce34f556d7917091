import { Injectable } from '@nestjs/common';
import { WorkerLoop } from '@scrm/common';
import { AppConfig } from '@scrm/config';
import { UnitOfWork } from '@scrm/database';
import { JobName, QueueService } from '@scrm/queue';
import { InboundRepository } from './inbound.repository';

/**
 * Re-enqueues staged inbound rows whose job was lost (a Redis restart without persistence, a crash
 * between commit and enqueue). Runs once at worker start and then periodically; re-running a job is
 * harmless because processing claims and deletes the row.
 */
@Injectable()
export class IngestSweeper extends WorkerLoop {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: InboundRepository,
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {
    super('IngestSweeper', {
      what: 'sweep',
      enabled: config.runsWorker,
      intervalMs: config.sweepIntervalMs,
      runNow: true,
    });
  }

  protected run(): Promise<unknown> {
    return this.sweep();
  }

  /** Staged rows older than twice the job lock time are orphans. */
  async sweep(olderThanMs = this.config.queueLockMs * 2): Promise<number> {
    const rows = await this.repo.stale(this.uow.manager, olderThanMs, 5000);
    if (rows.length === 0) return 0;
    await this.queue.enqueueMany(
      JobName.IngestInbound,
      rows.map((r) => ({
        payload: { workspaceId: r.workspace_id, inboundIds: [r.id] },
        options: { jobId: `in-${r.id}`, replaceFailed: true },
      })),
    );
    this.logger.log(`re-enqueued ${rows.length} staged inbound message(s)`);
    return rows.length;
  }
}
