import { Injectable } from '@nestjs/common';
import { WorkerLoop } from '@scrm/common';
import { AppConfig } from '@scrm/config';
import { UnitOfWork } from '@scrm/database';
import { JobName, QueueService } from '@scrm/queue';
import { CrisisBucketRepository } from './crisis-bucket.repository';

const SWEEP_LIMIT = 5000;
const ITEMS_PER_JOB = 1000;

/**
 * The crisis detection outbox relay: stored messages and listening hits whose detection job was lost
 * (a Redis restart, a crash between commit and enqueue) are enqueued for detection again. A job that
 * runs twice counts nothing twice, because counting takes the items out of the outbox.
 */
@Injectable()
export class CrisisPendingSweeper extends WorkerLoop {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly buckets: CrisisBucketRepository,
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {
    super('CrisisPendingSweeper', { what: 'sweep', enabled: config.runsWorker, intervalMs: config.sweepIntervalMs });
  }

  protected run(): Promise<unknown> {
    return this.sweep();
  }

  async sweep(olderThanMs = this.config.queueLockMs * 2): Promise<number> {
    const rows = await this.buckets.stalePending(this.uow.manager, olderThanMs, SWEEP_LIMIT);
    if (rows.length === 0) return 0;
    const byWorkspace = new Map<string, typeof rows>();
    for (const r of rows) {
      const items = byWorkspace.get(r.workspace_id) ?? [];
      items.push(r);
      byWorkspace.set(r.workspace_id, items);
    }
    const jobs = [...byWorkspace].flatMap(([workspaceId, items]) => {
      const chunks: (typeof rows)[] = [];
      for (let i = 0; i < items.length; i += ITEMS_PER_JOB) chunks.push(items.slice(i, i + ITEMS_PER_JOB));
      return chunks.map((chunk) => ({
        payload: {
          workspaceId,
          messageIds: chunk.filter((r) => r.kind === 'message').map((r) => r.item_id),
          eventIds: chunk.filter((r) => r.kind === 'event').map((r) => r.item_id),
        },
        options: { jobId: `cd-${chunk[0]!.item_id}`, replaceFailed: true },
      }));
    });
    await this.queue.enqueueMany(JobName.CrisisDetect, jobs);
    this.logger.log(`re-enqueued crisis detection for ${rows.length} item(s)`);
    return rows.length;
  }
}
