import { Injectable } from '@nestjs/common';
import { decodeExactCursor, encodeExactCursor } from '@scrm/common';
import { UnitOfWork, type EntityManager } from '@scrm/database';
import type { TimelineEventDto, TimelinePageDto } from './timeline.dto';
import { TimelineRepository, type NewTimelineEvent, type TimelineFilter } from './timeline.repository';

@Injectable()
export class TimelineService {
  constructor(
    private readonly repo: TimelineRepository,
    private readonly uow: UnitOfWork,
  ) {}

  /** Records events inside the caller's transaction; resolves the ids of the rows it inserted. */
  async record(tx: EntityManager, events: NewTimelineEvent[]): Promise<string[]> {
    return (await this.repo.insertMany(tx, events)).map((r) => r.id);
  }

  /**
   * One event about the contact itself (no conversation or message), inside the caller's transaction;
   * it happened now unless `occurredAt` says otherwise.
   */
  async recordForContact(
    tx: EntityManager,
    event: Pick<NewTimelineEvent, 'workspaceId' | 'kind' | 'actorUserId' | 'data'> & {
      contactId: string;
      occurredAt?: Date;
    },
  ): Promise<void> {
    await this.repo.insertMany(tx, [
      { ...event, conversationId: null, messageId: null, occurredAt: event.occurredAt ?? new Date() },
    ]);
  }

  async contactTimeline(
    workspaceId: string,
    contactId: string,
    cursor: string | undefined,
    limit: number,
    filter: TimelineFilter = {},
  ): Promise<TimelinePageDto> {
    const rows = await this.repo.forContact(
      this.uow.manager,
      workspaceId,
      contactId,
      decodeExactCursor(cursor),
      limit + 1,
      filter,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r): TimelineEventDto => ({
        id: r.id,
        kind: r.kind,
        occurredAt: r.occurred_at.toISOString(),
        conversationId: r.conversation_id,
        messageId: r.message_id,
        actorUserId: r.actor_user_id,
        data: r.data,
        message:
          r.m_direction && r.m_channel_id
            ? { direction: r.m_direction, text: r.m_text ?? '', channelId: r.m_channel_id }
            : undefined,
      })),
      nextCursor: rows.length > limit && last ? encodeExactCursor({ at: last.at_key, id: last.id }) : null,
    };
  }
}
