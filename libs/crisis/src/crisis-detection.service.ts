import { Injectable } from '@nestjs/common';
import { AppConfig } from '@scrm/config';
import { GroupCommitter } from '@scrm/common';
import { UnitOfWork, type EntityManager } from '@scrm/database';
import { ALL_CHANNELS, CrisisBucketRepository, type BatchMessage } from './crisis-bucket.repository';
import {
  BUCKET_MS,
  CrisisDetector,
  DEFAULT_DETECTOR_SETTINGS,
  influencerFiring,
  type BucketCounts,
  type Firing,
} from './crisis-detector';
import { CrisisAlertRepository, type AlertRow, type AlertWrite, type WindowItem } from './crisis-alert.repository';
import { CrisisKeywordSetRepository } from './crisis-keyword-set.repository';
import { decideMerge, openedState, type AlertState } from './alert-merger';
import { distinguishingTerms, likePatterns } from './crisis-terms';
import { inTopic, listeningTopicName, listeningTopics, planTopics, topicPatterns, type Topic } from './crisis-topics';
import { CrisisNotifier } from './crisis-notifier.service';
import { evaluateAsFilled, type Arrival } from './crisis-arrivals';

const DAY_MS = 86_400_000;
const MAX_ALERT_MESSAGES = 500;
/**
 * Pause after each detection run before the next starts. A run recounts whole buckets, whose cost
 * grows with the bucket's message count, so under a steady stream the jobs that arrive meanwhile are
 * merged into one run instead of each recounting the same buckets.
 */
const DETECT_PAUSE_MS = 250;
/** Messages per merged run; a larger backlog goes out in several runs. */
const DETECT_MAX_MESSAGES = 20_000;

interface DetectItem {
  workspaceId: string;
  /** A message, or a listening hit (a scored timeline event). */
  id: string;
  kind: 'message' | 'event';
}

/**
 * The crisis.detect job: recount the event-time buckets a batch of messages falls in, run the
 * detector on them for every topic and channel type, and open or grow alerts. Everything is re-read
 * and recounted, so a second run of the same job changes nothing.
 */
