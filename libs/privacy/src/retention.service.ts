import { Injectable } from '@nestjs/common';
import { AuditService } from '@scrm/audit';
import { WorkerLoop } from '@scrm/common';
import { AppConfig } from '@scrm/config';
import { UnitOfWork } from '@scrm/database';
import { RetentionRepository } from './retention.repository';

/** Messages per transaction: small enough to keep locks short on a busy workspace. */
const BATCH = 1000;
/** Batches per workspace per run, so one huge backlog does not starve the other workspaces. */
const MAX_BATCHES_PER_RUN = 100;
const DAY_MS = 86_400_000;

/**
 * Applies each workspace's retention period: messages sent (event time) more than `retentionDays` ago
 * are deleted with their stored files, timeline entries and sentiment corrections, in batches. Runs in
 * the job-consuming process; each run is recorded in the audit log.
 */
@Injectable()
export class RetentionService extends WorkerLoop {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: RetentionRepository,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    super('Retention', {
      what: 'retention sweep',
      enabled: config.runsWorker,
      intervalMs: config.retentionIntervalMs,
      runNow: true,
    });
  }

  protected run(): Promise<unknown> {
    return this.sweep();
  }

  /** One pass over every workspace with a retention period; returns the messages deleted per workspace. */
  async sweep(now = new Date()): Promise<Map<string, number>> {
    const deleted = new Map<string, number>();
    for (const ws of await this.repo.workspacesWithRetention(this.uow.manager)) {
      const cutoff = new Date(now.getTime() - ws.retention_days * DAY_MS);
      let messages = 0;
      let attachments = 0;
      for (let i = 0; i < MAX_BATCHES_PER_RUN; i++) {
        const batch = await this.uow.run((tx) => this.repo.deleteBatch(tx, ws.id, cutoff, BATCH));
        messages += batch.messages;
        attachments += batch.attachments;
        if (batch.messages < BATCH) break;
      }
      if (messages === 0) continue;
      deleted.set(ws.id, messages);
      await this.audit.recordNow({
        workspaceId: ws.id,
        actorUserId: null,
        action: 'workspace.retention_applied',
        targetType: 'workspace',
        targetId: ws.id,
        data: { retentionDays: ws.retention_days, before: cutoff.toISOString(), messages, attachments },
      });
      this.logger.log(`workspace ${ws.id}: deleted ${messages} message(s) older than ${ws.retention_days} day(s)`);
    }
    return deleted;
  }
}
