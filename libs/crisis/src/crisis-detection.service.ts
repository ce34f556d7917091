import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@scrm/config';
import { GroupCommitter } from '@scrm/common';
import { JobName, QueueService } from '@scrm/queue';
import { UnitOfWork, type EntityManager } from '@scrm/database';
import { ALL_CHANNELS, CrisisBucketRepository, type BatchMessage, type BucketDelta } from './crisis-bucket.repository';
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
import { distinguishingTerms, likePatterns, matchesAny } from './crisis-terms';
import {
  inTopic,
  listeningTopicName,
  listeningTopics,
  planTopics,
  topicPatterns,
  type Topic,
  type TopicPlan,
} from './crisis-topics';
import { CrisisNotifier } from './crisis-notifier.service';
import { evaluateAsFilled, type Arrival } from './crisis-arrivals';

const DAY_MS = 86_400_000;
const MAX_ALERT_MESSAGES = 500;
/**
 * Pause after each detection run before the next starts: under a steady stream the jobs that arrive
 * meanwhile are merged into one run, which reads each topic's history once for all of them.
 */
const DETECT_PAUSE_MS = 250;
/** Messages per merged run; a larger backlog goes out in several runs. */
const DETECT_MAX_MESSAGES = 20_000;

interface DetectItem {
  workspaceId: string;
  /** The item changed label since it was counted: its buckets are recounted, not added to. */
  recount: boolean;
  /** A message, or a listening hit (a scored timeline event). */
  id: string;
  kind: 'message' | 'event';
}

/**
 * The crisis.detect job: count a batch of messages (and listening hits) into the event-time buckets
 * of every topic and channel type they belong to, run the detector on those buckets, and open or grow
 * alerts. Each item is counted once, in the transaction that takes it out of the crisis_pending
 * outbox, so a second run of the same job counts nothing again and raises nothing new.
 */
