import { Injectable } from '@nestjs/common';
import type { IdentityScope, NormalizedTimelineEvent } from '@scrm/connector-sdk';
import { UnitOfWork } from '@scrm/database';
import { ContactService, handleKey, type HandleInput } from '@scrm/identity';
import { ConversationRepository } from '@scrm/inbox';
import { MessageSentimentScorer } from '@scrm/message-sentiment';
import { TimelineService } from '@scrm/timeline';

export interface EventChannel {
  workspaceId: string;
  channelId: string;
  type: string;
  identityScope: IdentityScope;
}

/**
 * Non-message events a session reports: placed on the contact's timeline (the contact is created if
 * new) and on the thread's conversation when one exists — never opening one. Idempotent per
 * platform event id within the channel.
 */
@Injectable()
export class SessionEventsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly contacts: ContactService,
    private readonly conversations: ConversationRepository,
    private readonly timeline: TimelineService,
    private readonly sentiment: MessageSentimentScorer,
  ) {}

  async record(channel: EventChannel, events: NormalizedTimelineEvent[]): Promise<number> {
    if (events.length === 0) return 0;
    return this.uow.run(async (tx) => {
      const handleOf = (e: NormalizedTimelineEvent & { platformUserId: string }): HandleInput => ({
        workspaceId: channel.workspaceId,
        channelType: channel.type,
        scopeKey: channel.identityScope === 'channel' ? channel.channelId : '',
        platformUserId: e.platformUserId,
        displayName: e.displayName ?? null,
        avatarUrl: null,
        seenAt: new Date(e.occurredAt),
      });
      const withUser = events.filter((e): e is NormalizedTimelineEvent & { platformUserId: string } =>
        Boolean(e.platformUserId),
      );
      const handles = await this.contacts.resolveHandles(tx, withUser.map(handleOf));
      const threads = await this.conversations.idsByThreadKeys(
        tx,
        channel.workspaceId,
        channel.channelId,
        events.flatMap((e) => (e.threadKey ? [e.threadKey] : [])),
      );
      return this.timeline.recordOnce(
        tx,
        events.map((e) => ({
          workspaceId: channel.workspaceId,
          contactId: e.platformUserId
            ? (handles.get(handleKey(handleOf(e as NormalizedTimelineEvent & { platformUserId: string })))?.contactId ??
              null)
            : null,
          conversationId: e.threadKey ? (threads.get(e.threadKey) ?? null) : null,
          messageId: null,
          kind: e.kind,
          actorUserId: null,
          data: { ...e.data, ...this.scored(e) },
          occurredAt: new Date(e.occurredAt),
          sourceKey: `${channel.channelId}:${e.platformEventId}`,
        })),
      );
    });
  }

  /** An event carrying someone's words (an X listening hit) is scored like an inbound message. */
  private scored(e: NormalizedTimelineEvent): { sentiment?: Record<string, unknown> } {
    const text = e.data.text;
    if (typeof text !== 'string' || text.trim() === '') return {};
    const r = this.sentiment.score(text);
    return {
      sentiment: {
        label: r.label,
        score: r.score,
        confidence: r.confidence,
        language: r.language,
        model: r.modelVersion,
      },
    };
  }
}
