import { Injectable } from '@nestjs/common';
import type { IdentityScope, NormalizedTimelineEvent } from '@scrm/connector-sdk';
import { UnitOfWork } from '@scrm/database';
import { CrisisDetectionService } from '@scrm/crisis';
import { ContactService, handleKey, type HandleInput } from '@scrm/identity';
import { ConversationRepository } from '@scrm/inbox';
import { MessageSentimentScorer } from '@scrm/message-sentiment';
import { TimelineService, type NewTimelineEvent } from '@scrm/timeline';
import { CrisisPendingRepository } from './crisis-pending.repository';

export interface EventSource {
  workspaceId: string;
  channelId: string;
  channelType: string;
  identityScope: IdentityScope;
}

/**
 * Records channel-reported timeline events (subscribe, unsubscribe, room join/leave, listening hits),
 * pushed or reported by a live session, on the contact they concern (created if new) and on the
 * thread's conversation when one exists — never opening one. One transaction, idempotent on the
 * platform event id within the channel. Events are rare, so they are written at the door rather than
 * staged.
 */
@Injectable()
export class ChannelEventRecorder {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly contacts: ContactService,
    private readonly conversations: ConversationRepository,
    private readonly timeline: TimelineService,
    private readonly sentiment: MessageSentimentScorer,
    private readonly crisis: CrisisDetectionService,
    private readonly crisisPending: CrisisPendingRepository,
  ) {}

  async record(source: EventSource, events: NormalizedTimelineEvent[]): Promise<void> {
    if (events.length === 0) return;
    const { scoredIds, unioned } = await this.uow.run(async (tx) => {
      const handleOf = (e: NormalizedTimelineEvent & { platformUserId: string }): HandleInput => ({
        workspaceId: source.workspaceId,
        channelType: source.channelType,
        scopeKey: source.identityScope === 'channel' ? source.channelId : '',
        platformUserId: e.platformUserId,
        displayName: e.displayName ?? null,
        avatarUrl: null,
        verified: e.verified ?? null,
        followersCount: e.followers ?? null,
        seenAt: new Date(e.occurredAt),
        unionId: e.unionId ?? null,
      });
      const withUser = events.filter((e): e is NormalizedTimelineEvent & { platformUserId: string } =>
        Boolean(e.platformUserId),
      );
      const handles = await this.contacts.resolveHandles(tx, withUser.map(handleOf));
      const threads = await this.conversations.idsByThreadKeys(
        tx,
        source.workspaceId,
        source.channelId,
        events.flatMap((e) => (e.threadKey ? [e.threadKey] : [])),
      );
      const rows: NewTimelineEvent[] = events.map((e) => ({
        workspaceId: source.workspaceId,
        contactId: e.platformUserId
          ? (handles.get(handleKey(handleOf(e as NormalizedTimelineEvent & { platformUserId: string })))?.contactId ??
            null)
          : null,
        conversationId: e.threadKey ? (threads.get(e.threadKey) ?? null) : null,
        messageId: null,
        kind: e.kind,
        actorUserId: null,
        data: {
          ...e.data,
          ...this.scored(e),
          ...(e.threadKey ? { threadKey: e.threadKey } : {}),
          channelId: source.channelId,
        },
        occurredAt: new Date(e.occurredAt),
        channelId: source.channelId,
        platformEventId: e.platformEventId,
      }));
      // Scored events (listening hits) are recorded apart, so only their ids go to crisis detection.
      const scoredIds = await this.timeline.record(
        tx,
        rows.filter((r) => r.data.sentiment !== undefined),
      );
      await this.timeline.record(
        tx,
        rows.filter((r) => r.data.sentiment === undefined),
      );
      await this.crisisPending.addEvents(
        tx,
        scoredIds.map((id) => ({ workspaceId: source.workspaceId, id })),
      );
      return {
        scoredIds,
        unioned: [...handles.values()].filter((h) => h.unionId),
      };
    });
    await this.contacts.mergeByUnionId(unioned);
    // Someone's words (a listening hit) count in crisis detection like an inbound message. The events
    // are stored and left in crisis_pending already: detection runs in the background, and a run that
    // fails or never starts is queued again by the crisis sweeper.
    this.crisis.detectSoon(source.workspaceId, [], scoredIds);
  }

  /**
   * An event that carries someone's words (an X listening hit) is scored like an inbound message, so
   * the contact's timeline shows its sentiment.
   */
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
