import { Injectable } from '@nestjs/common';
import { WorkerLoop } from '@scrm/common';
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
export class SnoozeSweeper extends WorkerLoop {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly conversations: ConversationRepository,
    private readonly timeline: TimelineService,
    private readonly publisher: InboxPublisher,
    config: AppConfig,
  ) {
    super('SnoozeSweeper', { what: 'snooze sweep', enabled: config.runsWorker, intervalMs: config.sweepIntervalMs });
  }

  protected run(): Promise<unknown> {
    return this.sweep();
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
