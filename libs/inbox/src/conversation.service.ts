import { Injectable } from '@nestjs/common';
import { AppException, decodeCursor, encodeCursor, isUuid, type Page } from '@scrm/common';
import { AuthService, type Principal } from '@scrm/auth';
import { CONVERSATION_STATUSES, UnitOfWork, type ConversationStatus } from '@scrm/database';
import type { ConversationView, MessageView } from '@scrm/realtime';
import { SegmentService } from '@scrm/segments';
import { TimelineService, type NewTimelineEvent } from '@scrm/timeline';
import { decodePosition, encodePosition, positionOf } from './conversation-cursor';
import { ConversationRepository, type ConversationFilter, type ConversationPatch } from './conversation.repository';
import type { ListConversationsQuery, UpdateConversationDto } from './inbox.dto';
import { InboxPublisher } from './inbox-publisher';
import { toConversationView, toMessageView } from './inbox.mappers';
import { MessageRepository } from './message.repository';

@Injectable()
export class ConversationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly conversations: ConversationRepository,
    private readonly messages: MessageRepository,
    private readonly timeline: TimelineService,
    private readonly publisher: InboxPublisher,
    private readonly auth: AuthService,
    private readonly segments: SegmentService,
  ) {}

  async list(principal: Principal, q: ListConversationsQuery): Promise<Page<ConversationView>> {
    const limit = q.limit ?? 25;
    const sort = q.sort ?? 'latest';
    const filter: ConversationFilter = {
      limit: limit + 1,
      sort,
      after: decodePosition(q.cursor, sort),
      userId: principal.userId,
    };
    if (q.status) {
      const statuses = q.status.split(',').map((s) => s.trim());
      const bad = statuses.find((s) => !(CONVERSATION_STATUSES as string[]).includes(s));
      if (bad !== undefined)
        throw AppException.invalid(`status must be among ${CONVERSATION_STATUSES.join(', ')} (got "${bad}")`);
      filter.statuses = statuses as ConversationStatus[];
    }
    if (q.channelId) {
      if (!isUuid(q.channelId)) throw AppException.invalid('channelId must be a UUID');
      filter.channelId = q.channelId;
    }
    if (q.priority) filter.priority = q.priority;
    if (q.labelId) {
      if (!isUuid(q.labelId)) throw AppException.invalid('labelId must be a UUID');
      filter.labelId = q.labelId;
    }
    if (q.sentiment) filter.sentiment = q.sentiment;
    if (q.assigneeId === 'none') filter.assignee = { kind: 'none' };
    else if (q.assigneeId === 'me') filter.assignee = { kind: 'user', userId: principal.userId };
    else if (q.assigneeId) {
      if (!isUuid(q.assigneeId)) throw AppException.invalid('assigneeId must be a UUID, "me" or "none"');
      filter.assignee = { kind: 'user', userId: q.assigneeId };
    }
    if (q.segmentId) {
      if (!isUuid(q.segmentId)) throw AppException.invalid('segmentId must be a UUID');
      filter.contactPredicate = await this.segments.contactPredicate(principal.workspaceId, q.segmentId);
    }
    const rows = await this.conversations.list(this.uow.manager, principal.workspaceId, filter);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toConversationView),
      nextCursor: rows.length > limit && last ? encodePosition(positionOf(sort, last)) : null,
    };
  }

  /** One conversation; read for a member (`userId`), with their own unread count. */
  async get(workspaceId: string, conversationId: string, userId?: string): Promise<ConversationView> {
    const row = await this.conversations.find(this.uow.manager, workspaceId, conversationId, userId);
    if (!row) throw AppException.notFound('conversation');
    return toConversationView(row);
  }

  /** Whether the conversation exists in the workspace (socket room access checks). */
  async exists(workspaceId: string, conversationId: string): Promise<boolean> {
    return (
      isUuid(conversationId) &&
      (await this.conversations.find(this.uow.manager, workspaceId, conversationId)) !== undefined
    );
  }

  /** The member has read the conversation: their unread count is cleared, in every tab they have open. */
  async markRead(principal: Principal, conversationId: string): Promise<ConversationView> {
    const { workspaceId, userId } = principal;
    const { found, sharedCleared } = await this.conversations.markRead(
      this.uow.manager,
      workspaceId,
      conversationId,
      userId,
    );
    if (!found) throw AppException.notFound('conversation');
    if (sharedCleared) await this.publisher.conversationsChanged(workspaceId, [conversationId]);
    // The view read for the member carries their own unread count: no second query for the event.
    const view = await this.get(workspaceId, conversationId, userId);
    this.publisher.unreadIs(workspaceId, userId, conversationId, view.unreadCount);
    return view;
  }

  async messagesOf(
    workspaceId: string,
    conversationId: string,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<MessageView>> {
    await this.get(workspaceId, conversationId);
    const rows = await this.messages.listForConversation(
      this.uow.manager,
      workspaceId,
      conversationId,
      decodeCursor(cursor),
      limit + 1,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toMessageView),
      nextCursor: rows.length > limit && last ? encodeCursor({ at: last.sent_at, id: last.id }) : null,
    };
  }

  async update(principal: Principal, conversationId: string, dto: UpdateConversationDto): Promise<ConversationView> {
    const { workspaceId } = principal;
    if (dto.assigneeId !== undefined && dto.assigneeId !== null) {
      if (!isUuid(dto.assigneeId) || !(await this.auth.isMember(workspaceId, dto.assigneeId))) {
        throw AppException.invalid('assigneeId is not a member of this workspace');
      }
    }
    if (dto.snoozedUntil !== undefined && dto.status !== 'snoozed') {
      throw AppException.invalid('snoozedUntil goes with status "snoozed"');
    }
    if (dto.snoozedUntil !== undefined && new Date(dto.snoozedUntil).getTime() <= Date.now()) {
      throw AppException.invalid('snoozedUntil must be in the future');
    }
    await this.uow.run(async (tx) => {
      const current = await this.conversations.lockForUpdate(tx, workspaceId, conversationId);
      if (!current) throw AppException.notFound('conversation');
      const patch: ConversationPatch = {};
      const now = new Date();
      const events: NewTimelineEvent[] = [];
      const event = (kind: string, data: Record<string, unknown>): void => {
        events.push({
          workspaceId,
          contactId: current.contact_id,
          conversationId,
          messageId: null,
          kind,
          actorUserId: principal.userId,
          data,
          occurredAt: now,
        });
      };
      if (dto.status !== undefined && dto.status !== current.status) {
        patch.status = dto.status;
        event('conversation.status_changed', { from: current.status, to: dto.status });
      }
      if (dto.status !== undefined) {
        patch.snoozedUntil = dto.status === 'snoozed' && dto.snoozedUntil ? new Date(dto.snoozedUntil) : null;
      }
      if (dto.assigneeId !== undefined && dto.assigneeId !== current.assignee_id) {
        patch.assigneeId = dto.assigneeId;
        event('conversation.assigned', { from: current.assignee_id, to: dto.assigneeId });
      }
      if (dto.priority !== undefined && dto.priority !== current.priority) {
        patch.priority = dto.priority;
        event('conversation.priority_changed', { from: current.priority, to: dto.priority });
      }
      await this.conversations.update(tx, workspaceId, conversationId, patch);
      await this.timeline.record(tx, events);
    });
    await this.publisher.conversationsChanged(workspaceId, [conversationId]);
    return this.get(workspaceId, conversationId, principal.userId);
  }
}
