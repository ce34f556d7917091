import { Injectable, Logger } from '@nestjs/common';
import { ChannelService } from '@scrm/channels';
import { ConnectorError } from '@scrm/connector-sdk';
import { UnitOfWork, type MessageAttachment } from '@scrm/database';
import { InboxPublisher, MessageRepository } from '@scrm/inbox';
import type { JobContext } from '@scrm/queue';
import { AttachmentService } from './attachment.service';

/**
 * Downloads the platform media of a stored message (attachments whose `mediaRef` is pending) through
 * the channel's connector and stores it as an attachment. The message is already safe; a download that
 * cannot succeed (expired media, channel gone) marks the attachment unavailable with the reason.
 */
@Injectable()
export class MediaFetchService {
  private readonly logger = new Logger('MediaFetch');

  constructor(
    private readonly uow: UnitOfWork,
    private readonly messages: MessageRepository,
    private readonly channels: ChannelService,
    private readonly attachments: AttachmentService,
    private readonly publisher: InboxPublisher,
  ) {}

  async fetch(workspaceId: string, messageId: string, ctx: JobContext): Promise<void> {
    const message = await this.messages.find(this.uow.manager, workspaceId, messageId);
    if (!message || !message.attachments.some(isPending)) return;
    const channel = await this.channels.resolve(workspaceId, message.channel_id);
    const fetchMedia = channel?.connector.fetchMedia?.bind(channel.connector);

    let retryLater: ConnectorError | undefined;
    const next: MessageAttachment[] = [];
    for (const a of message.attachments) {
      if (!isPending(a)) {
        next.push(a);
        continue;
      }
      if (!channel || !fetchMedia) {
        next.push(unavailable(a, 'NOT_FOUND: the channel no longer exists or cannot download media'));
        continue;
      }
      try {
        const media = await fetchMedia(channel.context, a.mediaRef!, this.attachments.maxBytes);
        const { mediaRef: _ref, status: _status, error: _error, ...kept } = a;
        const name = a.name ?? media.name;
        const stored = await this.attachments.store(workspaceId, message.channel_id, media.data, {
          name,
          contentType: media.contentType,
        });
        next.push({ ...kept, ...(name ? { name } : {}), ...stored });
      } catch (err) {
        const error = err instanceof ConnectorError ? err : new ConnectorError('UNKNOWN', String(err), { cause: err });
        this.logger.warn(`media download failed (${error.code}, attempt ${ctx.attempt}/${ctx.maxAttempts})`);
        if (error.retryable && !ctx.isFinalAttempt) {
          retryLater = error;
          next.push(a);
        } else {
          next.push(unavailable(a, `${error.code}: ${error.message}`));
        }
      }
    }
    if (await this.messages.updateAttachments(this.uow.manager, workspaceId, messageId, next)) {
      await this.publisher.messagesChanged(workspaceId, [messageId], 'message.updated');
    }
    // The successes are kept; the queue runs the job again for what is still pending.
    if (retryLater) throw retryLater;
  }
}

function isPending(a: MessageAttachment): boolean {
  return a.status === 'pending' && typeof a.mediaRef === 'string';
}

function unavailable(a: MessageAttachment, error: string): MessageAttachment {
  return { ...a, status: 'unavailable', error: error.slice(0, 300) };
}
