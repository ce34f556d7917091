import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@scrm/database';
import { RealtimePublisher } from '@scrm/realtime';
import { ConversationRepository } from './conversation.repository';
import { toConversationView, toMessageView } from './inbox.mappers';
import { MessageRepository, type MessageRow } from './message.repository';

/** Publishes committed rows (re-read, or as a statement returned them) to the workspace's inbox room. */
@Injectable()
export class InboxPublisher {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly realtime: RealtimePublisher,
  ) {}

  async messagesChanged(
    workspaceId: string,
    messageIds: string[],
    event: 'message.created' | 'message.updated',
  ): Promise<void> {
    this.publishMessages(workspaceId, await this.messages.findMany(this.uow.manager, workspaceId, messageIds), event);
  }

  /** Publishes messages already read as views (committed), oldest first. */
  publishMessages(workspaceId: string, rows: MessageRow[], event: 'message.created' | 'message.updated'): void {
    const ordered = [...rows].sort((a, b) => a.sent_at.getTime() - b.sent_at.getTime() || (a.id < b.id ? -1 : 1));
    for (const row of ordered) {
      this.realtime.publish(workspaceId, event, {
        workspaceId,
        conversationId: row.conversation_id,
        message: toMessageView(row),
      });
    }
  }

  /**
   * Sends members their own unread counts of the given conversations (`conversation.unread`, to each
   * member's room): every member's after customer messages arrive, or one member's after they read.
   */
  async unreadChanged(workspaceId: string, conversationIds: string[], userId?: string): Promise<void> {
    (await this.readUnread(workspaceId, conversationIds, userId))();
  }

  /**
   * `unreadChanged` in two steps: reads, and returns the publishing step, so a caller can read several
   * kinds of change at once and still publish them in its own order.
   */
  async readUnread(workspaceId: string, conversationIds: string[], userId?: string): Promise<() => void> {
    const rows = await this.conversations.unreadOf(this.uow.manager, workspaceId, conversationIds, userId);
    return () => {
      for (const r of rows) this.unreadIs(workspaceId, r.user_id, r.conversation_id, r.unread);
    };
  }

  /** Sends one member their own unread count of a conversation, already read. */
  unreadIs(workspaceId: string, userId: string, conversationId: string, unreadCount: number): void {
    this.realtime.publishToMember(workspaceId, userId, 'conversation.unread', {
      workspaceId,
      conversationId,
      unreadCount,
    });
  }

  async conversationsChanged(workspaceId: string, conversationIds: string[]): Promise<void> {
    (await this.readConversations(workspaceId, conversationIds))();
  }

  /** `conversationsChanged` in two steps, as `readUnread`. */
  async readConversations(workspaceId: string, conversationIds: string[]): Promise<() => void> {
    const rows = await this.conversations.findManyViews(this.uow.manager, workspaceId, conversationIds);
    return () => {
      for (const row of rows) {
        this.realtime.publish(workspaceId, 'conversation.updated', {
          workspaceId,
          conversation: toConversationView(row),
        });
      }
    };
  }
}
