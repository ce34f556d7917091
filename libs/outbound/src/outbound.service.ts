import { Injectable, Logger } from '@nestjs/common';
import { ChannelService } from '@scrm/channels';
import { ConnectorError } from '@scrm/connector-sdk';
import { UnitOfWork } from '@scrm/database';
import { ConversationRepository, InboxPublisher, MessageRepository } from '@scrm/inbox';
import { AttachmentService } from '@scrm/ingest';
import { DeferJobError, UnrecoverableJobError, type JobContext } from '@scrm/queue';
import { SessionSendRouter } from '@scrm/sessions';

/**
 * Sends one pending outbound message through its channel's connector. A retryable failure is thrown
 * back to the queue (which retries with backoff); a final one marks the message failed with the reason.
 * A rate limit whose reset the platform named puts the job off until then without using an attempt.
 */
@Injectable()
export class OutboundService {
  private readonly logger = new Logger('Outbound');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly messages: MessageRepository,
    private readonly conversations: ConversationRepository,
    private readonly channels: ChannelService,
    private readonly publisher: InboxPublisher,
    private readonly router: SessionSendRouter,
    private readonly attachments: AttachmentService,
  ) {}

  async deliver(workspaceId: string, messageId: string, ctx: JobContext): Promise<void> {
    const em = this.uow.manager;
    const message = await this.messages.find(em, workspaceId, messageId);
    if (!message || message.direction !== 'out' || message.delivery_status !== 'pending') return;
    const conversation = await this.conversations.find(em, workspaceId, message.conversation_id);
    const channel = await this.channels.resolve(workspaceId, message.channel_id);
    if (!conversation || !channel) {
      await this.settle(workspaceId, messageId, {
        status: 'failed',
        error: 'NOT_FOUND: the channel or conversation no longer exists',
      });
      return;
    }
    const inReplyTo = await this.messages.latestInboundPlatformId(em, workspaceId, conversation.id);
    try {
      const result = await this.router.send(channel, {
        messageId,
        conversationId: conversation.id,
        threadKey: conversation.thread_key,
        isGroup: conversation.is_group,
        recipient: { platformUserId: conversation.thread_key },
        text: message.text,
        attachments: await this.attachments.inline(workspaceId, message.attachments),
        createdAt: message.created_at,
        automated: message.author_user_id === null,
        ...(inReplyTo ? { inReplyToPlatformMessageId: inReplyTo } : {}),
      });
      await this.settle(workspaceId, messageId, { status: 'sent', platformMessageId: result.platformMessageId });
    } catch (err) {
      const error = err instanceof ConnectorError ? err : new ConnectorError('UNKNOWN', String(err), { cause: err });
      if (error.code === 'RATE_LIMITED' && error.resetAt) {
        const delayMs = Math.max(0, error.resetAt.getTime() - Date.now());
        this.logger.warn(`send rate-limited; put off until the reset in ${delayMs} ms`);
        throw new DeferJobError(delayMs, error.message, { cause: error });
      }
      const final = !error.retryable || ctx.isFinalAttempt;
      this.logger.warn(
        `send failed (${error.code}, attempt ${ctx.attempt}/${ctx.maxAttempts}${final ? ', final' : ''})`,
      );
      if (!final) throw error;
      await this.settle(workspaceId, messageId, { status: 'failed', error: `${error.code}: ${error.message}` });
      throw new UnrecoverableJobError(error.message, { cause: error });
    }
  }

  private async settle(
    workspaceId: string,
    messageId: string,
    outcome: { status: 'sent'; platformMessageId?: string } | { status: 'failed'; error: string },
  ): Promise<void> {
    const changed = await this.messages.settleDelivery(this.uow.manager, workspaceId, messageId, outcome);
    if (changed) await this.publisher.messagesChanged(workspaceId, [messageId], 'message.updated');
  }
}