@Injectable()
export class CrisisDetectionService {
  private readonly cooldownMs: number;
  private readonly influencerReach: number;
  private readonly merged = new GroupCommitter<DetectItem>((items) => this.runMerged(items), DETECT_MAX_MESSAGES, 1);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly buckets: CrisisBucketRepository,
    private readonly alerts: CrisisAlertRepository,
    private readonly keywordSets: CrisisKeywordSetRepository,
    private readonly notifier: CrisisNotifier,
    config: AppConfig,
  ) {
    this.cooldownMs = config.crisisCooldownMinutes * 60_000;
    this.influencerReach = config.crisisInfluencerReach;
  }

  /**
   * The job's entry: detection jobs that arrive while a run is going are merged into the next run
   * (one recount of each bucket for all of them). Resolves once this job's messages were detected.
   * `eventIds`: listening hits (scored timeline events), counted like messages and per query.
   */
  detectMerged(workspaceId: string, messageIds: string[], eventIds: string[] = []): Promise<void> {
    return this.merged.submit([
      ...messageIds.map((id): DetectItem => ({ workspaceId, id, kind: 'message' })),
      ...eventIds.map((id): DetectItem => ({ workspaceId, id, kind: 'event' })),
    ]);
  }

  private async runMerged(items: DetectItem[]): Promise<void> {
    const byWorkspace = new Map<string, { messageIds: string[]; eventIds: string[] }>();
    for (const { workspaceId, id, kind } of items) {
      const ids = byWorkspace.get(workspaceId) ?? { messageIds: [], eventIds: [] };
      (kind === 'message' ? ids.messageIds : ids.eventIds).push(id);
      byWorkspace.set(workspaceId, ids);
    }
    for (const [workspaceId, ids] of byWorkspace) await this.detect(workspaceId, ids.messageIds, ids.eventIds);
    await new Promise((resolve) => setTimeout(resolve, DETECT_PAUSE_MS));
  }

  async detect(workspaceId: string, messageIds: string[], eventIds: string[] = []): Promise<void> {
    const messages = [
      ...(messageIds.length > 0 ? await this.buckets.batch(this.uow.manager, workspaceId, messageIds) : []),
      ...(await this.buckets.listeningBatch(this.uow.manager, workspaceId, eventIds)),
    ];
    if (messages.length === 0) return;
    const plan = planTopics(await this.keywordSets.list(this.uow.manager, workspaceId));
    const crisisPatterns = likePatterns(plan.crisisWords);
    for (const topic of [...plan.topics, ...(await this.namedListeningTopics(workspaceId, messages))]) {
      const mine = messages.filter((m) => inTopic(topic, m));
      if (mine.length === 0) continue;
      const outcome = await this.uow.run((tx) => this.detectTopic(tx, workspaceId, topic, mine, crisisPatterns));
      await this.notifier.alertsChanged(workspaceId, outcome.created, outcome.updated);
    }
  }

  /** The batch's listening-query topics, named after their query and channel as alerts show them. */
  private async namedListeningTopics(workspaceId: string, messages: BatchMessage[]): Promise<Topic[]> {
    const topics = listeningTopics(messages);
    if (topics.length === 0) return [];
    const channelIds = [...new Set(topics.map((t) => t.listening!.channelId))];
    const channels = await this.alerts.channelNames(this.uow.manager, workspaceId, channelIds);
    const names = new Map(channels.map((c) => [c.id, c.name]));
    return topics.map((t) => ({
      ...t,
      name: listeningTopicName(t.listening!.query, names.get(t.listening!.channelId) ?? null),
    }));
  }

  private async detectTopic(
    tx: EntityManager,
    workspaceId: string,
    topic: Topic,
    messages: BatchMessage[],
    crisisPatterns: string[],
  ): Promise<{ created: string[]; updated: string[] }> {
    await this.alerts.lockTopic(tx, workspaceId, topic.key);
    const bucketSet = [...new Set(messages.map((m) => CrisisDetector.bucketOf(m.sent_at.getTime())))].sort(
      (a, b) => a - b,
    );
    const patterns = topicPatterns(topic);
    await this.buckets.recount(
      tx,
      workspaceId,
      topic.key,
      patterns,
      crisisPatterns,
      bucketSet,
      BUCKET_MS,
      topic.listening,
    );

    const arrivalRows = await this.buckets.arrivals(
      tx,
      workspaceId,
      patterns,
      crisisPatterns,
      bucketSet,
      BUCKET_MS,
      topic.listening,
    );
    const firings: (Firing & { channelType: string })[] = [];
    const channelTypes = [ALL_CHANNELS, ...new Set(messages.map((m) => m.channel_type))];
    for (const channelType of channelTypes) {
      const detector = await this.detector(tx, workspaceId, topic.key, channelType, bucketSet);
      if (!detector) continue;
      const inView = (type: string): boolean => channelType === ALL_CHANNELS || type === channelType;
      const batchTimes = messages.filter((m) => inView(m.channel_type)).map((m) => m.sent_at.getTime());
      const arrivals: Arrival[] = arrivalRows
        .filter((r) => inView(r.channel_type))
        .map((r) => ({
          at: r.sent_at.getTime(),
          counts: { total: r.total, negative: r.negative, negativeReach: Number(r.negative_reach), flagged: r.flagged },
        }));
      for (const b of bucketSet) {
        firings.push(...evaluateAsFilled(detector, b, batchTimes, arrivals).map((f) => ({ ...f, channelType })));
      }
    }
    for (const m of messages) {
      // Alerts list messages; a listening hit is not one (its reach still weighs in the buckets).
      if (m.listening) continue;
      const firing = influencerFiring(
        {
          id: m.id,
          sentAtMs: m.sent_at.getTime(),
          label: m.sentiment_label,
          confidence: m.sentiment_confidence,
          reach: m.reach ?? 0,
        },
        this.influencerReach,
      );
      if (firing) firings.push({ ...firing, channelType: m.channel_type });
    }
    firings.sort((a, b) => a.windowEnd - b.windowEnd || a.windowStart - b.windowStart);

    const created: string[] = [];
    const updated = new Set<string>();
    for (const firing of firings) {
      const latest = await this.alerts.latestForTopic(tx, workspaceId, topic.key);
      const decision = decideMerge(latest ? toState(latest) : undefined, firing, this.cooldownMs);
      if (decision.kind === 'ignore') continue;
      if (decision.kind === 'create') {
        const write = await this.enrich(tx, workspaceId, topic, openedState(firing), [firing.channelType], firing);
        created.push(await this.alerts.insert(tx, workspaceId, write));
        continue;
      }
      if (!decision.changed || !latest) continue;
      const types = [...new Set([...latest.channel_types, firing.channelType])];
      const write = await this.enrich(tx, workspaceId, topic, decision.next, types, firing, latest);
      await this.alerts.grow(tx, workspaceId, latest.id, write);
      if (!created.includes(latest.id)) updated.add(latest.id);
    }
    return { created, updated: [...updated] };
  }

  private async detector(
    tx: EntityManager,
    workspaceId: string,
    topicKey: string,
    channelType: string,
    bucketSet: number[],
  ): Promise<CrisisDetector | undefined> {
    const first = await this.buckets.firstBucket(tx, workspaceId, topicKey, channelType);
    if (!first) return undefined;
    const s = DEFAULT_DETECTOR_SETTINGS;
    const lookback = Math.max((s.baselineDays + 1) * DAY_MS, s.cusumBuckets * BUCKET_MS + DAY_MS);
    const from = new Date(Math.max(bucketSet[0]! * BUCKET_MS - lookback, first.getTime()));
    const to = new Date((bucketSet[bucketSet.length - 1]! + 1) * BUCKET_MS);
    const rows = await this.buckets.history(tx, workspaceId, topicKey, channelType, from, to);
    const history = new Map<number, BucketCounts>();
    for (const r of rows) {
      history.set(CrisisDetector.bucketOf(r.bucket_start.getTime()), {
        total: r.total,
        negative: r.negative,
        negativeReach: Number(r.negative_reach),
        flagged: r.flagged,
      });
    }
    return new CrisisDetector(history, CrisisDetector.bucketOf(first.getTime()));
  }

  /**
   * The crisis's messages and listening hits, affected contacts and distinguishing terms for the
   * alert's whole window; a growing alert keeps the items it had.
   */
  private async enrich(
    tx: EntityManager,
    workspaceId: string,
    topic: Topic,
    state: AlertState,
    channelTypes: string[],
    firing: Firing,
    previous?: AlertRow,
  ): Promise<AlertWrite> {
    const from = new Date(state.windowStart);
    const to = new Date(state.windowEnd);
    const { negatives, before } = await this.windowItems(tx, workspaceId, topic, from, to);
    const messageIds = [
      ...new Set([
        ...(typeof firing.figures.messageId === 'string' ? [firing.figures.messageId] : []),
        ...negatives.messages.map((m) => m.id),
        ...(previous?.message_ids ?? []),
      ]),
    ];
    const eventIds = [...new Set([...negatives.hits.map((h) => h.id), ...(previous?.event_ids ?? [])])];
    // Widest reach first: those are the contacts to call back before the others.
    const all = [...negatives.messages, ...negatives.hits];
    const byReach = [...all].sort((a, b) => (b.reach ?? 0) - (a.reach ?? 0));
    const contactIds = [
      ...new Set([
        ...byReach.map((m) => m.contact_id).filter((c): c is string => c !== null),
        ...(previous?.contact_ids ?? []),
      ]),
    ];
    return {
      topicKey: topic.key,
      topicName: topic.name,
      channelTypes,
      severity: state.severity,
      rules: state.rules,
      windowStart: from,
      windowEnd: to,
      lastFiredAt: new Date(state.lastFiredAt),
      figures: state.figures,
      terms: distinguishingTerms(
        all.map((m) => m.text),
        before.map((m) => m.text),
      ),
      messageIds: messageIds.slice(0, MAX_ALERT_MESSAGES),
      eventIds: eventIds.slice(0, MAX_ALERT_MESSAGES),
      contactIds: contactIds.slice(0, 200),
    };
  }

  /**
   * What the topic's buckets count, read back for its alert: the negative inbound messages and
   * listening hits in the window, and all of them the day before (the terms' baseline). A listening
   * query's `x-query:` topic holds that query's hits only.
   */
  private async windowItems(
    tx: EntityManager,
    workspaceId: string,
    topic: Topic,
    from: Date,
    to: Date,
  ): Promise<{ negatives: { messages: WindowItem[]; hits: WindowItem[] }; before: WindowItem[] }> {
    const dayBefore = new Date(from.getTime() - DAY_MS);
    const patterns = topicPatterns(topic);
    const scope = { listening: topic.listening, patterns };
    const messages = topic.listening
      ? []
      : await this.alerts.windowMessages(tx, workspaceId, patterns, from, to, true, MAX_ALERT_MESSAGES);
    const hits = await this.alerts.windowHits(tx, workspaceId, scope, from, to, true, MAX_ALERT_MESSAGES);
    const before = [
      ...(topic.listening
        ? []
        : await this.alerts.windowMessages(tx, workspaceId, patterns, dayBefore, from, false, 1000)),
      ...(await this.alerts.windowHits(tx, workspaceId, scope, dayBefore, from, false, 1000)),
    ];
    return { negatives: { messages, hits }, before };
  }
}

function toState(a: AlertRow): AlertState {
  return {
    status: a.status,
    severity: a.severity,
    rules: a.rules,
    windowStart: a.window_start.getTime(),
    windowEnd: a.window_end.getTime(),
    lastFiredAt: a.last_fired_at.getTime(),
    figures: a.figures,
  };
}