@Injectable()
export class CrisisDetectionService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('CrisisDetection');
  private readonly cooldownMs: number;
  private readonly influencerReach: number;
  /** Whether this process runs jobs: an api-only process leaves detection to the workers. */
  private readonly runsWorker: boolean;
  /** Detections started by `detectSoon` and not finished yet. */
  private readonly running = new Set<Promise<void>>();
  private closing = false;
  private readonly merged = new GroupCommitter<DetectItem>((items) => this.runMerged(items), DETECT_MAX_MESSAGES, 1);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly buckets: CrisisBucketRepository,
    private readonly alerts: CrisisAlertRepository,
    private readonly keywordSets: CrisisKeywordSetRepository,
    private readonly notifier: CrisisNotifier,
    private readonly queue: QueueService,
    config: AppConfig,
  ) {
    this.cooldownMs = config.crisisCooldownMinutes * 60_000;
    this.influencerReach = config.crisisInfluencerReach;
    this.runsWorker = config.runsWorker;
  }

  /**
   * The job's entry: detection jobs that arrive while a run is going are merged into the next run
   * (one evaluation of each bucket for all of them). Resolves once this job's messages were detected.
   * `eventIds`: listening hits (scored timeline events), counted like messages and per query.
   */
  detectMerged(workspaceId: string, messageIds: string[], eventIds: string[] = [], recount = false): Promise<void> {
    return this.merged.submit([
      ...messageIds.map((id): DetectItem => ({ workspaceId, recount, id, kind: 'message' })),
      ...eventIds.map((id): DetectItem => ({ workspaceId, recount, id, kind: 'event' })),
    ]);
  }

  /**
   * Detection for items the caller has just committed to the crisis_pending outbox, run in this
   * process without a queued job when it runs jobs (an api-only process queues `crisis.detect` for the
   * workers instead): the caller does not wait for it. A run that fails, or that shutdown keeps from
   * starting, leaves its items in the outbox, and the crisis sweeper queues them as a `crisis.detect`
   * job once they are older than twice the queue lock time — so nothing is lost and, since counting
   * takes items out of the outbox, nothing is counted twice.
   */
  detectSoon(workspaceId: string, messageIds: string[], eventIds: string[] = []): void {
    if (this.closing || messageIds.length + eventIds.length === 0) return;
    if (!this.runsWorker) {
      void this.queue
        .enqueue(JobName.CrisisDetect, { workspaceId, messageIds, eventIds })
        .catch((err: unknown) =>
          this.logger.warn(`crisis detection not queued; the sweeper will queue it: ${String(err)}`),
        );
      return;
    }
    const run = this.detectMerged(workspaceId, messageIds, eventIds)
      .catch((err: unknown) =>
        this.logger.warn(`crisis detection failed; the sweeper will run it again: ${String(err)}`),
      )
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  /** Graceful shutdown: no new in-process detection starts, and those running finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    while (this.running.size > 0) await Promise.all(this.running);
  }

  private async runMerged(items: DetectItem[]): Promise<void> {
    const byWorkspace = new Map<string, { messageIds: string[]; eventIds: string[]; recount: boolean }>();
    for (const { workspaceId, id, kind, recount } of items) {
      const ids = byWorkspace.get(workspaceId) ?? { messageIds: [], eventIds: [], recount: false };
      (kind === 'message' ? ids.messageIds : ids.eventIds).push(id);
      ids.recount ||= recount;
      byWorkspace.set(workspaceId, ids);
    }
    for (const [workspaceId, ids] of byWorkspace) {
      await this.detect(workspaceId, ids.messageIds, ids.eventIds, ids.recount);
    }
    await new Promise((resolve) => setTimeout(resolve, DETECT_PAUSE_MS));
  }

  /** `recount`: the items changed label since they were counted, so their buckets are recounted. */
  async detect(workspaceId: string, messageIds: string[], eventIds: string[] = [], recount = false): Promise<void> {
    const outcome = await this.uow.run(async (tx) => {
      const fresh = await this.buckets.claim(tx, workspaceId, [...messageIds, ...eventIds]);
      const messages = [
        ...(messageIds.length > 0 ? await this.buckets.batch(tx, workspaceId, messageIds) : []),
        ...(await this.buckets.listeningBatch(tx, workspaceId, eventIds)),
      ];
      const created: string[] = [];
      const updated = new Set<string>();
      if (messages.length === 0) return { created, updated };
      const plan = planTopics(await this.keywordSets.list(tx, workspaceId));
      const crisisPatterns = likePatterns(plan.crisisWords);
      // Topic locks are taken in key order, so concurrent runs cannot deadlock on them.
      const topics = [...plan.topics, ...(await this.namedListeningTopics(tx, workspaceId, messages))].sort((a, b) =>
        a.key.localeCompare(b.key),
      );
      for (const topic of topics) {
        const mine = messages.filter((m) => inTopic(topic, m));
        if (mine.length === 0) continue;
        const counted = mine.filter((m) => fresh.has(m.id));
        const o = await this.detectTopic(tx, workspaceId, topic, mine, recount ? null : counted, plan, crisisPatterns);
        created.push(...o.created);
        for (const id of o.updated) updated.add(id);
      }
      return { created, updated };
    });
    await this.notifier.alertsChanged(
      workspaceId,
      outcome.created,
      [...outcome.updated].filter((id) => !outcome.created.includes(id)),
    );
  }

  /** The batch's listening-query topics, named after their query and channel as alerts show them. */
  private async namedListeningTopics(
    em: EntityManager,
    workspaceId: string,
    messages: BatchMessage[],
  ): Promise<Topic[]> {
    const topics = listeningTopics(messages);
    if (topics.length === 0) return [];
    const channelIds = [...new Set(topics.map((t) => t.listening!.channelId))];
    const channels = await this.alerts.channelNames(em, workspaceId, channelIds);
    const names = new Map(channels.map((c) => [c.id, c.name]));
    return topics.map((t) => ({
      ...t,
      name: listeningTopicName(t.listening!.query, names.get(t.listening!.channelId) ?? null),
    }));
  }

  /**
   * Adds the newly counted items to the topic's buckets, then evaluates each bucket the batch falls
   * in as it filled: from what it held before the batch's earliest moment, plus what arrived since.
   */
  private async detectTopic(
    tx: EntityManager,
    workspaceId: string,
    topic: Topic,
    messages: BatchMessage[],
    counted: BatchMessage[] | null,
    plan: TopicPlan,
    crisisPatterns: string[],
  ): Promise<{ created: string[]; updated: string[] }> {
    await this.alerts.lockTopic(tx, workspaceId, topic.key);
    const earliest = new Map<number, number>();
    for (const m of messages) {
      const at = m.sent_at.getTime();
      const b = CrisisDetector.bucketOf(at);
      earliest.set(b, Math.min(earliest.get(b) ?? at, at));
    }
    const bucketSet = [...earliest.keys()].sort((a, b) => a - b);
    if (counted) {
      await this.buckets.add(tx, workspaceId, topic.key, bucketDeltas(counted, plan.crisisWords));
    } else {
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
    }
    const since = await this.buckets.arrivals(
      tx,
      workspaceId,
      topicPatterns(topic),
      crisisPatterns,
      bucketSet,
      BUCKET_MS,
      new Date(Math.min(...earliest.values())),
      topic.listening,
    );
    const firings: (Firing & { channelType: string })[] = [];
    const channelTypes = [ALL_CHANNELS, ...new Set(messages.map((m) => m.channel_type))];
    const detectors = await this.detectors(tx, workspaceId, topic.key, channelTypes, bucketSet);
    for (const channelType of channelTypes) {
      const found = detectors.get(channelType);
      if (!found) continue;
      const inView = (type: string): boolean => channelType === ALL_CHANNELS || type === channelType;
      const batchTimes = messages.filter((m) => inView(m.channel_type)).map((m) => m.sent_at.getTime());
      for (const b of bucketSet) {
        const from = earliest.get(b)!;
        const after: Arrival[] = since
          .filter(
            (r) =>
              inView(r.channel_type) &&
              r.sent_at.getTime() >= from &&
              CrisisDetector.bucketOf(r.sent_at.getTime()) === b,
          )
          .map((r) => ({
            at: r.sent_at.getTime(),
            counts: {
              total: r.total,
              negative: r.negative,
              negativeReach: Number(r.negative_reach),
              flagged: r.flagged,
            },
          }));
        const arrivals = [...heldBefore(found.history.get(b), after, b * BUCKET_MS), ...after];
        firings.push(...evaluateAsFilled(found.detector, b, batchTimes, arrivals).map((f) => ({ ...f, channelType })));
      }
    }
    for (const m of messages) {
      const firing = influencerFiring(
        {
          id: m.id,
          sentAtMs: m.sent_at.getTime(),
          label: m.sentiment_label,
          confidence: m.sentiment_confidence,
          reach: m.reach ?? 0,
          hit: m.listening !== undefined,
        },
        this.influencerReach,
      );
      if (firing) firings.push({ ...firing, channelType: m.channel_type });
    }
    firings.sort((a, b) => a.windowEnd - b.windowEnd || a.windowStart - b.windowStart);

    const created: string[] = [];
    const updated = new Set<string>();
    // Re-read only after a write: most firings merge into the alert as it stands, or change nothing.
    let latest = firings.length > 0 ? await this.alerts.latestForTopic(tx, workspaceId, topic.key) : undefined;
    for (const firing of firings) {
      const decision = decideMerge(latest ? toState(latest) : undefined, firing, this.cooldownMs);
      if (decision.kind === 'ignore') continue;
      if (decision.kind === 'create') {
        const write = await this.enrich(tx, workspaceId, topic, openedState(firing), [firing.channelType], firing);
        created.push(await this.alerts.insert(tx, workspaceId, write));
        latest = await this.alerts.latestForTopic(tx, workspaceId, topic.key);
        continue;
      }
      if (!decision.changed || !latest) continue;
      const types = [...new Set([...latest.channel_types, firing.channelType])];
      const write = await this.enrich(tx, workspaceId, topic, decision.next, types, firing, latest);
      await this.alerts.grow(tx, workspaceId, latest.id, write);
      if (!created.includes(latest.id)) updated.add(latest.id);
      latest = await this.alerts.latestForTopic(tx, workspaceId, topic.key);
    }
    return { created, updated: [...updated] };
  }

  /** A detector per channel type that has buckets, over its history from the lookback to the batch's last bucket. */
  private async detectors(
    tx: EntityManager,
    workspaceId: string,
    topicKey: string,
    channelTypes: string[],
    bucketSet: number[],
  ): Promise<Map<string, { detector: CrisisDetector; history: Map<number, BucketCounts> }>> {
    const out = new Map<string, { detector: CrisisDetector; history: Map<number, BucketCounts> }>();
    const firsts = await this.buckets.firstBuckets(tx, workspaceId, topicKey, channelTypes);
    if (firsts.size === 0) return out;
    const s = DEFAULT_DETECTOR_SETTINGS;
    const lookback = Math.max((s.baselineDays + 1) * DAY_MS, s.cusumBuckets * BUCKET_MS + DAY_MS);
    // No channel type has rows before its first bucket, so one range from the earliest serves them all.
    const earliest = Math.min(...[...firsts.values()].map((d) => d.getTime()));
    const from = new Date(Math.max(bucketSet[0]! * BUCKET_MS - lookback, earliest));
    const to = new Date((bucketSet[bucketSet.length - 1]! + 1) * BUCKET_MS);
    const rows = await this.buckets.history(tx, workspaceId, topicKey, [...firsts.keys()], from, to);
    const histories = new Map<string, Map<number, BucketCounts>>();
    for (const r of rows) {
      const history = histories.get(r.channel_type) ?? new Map<number, BucketCounts>();
      history.set(CrisisDetector.bucketOf(r.bucket_start.getTime()), {
        total: r.total,
        negative: r.negative,
        negativeReach: Number(r.negative_reach),
        flagged: r.flagged,
      });
      histories.set(r.channel_type, history);
    }
    for (const [channelType, first] of firsts) {
      const history = histories.get(channelType) ?? new Map<number, BucketCounts>();
      out.set(channelType, {
        detector: new CrisisDetector(history, CrisisDetector.bucketOf(first.getTime())),
        history,
      });
    }
    return out;
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
    const eventIds = [
      ...new Set([
        ...(typeof firing.figures.hitId === 'string' ? [firing.figures.hitId] : []),
        ...negatives.hits.map((h) => h.id),
        ...(previous?.event_ids ?? []),
      ]),
    ];
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

/** What the newly counted items add to a topic's buckets, per channel type and for all channels. */
export function bucketDeltas(items: BatchMessage[], crisisWords: readonly string[]): BucketDelta[] {
  const rows = new Map<string, BucketDelta>();
  for (const m of items) {
    const bucketStart = new Date(CrisisDetector.bucketOf(m.sent_at.getTime()) * BUCKET_MS);
    const negative = m.sentiment_label === 'negative';
    for (const channelType of [m.channel_type, ALL_CHANNELS]) {
      const key = `${channelType}|${bucketStart.getTime()}`;
      const row = rows.get(key) ?? {
        channelType,
        bucketStart,
        total: 0,
        positive: 0,
        negative: 0,
        neutral: 0,
        negativeReach: 0,
        flagged: 0,
      };
      row.total++;
      if (m.sentiment_label === 'positive') row.positive++;
      else if (negative) row.negative++;
      else row.neutral++;
      if (negative) {
        row.negativeReach += m.reach ?? 1;
        if (matchesAny(m.text, crisisWords)) row.flagged++;
      }
      rows.set(key, row);
    }
  }
  return [...rows.values()];
}

/**
 * What a bucket held before the batch's earliest moment in it, as one arrival at the bucket's start:
 * its counts now, less what arrived from that moment on.
 */
function heldBefore(now: BucketCounts | undefined, after: Arrival[], bucketStartMs: number): Arrival[] {
  if (!now) return [];
  const counts = { ...now };
  for (const a of after) {
    counts.total -= a.counts.total;
    counts.negative -= a.counts.negative;
    counts.negativeReach -= a.counts.negativeReach;
    counts.flagged -= a.counts.flagged;
  }
  if (counts.total <= 0) return [];
  return [
    {
      at: bucketStartMs,
      counts: {
        total: counts.total,
        negative: Math.max(0, counts.negative),
        negativeReach: Math.max(0, counts.negativeReach),
        flagged: Math.max(0, counts.flagged),
      },
    },
  ];
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
