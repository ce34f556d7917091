import { Injectable } from '@nestjs/common';
import { AppException } from '@scrm/common';
import type { Principal } from '@scrm/auth';
import { ChannelService } from '@scrm/channels';
import { UnitOfWork } from '@scrm/database';
import { TimelineService } from '@scrm/timeline';
import { ConversationRepository } from './conversation.repository';
import type { MoveToDmResultDto } from './inbox.dto';
import { MessageRepository } from './message.repository';
import { ReplyService } from './reply.service';

/**
 * "Move to DM": from a public thread (an X post thread), opens — or finds — the private conversation
 * with the author, links the two on the contact's timeline (an event on each, naming the other), and
 * sends the agent's first DM there through the ordinary reply path.
 */
@Injectable()
export class MoveToDmService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly channels: ChannelService,
    private readonly timeline: TimelineService,
    private readonly replies: ReplyService,
  ) {}

  async move(principal: Principal, conversationId: string, text: string): Promise<MoveToDmResultDto> {
    const { workspaceId } = principal;
    const em = this.uow.manager;
    const conv = await this.conversations.find(em, workspaceId, conversationId);
    if (!conv) throw AppException.notFound('conversation');
    const channel = await this.channels.resolve(workspaceId, conv.channel_id);
    if (!channel) throw AppException.notFound('channel');
    const { connector } = channel;
    if (!connector.isPublicThread || !connector.privateThreadFor) {
      throw AppException.invalid(
        `move to DM is only for public X conversations; this conversation is on a ${channel.type} channel`,
      );
    }
    if (!connector.isPublicThread(conv.thread_key)) {
      throw new AppException(
        'CONFLICT',
        'the conversation is not a public thread: it is already a direct message conversation',
      );
    }
    const author = await this.messages.latestInboundAuthor(em, workspaceId, conversationId);
    const dmThread = author && connector.privateThreadFor(channel.context, author.platformUserId);
    if (!author || !dmThread) {
      throw new AppException('CONFLICT', 'the conversation has no post from an author who can be sent a DM');
    }
    const now = new Date();
    const dmConversationId = await this.uow.run(async (tx) => {
      const refs = await this.conversations.upsertThreads(tx, [
        {
          workspaceId,
          channelId: conv.channel_id,
          threadKey: dmThread,
          contactId: author.contactId,
          isGroup: false,
          subject: null,
          firstAt: now,
        },
      ]);
      const dmId = [...refs.values()][0]!.id;
      await this.timeline.record(tx, [
        {
          workspaceId,
          contactId: conv.contact_id ?? author.contactId,
          conversationId,
          messageId: null,
          kind: 'conversation.moved_to_dm',
          actorUserId: principal.userId,
          data: { linkedConversationId: dmId },
          occurredAt: now,
        },
        {
          workspaceId,
          contactId: author.contactId,
          conversationId: dmId,
          messageId: null,
          kind: 'conversation.moved_from_public',
          actorUserId: principal.userId,
          data: { linkedConversationId: conversationId },
          occurredAt: now,
        },
      ]);
      return dmId;
    });
    const message = await this.replies.reply(principal, dmConversationId, text);
    return { publicConversationId: conversationId, dmConversationId, message };
  }
}
