import { Injectable, Logger } from '@nestjs/common';
import { AppException, attachmentUrl } from '@scrm/common';
import type { Principal } from '@scrm/auth';
import { UnitOfWork, type MessageAttachment } from '@scrm/database';
import { JobName, QueueService } from '@scrm/queue';
import type { MessageView } from '@scrm/realtime';
import { TimelineService } from '@scrm/timeline';
import { AttachmentRepository } from './attachment.repository';
import { ConversationRepository } from './conversation.repository';
import { InboxPublisher } from './inbox-publisher';
import { toMessageView } from './inbox.mappers';
import { MessageRepository } from './message.repository';

/**
 * An agent's reply. The message row (status pending) is the outbox entry: it is committed first, then
 * the send job is enqueued; if that enqueue is lost the outbound sweeper enqueues it again.
 */
@Injectable()
export class ReplyService {
  private readonly logger = new Logger('Reply');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly timeline: TimelineService,
    private readonly queue: QueueService,
    private readonly publisher: InboxPublisher,
    private readonly attachments: AttachmentRepository,
  ) {}

  async reply(
    principal: Principal,
    conversationId: string,
    text: string,
    attachmentIds: string[] = [],
  ): Promise<MessageView> {
    const { workspaceId } = principal;
    const now = new Date();
    if (text === '' && attachmentIds.length === 0) throw AppException.invalid('text or attachmentIds is required');
    const attachments = await this.attachmentsOf(workspaceId, attachmentIds);
    const messageId = await this.uow.run(async (tx) => {
      const conv = await this.conversations.lockForUpdate(tx, workspaceId, conversationId);
      if (!conv) throw AppException.notFound('conversation');
      if (conv.erased_at) throw new AppException('CONFLICT', 'the customer of this conversation was erased');
      const id = await this.messages.insertOutbound(tx, {
        workspaceId,
        conversationId,
        channelId: conv.channel_id,
        authorUserId: principal.userId,
        text,
        attachments,
        sentAt: now,
      });
      await this.conversations.touchOutbound(tx, workspaceId, conversationId, now);
      // Whoever answers has read what they answered.
      await this.conversations.markRead(tx, workspaceId, conversationId, principal.userId);
      await this.timeline.record(tx, [
        {
          workspaceId,
          contactId: conv.contact_id,
          conversationId,
          messageId: id,
          kind: 'message',
          actorUserId: principal.userId,
          data: { direction: 'out' },
          occurredAt: now,
        },
      ]);
      return id;
    });
    // Read before the send job exists: the answer is the reply as accepted (pending), even when the
    // job sends it before this request finishes; its delivery comes as `message.updated`.
    const accepted = toMessageView((await this.messages.find(this.uow.manager, workspaceId, messageId))!);
    await this.queue
      .enqueue(JobName.OutboundSend, { workspaceId, messageId }, { jobId: `out-${messageId}` })
      .catch((err: unknown) => this.logger.warn(`send job not enqueued, the sweeper will retry: ${String(err)}`));
    await this.publisher.messagesChanged(workspaceId, [messageId], 'message.created');
    await this.publisher.conversationsChanged(workspaceId, [conversationId]);
    await this.publisher.unreadChanged(workspaceId, [conversationId], principal.userId);
    return accepted;
  }

  /** The reply's files as message attachments; an id not stored in this workspace is a 404. */
  private async attachmentsOf(workspaceId: string, ids: string[]): Promise<MessageAttachment[]> {
    const unique = [...new Set(ids)];
    const rows = await this.attachments.findInfo(workspaceId, unique);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return unique.map((id) => {
      const r = byId.get(id);
      if (!r) throw AppException.notFound('attachment');
      return {
        url: attachmentUrl(r.id),
        type: r.content_type.startsWith('image/') ? 'image' : 'file',
        ...(r.name ? { name: r.name } : {}),
        size: r.size,
        contentType: r.content_type,
      };
    });
  }

  /** Sends a failed reply again: back to pending and a fresh send job. */
  async retry(principal: Principal, conversationId: string, messageId: string): Promise<MessageView> {
    const { workspaceId } = principal;
    const row = await this.messages.find(this.uow.manager, workspaceId, messageId);
    if (!row || row.conversation_id !== conversationId) throw AppException.notFound('message');
    if (row.erased_at) throw new AppException('CONFLICT', 'this message was erased with its contact');
    if (!(await this.messages.requeueFailed(this.uow.manager, workspaceId, conversationId, messageId))) {
      throw new AppException('CONFLICT', 'only a failed outbound message can be retried');
    }
    const accepted = toMessageView((await this.messages.find(this.uow.manager, workspaceId, messageId))!);
    // A new job id: the failed job may still be kept under the original one.
    await this.queue
      .enqueue(JobName.OutboundSend, { workspaceId, messageId }, { jobId: `out-${messageId}-r${Date.now()}` })
      .catch((err: unknown) => this.logger.warn(`retry job not enqueued, the sweeper will retry: ${String(err)}`));
    await this.publisher.messagesChanged(workspaceId, [messageId], 'message.updated');
    return accepted;
  }
}
