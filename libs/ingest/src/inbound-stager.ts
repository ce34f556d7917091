import { Injectable } from '@nestjs/common';
import { AppConfig } from '@scrm/config';
import { GroupCommitter } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import { JobName, QueueService } from '@scrm/queue';
import { InboundRepository, type NewStagedRow } from './inbound.repository';

/**
 * The door's durable hand-off: concurrent inbound requests are staged with one multi-row INSERT and
 * one enqueue per workspace, and each request is answered only after both.
 */
@Injectable()
export class InboundStager {
  private readonly committer: GroupCommitter<NewStagedRow>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repo: InboundRepository,
    private readonly queue: QueueService,
    config: AppConfig,
  ) {
    this.committer = new GroupCommitter(
      (rows) => this.flush(rows),
      500,
      config.embeddedDatabase ? 1 : 4,
      config.stageLingerMs,
    );
  }

  stage(rows: NewStagedRow[]): Promise<void> {
    return this.committer.submit(rows);
  }

  private async flush(rows: NewStagedRow[]): Promise<void> {
    // One statement: atomic on its own, so no transaction around it.
    const staged = await this.repo.stage(this.uow.manager, rows);
    const byWorkspace = new Map<string, string[]>();
    for (const r of staged) {
      const list = byWorkspace.get(r.workspace_id) ?? [];
      list.push(r.id);
      byWorkspace.set(r.workspace_id, list);
    }
    await this.queue.enqueueMany(
      JobName.IngestInbound,
      [...byWorkspace].map(([workspaceId, inboundIds]) => ({
        payload: { workspaceId, inboundIds },
        options: { jobId: `in-${inboundIds[0]}` },
      })),
    );
  }
}
