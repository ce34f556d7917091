import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '@scrm/config';
import { GroupCommitter } from '@scrm/common';
import { CrisisDetectionService } from '@scrm/crisis';
import { UnitOfWork, type EntityManager } from '@scrm/database';
import { ContactService, handleKey, type HandleInput, type ResolvedHandle } from '@scrm/identity';
import {
  AssignmentService,
  ConversationRepository,
  InboxPublisher,
  threadKeyOf,
  type InboundActivity,
  type MessageRow,
  type ThreadInput,
} from '@scrm/inbox';
import { MessageSentimentScorer } from '@scrm/message-sentiment';
import { JobName, QueueService } from '@scrm/queue';
import { TimelineService, type NewTimelineEvent } from '@scrm/timeline';
import { InboundMessageRepository, type NewInboundMessage } from './inbound-message.repository';
import { InboundRepository, type StagedRow } from './inbound.repository';

interface WorkItem {
  workspaceId: string;
  id: string;
}

interface Outcome {
  /** workspace → messages stored now (not seen before), as views read them. */
  created: Map<string, MessageRow[]>;
  /** workspace → ids of conversations whose state changed. */
  touched: Map<string, Set<string>>;
  /** workspace → ids of conversations with new customer messages: members' own unread counts moved. */
  unread: Map<string, string[]>;
  /** Stored messages with platform media to download. */
  media: { workspaceId: string; messageId: string }[];
  /** Handles that carried a unionid: candidates for an automatic merge once committed. */
  unioned: ResolvedHandle[];
}

/**
 * Turns staged inbound rows into contacts, conversations, messages and timeline events — set-based,
 * a few statements per batch whatever its size — then publishes what was new. Concurrent jobs are
 * group-committed into shared transactions.
 */
