import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@scrm/database';
import { ConversationRepository, InboxPublisher } from '@scrm/inbox';
import { JobName, QueueService } from '@scrm/queue';
import { RealtimePublisher } from '@scrm/realtime';
import { CrisisAlertViews } from './crisis-alert-view.service';
import { CrisisWebhookRepository } from './crisis-webhook.repository';

/**
 * Tells everyone an alert opened or changed: the workspace's socket.io room, its webhooks (through
 * the delivery outbox and a queued job each), and the inbox, whose conversations in a live alert
 * have their priority raised.
 */
@Injectable()
export class CrisisNotifier {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly views: CrisisAlertViews,
    private readonly webhooks: CrisisWebhookRepository,
    private readonly conversations: ConversationRepository,
    private readonly inbox: InboxPublisher,
    private readonly realtime: RealtimePublisher,
    private readonly queue: QueueService,
  ) {}

  async alertsChanged(workspaceId: string, created: string[], updated: string[]): Promise<void> {
    for (const [event, ids] of [
      ['alert.created', created],
      ['alert.updated', updated],
    ] as const) {
      for (const { row, view } of await this.views.byIds(workspaceId, ids)) {
        this.realtime.publish(workspaceId, event, { workspaceId, alert: view });
        const deliveries = await this.webhooks.enqueueDeliveries(this.uow.manager, workspaceId, row.id, event);
        await this.queue.enqueueMany(
          JobName.AlertDeliver,
          deliveries.map((deliveryId) => ({
            payload: { workspaceId, deliveryId },
            options: { jobId: `ad-${deliveryId}` },
          })),
        );
        if (row.status !== 'resolved') await this.raisePriority(workspaceId, row.message_ids, row.severity);
      }
    }
  }

  private async raisePriority(workspaceId: string, messageIds: string[], severity: string): Promise<void> {
    const changed = await this.conversations.raisePriorityOfMessages(
      this.uow.manager,
      workspaceId,
      messageIds,
      severity === 'critical' ? 'urgent' : 'high',
    );
    if (changed.length > 0) await this.inbox.conversationsChanged(workspaceId, changed);
  }
}
