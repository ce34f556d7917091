import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@scrm/common';
import { AppConfig } from '@scrm/config';
import { UnitOfWork } from '@scrm/database';
import { TimelineService } from '@scrm/timeline';
import { ConversationRepository } from './conversation.repository';
import { InboxPublisher } from './inbox-publisher';

/**
 * The snooze clock: every sweep interval, conversations snoozed until a time that has passed reopen
 * (a customer message reopens them earlier, in ingest). Runs in the job-consuming process; the
 * UPDATE … SKIP LOCKED makes concurrent sweepers on several workers harmless.
 */
@Injectable()
export class SnoozeSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SnoozeSweeper');
  private readonly task = new PeriodicTask('snooze sweep', this.logger);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly conversations: ConversationRepository,
    private readonly timeline: TimelineService,
    private readonly publisher: InboxPublisher,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.task.start(this.config.sweepIntervalMs, () => this.sweep());
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }

  async sweep(): Promise<number> {
    const woken = await this.uow.run(async (tx) => {
      const rows = await this.conversations.wakeDue(tx);
      const now = new Date();
      await this.timeline.record(
        tx,
        rows.map((r) => ({
          workspaceId: r.workspace_id,
          contactId: r.contact_id,
          conversationId: r.id,
          messageId: null,
          kind: 'conversation.reopened',
          actorUserId: null,
          data: { from: 'snoozed', to: 'open', reason: 'snooze_elapsed' },
          occurredAt: now,
        })),
      );
      return rows;
    });
    const byWorkspace = new Map<string, string[]>();
    for (const r of woken) byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r.id]);
    for (const [ws, ids] of byWorkspace) await this.publisher.conversationsChanged(ws, ids);
    return woken.length;
  }
}