@Injectable()
export class IngestPipeline {
  private readonly committer: GroupCommitter<WorkItem>;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly inbound: InboundRepository,
    private readonly contacts: ContactService,
    private readonly conversations: ConversationRepository,
    private readonly messages: InboundMessageRepository,
    private readonly timeline: TimelineService,
    private readonly publisher: InboxPublisher,
    private readonly sentiment: MessageSentimentScorer,
    private readonly queue: QueueService,
    private readonly assignment: AssignmentService,
    private readonly crisis: CrisisDetectionService,
    config: AppConfig,
  ) {
    // Embedded, one batch at a time and no waiting; with PostgreSQL, a few batches at once, each waiting a
    // little for company under load: fewer, larger batches cost PostgreSQL and the worker less per message.
    this.committer = new GroupCommitter(
      (items) => this.runBatch(items),
      1000,
      config.embeddedDatabase ? 1 : 3,
      config.ingestLingerMs,
    );
  }

  process(workspaceId: string, inboundIds: string[]): Promise<void> {
    return this.committer.submit(inboundIds.map((id) => ({ workspaceId, id })));
  }

  private async runBatch(items: WorkItem[]): Promise<void> {
    const outcome = await this.uow.run(async (tx) => {
      const rows = await this.inbound.claim(
        tx,
        items.map((i) => i.workspaceId),
        items.map((i) => i.id),
      );
      const outcome = await this.store(tx, rows);
      // New and reopened conversations get an assignee in the same transaction, so their published
      // view already shows it.
      for (const [workspaceId, ids] of outcome.touched) await this.assignment.autoAssign(workspaceId, [...ids], tx);
      return outcome;
    });
    // Published in a fixed order: the new messages (the insert returned their views) at once, then
    // their conversations and members' unread counts, read side by side.
    for (const [ws, rows] of outcome.created) this.publisher.publishMessages(ws, rows, 'message.created');
    const publish = await Promise.all([
      ...[...outcome.touched].map(([ws, ids]) => this.publisher.readConversations(ws, [...ids])),
      ...[...outcome.unread].map(([ws, ids]) => this.publisher.readUnread(ws, ids)),
    ]);
    for (const emit of publish) emit();
    // Detection counts the messages left in crisis_pending by the transaction above, here in the
    // background; a run that fails or never starts is queued again by the crisis sweeper.
    for (const [workspaceId, rows] of outcome.created) {
      this.crisis.detectSoon(
        workspaceId,
        rows.map((r) => r.id),
      );
    }
    // A lost download job leaves the attachment pending; the message itself is already stored.
    await this.queue.enqueueMany(
      JobName.MediaFetch,
      outcome.media.map((payload) => ({ payload, options: { jobId: `mf-${payload.messageId}` } })),
    );
    await this.contacts.mergeByUnionId(outcome.unioned);
  }

  private async store(tx: EntityManager, rows: StagedRow[]): Promise<Outcome> {
    const outcome: Outcome = { created: new Map(), touched: new Map(), unread: new Map(), media: [], unioned: [] };
    if (rows.length === 0) return outcome;

    const handleOf = (r: StagedRow): HandleInput => ({
      workspaceId: r.workspace_id,
      channelType: r.payload.channelType,
      scopeKey: r.payload.identityScope === 'channel' ? r.channel_id : '',
      platformUserId: r.payload.message.sender.platformUserId,
      displayName: r.payload.message.sender.displayName ?? null,
      avatarUrl: r.payload.message.sender.avatarUrl ?? null,
      verified: r.payload.message.sender.verified ?? null,
      followersCount: r.payload.message.sender.followers ?? null,
      seenAt: new Date(r.payload.message.sentAt),
      unionId: r.payload.message.sender.unionId ?? null,
    });
    const handles = await this.contacts.resolveHandles(tx, rows.map(handleOf));
    outcome.unioned = [...handles.values()].filter((h) => h.unionId);

    const threadOf = (r: StagedRow): ThreadInput => {
      const m = r.payload.message;
      return {
        workspaceId: r.workspace_id,
        channelId: r.channel_id,
        threadKey: m.threadKey,
        contactId: m.isGroup ? null : handles.get(handleKey(handleOf(r)))!.contactId,
        isGroup: m.isGroup ?? false,
        subject: m.threadName ?? null,
        firstAt: new Date(m.sentAt),
      };
    };
    const threads = await this.conversations.upsertThreads(tx, rows.map(threadOf));

    const candidates: NewInboundMessage[] = rows.map((r) => {
      const m = r.payload.message;
      const handle = handles.get(handleKey(handleOf(r)))!;
      const direction = m.direction ?? 'in';
      const scored = direction === 'in' ? this.sentiment.score(m.text) : undefined;
      return {
        id: randomUUID(),
        workspaceId: r.workspace_id,
        conversationId: threads.get(threadKeyOf(threadOf(r)))!.id,
        channelId: r.channel_id,
        direction,
        authorIdentityId: handle.identityId,
        contactId: handle.contactId,
        text: m.text,
        attachments: m.attachments,
        platformMessageId: m.platformMessageId,
        sentAt: new Date(m.sentAt),
        sentiment: scored
          ? {
              label: scored.label,
              score: scored.score,
              confidence: scored.confidence,
              language: scored.language,
              model: scored.modelVersion,
            }
          : null,
        reach: typeof m.reach === 'number' ? m.reach : null,
      };
    });
    // One statement stores the new messages with their `message` timeline events and crisis outbox rows.
    const stored = await this.messages.insert(tx, candidates);

    const activity = new Map<string, InboundActivity & { firstAt: Date }>();
    for (const m of stored) {
      const a = activity.get(m.conversation_id) ?? {
        conversationId: m.conversation_id,
        workspaceId: m.workspace_id,
        firstAt: m.sent_at,
        lastAt: m.sent_at,
        inboundCount: 0,
        lastOutAt: null,
        firstWaitingAt: null,
      };
      if (m.sent_at > a.lastAt) a.lastAt = m.sent_at;
      if (m.sent_at < a.firstAt) a.firstAt = m.sent_at;
      if (m.direction === 'in') a.inboundCount++;
      else if (!a.lastOutAt || m.sent_at > a.lastOutAt) a.lastOutAt = m.sent_at;
      activity.set(m.conversation_id, a);
    }
    // The customer waits from their oldest message after our last word in this batch.
    for (const m of stored) {
      const a = activity.get(m.conversation_id)!;
      if (m.direction !== 'in' || (a.lastOutAt && m.sent_at <= a.lastOutAt)) continue;
      if (!a.firstWaitingAt || m.sent_at < a.firstWaitingAt) a.firstWaitingAt = m.sent_at;
    }
    const changed = await this.conversations.applyInbound(tx, [...activity.values()]);

    const events: NewTimelineEvent[] = [];
    const threadById = new Map([...threads.values()].map((t) => [t.id, t]));
    for (const c of changed) {
      const thread = threadById.get(c.id)!;
      const { firstAt, inboundCount } = activity.get(c.id)!;
      const base = {
        workspaceId: thread.workspaceId,
        contactId: thread.contactId,
        conversationId: c.id,
        messageId: null,
        actorUserId: null,
        occurredAt: firstAt,
      };
      // An event at the same instant as the message that caused it; the timeline orders ties by id.
      if (thread.inserted) events.push({ ...base, kind: 'conversation.opened', data: {} });
      else if (c.previousStatus !== c.status) {
        events.push({ ...base, kind: 'conversation.reopened', data: { from: c.previousStatus, to: c.status } });
      }
      const set = outcome.touched.get(thread.workspaceId) ?? new Set<string>();
      set.add(c.id);
      outcome.touched.set(thread.workspaceId, set);
      // Only customer messages count as unread: a batch of echoes of our own replies moves no one's count.
      if (inboundCount > 0) {
        const unread = outcome.unread.get(thread.workspaceId) ?? [];
        unread.push(c.id);
        outcome.unread.set(thread.workspaceId, unread);
      }
    }
    await this.timeline.record(tx, events);

    for (const m of stored) {
      const list = outcome.created.get(m.workspace_id) ?? [];
      list.push(m);
      outcome.created.set(m.workspace_id, list);
      if (m.attachments.some((a) => a.status === 'pending')) {
        outcome.media.push({ workspaceId: m.workspace_id, messageId: m.id });
      }
    }
    return outcome;
  }
}
