import { Injectable } from '@nestjs/common';
import { AppConfig } from '@scrm/config';
import { UnitOfWork, type EntityManager } from '@scrm/database';
import { ALL_CHANNELS, CrisisBucketRepository, type BatchMessage } from './crisis-bucket.repository';
import {
  BUCKET_MS,
  CrisisDetector,
  DEFAULT_DETECTOR_SETTINGS,
  type BucketCounts,
  type Firing,
} from './crisis-detector';
import { CrisisAlertRepository, type AlertRow, type AlertWrite } from './crisis-alert.repository';
import { CrisisKeywordSetRepository } from './crisis-keyword-set.repository';
import { decideMerge, figureEntry, type AlertState } from './alert-merger';
import { distinguishingTerms, likePatterns } from './crisis-terms';
import { inTopic, planTopics, topicPatterns, type Topic } from './crisis-topics';
import { CrisisNotifier } from './crisis-notifier.service';
import { evaluateAsFilled, type Arrival } from './crisis-arrivals';

const DAY_MS = 86_400_000;
const MAX_ALERT_MESSAGES = 500;
const INFLUENCER_MIN_CONFIDENCE = 0.5;

/**
 * The crisis.detect job: recount the event-time buckets a batch of messages falls in, run the
 * detector on them for every topic and channel type, and open or grow alerts. Everything is re-read
 * and recounted, so a second run of the same job changes nothing.
 */
@Injectable()
export class CrisisDetectionService {
  private readonly cooldownMs: number;
  private readonly influencerReach: number;

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

  async detect(workspaceId: string, messageIds: string[]): Promise<void> {
    const messages = await this.buckets.batch(this.uow.manager, workspaceId, messageIds);
    if (messages.length === 0) return;
    const plan = planTopics(await this.keywordSets.list(this.uow.manager, workspaceId));
    const crisisPatterns = likePatterns(plan.crisisWords);
    for (const topic of plan.topics) {
      const mine = messages.filter((m) => inTopic(topic, m.text));
      if (mine.length === 0) continue;
      const outcome = await this.uow.run((tx) => this.detectTopic(tx, workspaceId, topic, mine, crisisPatterns));
      await this.notifier.alertsChanged(workspaceId, outcome.created, outcome.updated);
    }
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
    await this.buckets.recount(tx, workspaceId, topic.key, topicPatterns(topic), crisisPatterns, bucketSet, BUCKET_MS);

    const arrivalRows = await this.buckets.arrivals(
      tx,
      workspaceId,
      topicPatterns(topic),
      crisisPatterns,
      bucketSet,
      BUCKET_MS,
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
      if (m.sentiment_label !== 'negative' || (m.reach ?? 0) < this.influencerReach) continue;
      if ((m.sentiment_confidence ?? 0) < INFLUENCER_MIN_CONFIDENCE) continue;
      const b = CrisisDetector.bucketOf(m.sent_at.getTime());
      firings.push({
        rule: 'influencer',
        severity: (m.reach ?? 0) >= 10 * this.influencerReach ? 'critical' : 'high',
        windowStart: b * BUCKET_MS,
        windowEnd: (b + 1) * BUCKET_MS,
        figures: {
          reach: m.reach ?? 0,
          threshold: this.influencerReach,
          messageId: m.id,
          detectedAt: m.sent_at.toISOString(),
        },
        channelType: m.channel_type,
      });
    }
    firings.sort((a, b) => a.windowEnd - b.windowEnd || a.windowStart - b.windowStart);

    const created: string[] = [];
    const updated = new Set<string>();
    for (const firing of firings) {
      const latest = await this.alerts.latestForTopic(tx, workspaceId, topic.key);
      const decision = decideMerge(latest ? toState(latest) : undefined, firing, this.cooldownMs);
      if (decision.kind === 'ignore') continue;
      if (decision.kind === 'create') {
        const state: AlertState = {
          status: 'open',
          severity: firing.severity,
          rules: [firing.rule],
          windowStart: firing.windowStart,
          windowEnd: firing.windowEnd,
          lastFiredAt: firing.windowEnd,
          figures: [figureEntry(firing)],
        };
        const write = await this.enrich(tx, workspaceId, topic, state, [firing.channelType], firing);
        created.push(await this.alerts.insert(tx, workspaceId, write));
        continue;
      }
      if (!decision.changed || !latest) continue;
      const types = [...new Set([...latest.channel_types, firing.channelType])];
      const write = await this.enrich(tx, workspaceId, topic, decision.next, types, firing, latest.message_ids);
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

  /** The crisis's messages, affected contacts and distinguishing terms for the alert's whole window. */
  private async enrich(
    tx: EntityManager,
    workspaceId: string,
    topic: Topic,
    state: AlertState,
    channelTypes: string[],
    firing: Firing,
    previousIds: string[] = [],
  ): Promise<AlertWrite> {
    const patterns = topicPatterns(topic);
    const from = new Date(state.windowStart);
    const to = new Date(state.windowEnd);
    const negatives = await this.alerts.windowMessages(tx, workspaceId, patterns, from, to, true, MAX_ALERT_MESSAGES);
    const before = await this.alerts.windowMessages(
      tx,
      workspaceId,
      patterns,
      new Date(from.getTime() - DAY_MS),
      from,
      false,
      1000,
    );
    const ids = [
      ...new Set([
        ...(typeof firing.figures.messageId === 'string' ? [firing.figures.messageId] : []),
        ...negatives.map((m) => m.id),
        ...previousIds,
      ]),
    ];
    // Widest reach first: those are the contacts to call back before the others.
    const byReach = [...negatives].sort((a, b) => (b.reach ?? 0) - (a.reach ?? 0));
    const contactIds = [...new Set(byReach.map((m) => m.contact_id).filter((c): c is string => c !== null))];
    return {
      topicKey: topic.key,
      channelTypes,
      severity: state.severity,
      rules: state.rules,
      windowStart: from,
      windowEnd: to,
      lastFiredAt: new Date(state.lastFiredAt),
      figures: state.figures,
      terms: distinguishingTerms(
        negatives.map((m) => m.text),
        before.map((m) => m.text),
      ),
      messageIds: ids.slice(0, MAX_ALERT_MESSAGES),
      contactIds: contactIds.slice(0, 200),
    };
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
