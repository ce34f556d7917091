import { poissonCusum, poissonUpperTail, robustRate, type CusumStep } from './crisis-statistics';

export const BUCKET_MS = 5 * 60_000;
const DAY_BUCKETS = 288;

export interface BucketCounts {
  total: number;
  negative: number;
  negativeReach: number;
  flagged: number;
}

export type AlertRule = 'spike' | 'cusum' | 'influencer' | 'keywords';
export type Severity = 'low' | 'medium' | 'high' | 'critical';
export const SEVERITY_RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

/** One rule firing on one window; the service turns firings into (growing) alerts. */
export interface Firing {
  rule: AlertRule;
  severity: Severity;
  /** Event time, epoch ms; the window is [start, end). */
  windowStart: number;
  windowEnd: number;
  figures: Record<string, number | string>;
}

export interface DetectorSettings {
  /**
   * Poisson tail below which a negative count is "improbably high". Each topic and channel view is
   * tested every 5 minutes on several windows (about 6,000 tests a week per view), so the per-test
   * level must be far below the tolerated weekly false-alarm rate.
   */
  alpha: number;
  /** The same for crisis-word counts (fewer, rarer, more telling events). */
  keywordAlpha: number;
  /** Fewest negative messages in a window that may raise a spike alarm. */
  minNegative: number;
  /** The negative share must rise by this much (absolute) over the baseline share … */
  shareRise: number;
  /** … and by this factor. */
  shareRatio: number;
  /** Windows, in buckets, the spike rule looks at. */
  spikeWindows: number[];
  /** Days of history the baseline reads. */
  baselineDays: number;
  /** Half-width, in buckets, of the time-of-day slot compared across days. */
  slotHalfWidth: number;
  /** Smallest per-bucket negative rate the baseline may assume (quiet hours are not silent forever). */
  rateFloor: number;
  cusumRatio: number;
  cusumThreshold: number;
  cusumBuckets: number;
  cusumMinNegative: number;
  /** Windows, in buckets, the keyword rule looks at. */
  keywordWindows: number[];
  keywordMin: number;
  /** Below this many hours of history, the statistical rules stay silent. */
  minHistoryHours: number;
  /**
   * Shortest part of a bucket an in-progress evaluation assumes has elapsed: a burst stamped with the
   * same second (minute-precision timestamps, a backfill) must not look like a burst in no time.
   */
  minElapsedMinutes: number;
}

export const DEFAULT_DETECTOR_SETTINGS: DetectorSettings = {
  alpha: 1e-5,
  keywordAlpha: 1e-4,
  minNegative: 5,
  shareRise: 0.1,
  shareRatio: 1.5,
  spikeWindows: [1, 2, 3, 4, 6],
  baselineDays: 14,
  slotHalfWidth: 6,
  rateFloor: 0.05,
  cusumRatio: 2,
  cusumThreshold: 10,
  cusumBuckets: 144,
  cusumMinNegative: 12,
  keywordWindows: [2, 3, 4, 6, 12],
  keywordMin: 3,
  minHistoryHours: 24,
  minElapsedMinutes: 1,
};

/**
 * The state of the bucket being evaluated as of one moment inside it: what had arrived by `atMs`
 * (event time). Windows that end in this bucket then cover only the part of it that has elapsed.
 */
export interface InProgressBucket {
  atMs: number;
  counts: BucketCounts;
}

interface Baseline {
  negative: number;
  total: number;
  flagged: number;
  /** Negative share of all messages in the compared slots. */
  share: number;
}

const ZERO: BucketCounts = { total: 0, negative: 0, negativeReach: 0, flagged: 0 };

/**
 * Decides, for one topic on one channel type, whether the bucket that just changed looks like a crisis.
 * Works on bucket indices (event time / 5 minutes) over a sparse history map: a missing bucket had no
 * messages. The baseline compares the same time of day on earlier days, preferring days of the same
 * kind (weekday or weekend), so a busy Monday morning is not an anomaly and a quiet Sunday night is.
 */
export class CrisisDetector {
  private readonly baselines = new Map<number, Baseline | null>();
  /** Set only during one `evaluate` call that looks at a bucket as of a moment inside it. */
  private cut: { bucket: number; counts: BucketCounts; elapsed: number } | null = null;

  constructor(
    private readonly history: ReadonlyMap<number, BucketCounts>,
    /** Index of the first bucket the topic has data for: days before it are not "quiet", they are unknown. */
    private readonly firstBucket: number,
    private readonly settings: DetectorSettings = DEFAULT_DETECTOR_SETTINGS,
  ) {}

  static bucketOf(timeMs: number): number {
    return Math.floor(timeMs / BUCKET_MS);
  }

  /**
   * Runs every rule on a whole bucket or, given `inProgress`, the spike and keyword rules on the bucket
   * as of a moment inside it: a burst that starts mid-bucket is caught when its evidence is complete,
   * not when the bucket closes. The expected counts then cover the elapsed part of the bucket only.
   * CUSUM, a slow-trend rule, only runs on whole buckets (alone: `evaluateTrend`).
   */
  evaluate(bucket: number, inProgress?: InProgressBucket): Firing[] {
    const firings: Firing[] = [];
    if (inProgress) {
      const elapsed = (inProgress.atMs - bucket * BUCKET_MS) / BUCKET_MS;
      const floor = (this.settings.minElapsedMinutes * 60_000) / BUCKET_MS;
      this.cut = { bucket, counts: inProgress.counts, elapsed: Math.min(1, Math.max(floor, elapsed)) };
    }
    try {
      const spike = this.spike(bucket);
      if (spike) firings.push(spike);
      const cusum = inProgress ? null : this.cusum(bucket);
      if (cusum) firings.push(cusum);
      const keywords = this.keywords(bucket);
      if (keywords) firings.push(keywords);
    } finally {
      this.cut = null;
    }
    return firings;
  }

  /** The CUSUM rule alone, on the whole bucket as counted so far. */
  evaluateTrend(bucket: number): Firing[] {
    const cusum = this.cusum(bucket);
    return cusum ? [cusum] : [];
  }

  /** Buckets a window of `w` buckets ending at `bucket` covers: the last one only as far as it has elapsed. */
  private span(w: number): number {
    return w - 1 + (this.cut ? this.cut.elapsed : 1);
  }

  baseline(bucket: number): Baseline | null {
    if (this.baselines.has(bucket)) return this.baselines.get(bucket)!;
    const value = this.computeBaseline(bucket);
    this.baselines.set(bucket, value);
    return value;
  }

  private counts(bucket: number): BucketCounts {
    if (this.cut?.bucket === bucket) return this.cut.counts;
    return this.history.get(bucket) ?? ZERO;
  }

  private sum(fromBucket: number, toBucket: number): BucketCounts {
    const out = { total: 0, negative: 0, negativeReach: 0, flagged: 0 };
    for (let b = fromBucket; b <= toBucket; b++) {
      const c = this.cut?.bucket === b ? this.cut.counts : this.history.get(b);
      if (!c) continue;
      out.total += c.total;
      out.negative += c.negative;
      out.negativeReach += c.negativeReach;
      out.flagged += c.flagged;
    }
    return out;
  }

  private computeBaseline(bucket: number): Baseline | null {
    const s = this.settings;
    if ((bucket - this.firstBucket) * BUCKET_MS < s.minHistoryHours * 3_600_000) return null;
    const weekend = isWeekend(bucket);
    const same: BucketCounts[] = [];
    const other: BucketCounts[] = [];
    const width = 2 * s.slotHalfWidth + 1;
    for (let d = 1; d <= s.baselineDays; d++) {
      const centre = bucket - d * DAY_BUCKETS;
      if (centre - s.slotHalfWidth < this.firstBucket) break;
      const c = this.sum(centre - s.slotHalfWidth, centre + s.slotHalfWidth);
      (isWeekend(centre) === weekend ? same : other).push(c);
    }
    const samples = same.length >= 2 ? same : [...same, ...other];
    if (samples.length === 0) return null;
    const per = (pick: (c: BucketCounts) => number): number[] => samples.map((c) => pick(c) / width);
    // The negative share is estimated over every day of history, not just the slot: it is far less
    // noisy, and what varies with the time of day is mostly the volume.
    const span = this.longSpan(bucket);
    const share = span.total > 0 ? span.negative / span.total : 0;
    const total = robustRate(per((c) => c.total));
    return {
      negative: Math.max(robustRate(per((c) => c.negative)), total * share, s.rateFloor),
      total,
      flagged: Math.max(
        robustRate(per((c) => c.flagged)),
        total * (span.total > 0 ? span.flagged / span.total : 0),
        s.rateFloor / 5,
      ),
      share,
    };
  }

  /** Moves a window's start up to its first bucket with something in it, so the window says when trouble began. */
  private trimStart(from: number, to: number, pick: (c: BucketCounts) => number): number {
    for (let b = from; b <= to; b++) if (pick(this.counts(b)) > 0) return b;
    return from;
  }

  private longSpanCache = new Map<number, BucketCounts>();

  /** Every bucket of the baseline days before this bucket's day (cached per day). */
  private longSpan(bucket: number): BucketCounts {
    const day = Math.floor(bucket / DAY_BUCKETS);
    let c = this.longSpanCache.get(day);
    if (!c) {
      c = this.sum(Math.max(this.firstBucket, (day - this.settings.baselineDays) * DAY_BUCKETS), day * DAY_BUCKETS - 1);
      this.longSpanCache.set(day, c);
    }
    return c;
  }

  private shareRose(negative: number, total: number, base: Baseline): boolean {
    const share = total > 0 ? negative / total : 0;
    return share >= base.share + this.settings.shareRise && share >= base.share * this.settings.shareRatio;
  }

  private spike(bucket: number): Firing | null {
    const s = this.settings;
    const base = this.baseline(bucket);
    if (!base) return null;
    let best: Firing | null = null;
    let bestP = 1;
    for (const w of s.spikeWindows) {
      const c = this.sum(bucket - w + 1, bucket);
      if (c.negative < s.minNegative) continue;
      const expected = this.span(w) * base.negative;
      const p = poissonUpperTail(c.negative, expected);
      if (p >= s.alpha || !this.shareRose(c.negative, c.total, base) || p >= bestP) continue;
      bestP = p;
      best = {
        rule: 'spike',
        severity: p < 1e-9 ? 'high' : p < 1e-5 ? 'medium' : 'low',
        windowStart: this.trimStart(bucket - w + 1, bucket, (x) => x.negative) * BUCKET_MS,
        windowEnd: (bucket + 1) * BUCKET_MS,
        figures: {
          windowMinutes: round1(this.span(w) * 5),
          negative: c.negative,
          total: c.total,
          negativeReach: c.negativeReach,
          expectedNegative: round(expected),
          pValue: Number(p.toPrecision(3)),
          negativeShare: round(c.total > 0 ? c.negative / c.total : 0),
          baselineShare: round(base.share),
        },
      };
    }
    return best;
  }

  private cusum(bucket: number): Firing | null {
    const s = this.settings;
    const from = Math.max(bucket - s.cusumBuckets + 1, this.firstBucket);
    const steps: CusumStep[] = [];
    for (let b = from; b <= bucket; b++) {
      const base = this.baseline(b);
      if (!base) return null;
      steps.push({ observed: this.counts(b).negative, expected: base.negative });
    }
    if (steps.length === 0) return null;
    const result = poissonCusum(steps, s.cusumRatio, s.cusumThreshold);
    // Only an alarm at this very bucket counts: earlier alarms were reported when they happened.
    if (!result.lastAlarm || result.lastAlarm.at !== steps.length - 1) return null;
    const runFrom = this.trimStart(from + result.lastAlarm.runStart, bucket, (x) => x.negative);
    const run = this.sum(runFrom, bucket);
    if (run.negative < s.cusumMinNegative) return null;
    const base = this.baseline(bucket)!;
    if (!this.shareRose(run.negative, run.total, base)) return null;
    let expected = 0;
    for (let b = runFrom; b <= bucket; b++) expected += this.baseline(b)!.negative;
    return {
      rule: 'cusum',
      severity: run.negative >= 3 * expected ? 'high' : 'medium',
      windowStart: runFrom * BUCKET_MS,
      windowEnd: (bucket + 1) * BUCKET_MS,
      figures: {
        cusum: round(result.lastAlarm.value),
        threshold: s.cusumThreshold,
        negative: run.negative,
        total: run.total,
        negativeReach: run.negativeReach,
        expectedNegative: round(expected),
        negativeShare: round(run.total > 0 ? run.negative / run.total : 0),
        baselineShare: round(base.share),
      },
    };
  }

  private keywords(bucket: number): Firing | null {
    const s = this.settings;
    const base = this.baseline(bucket);
    if (!base) return null;
    let best: Firing | null = null;
    let bestP = 1;
    for (const w of s.keywordWindows) {
      const c = this.sum(bucket - w + 1, bucket);
      if (c.flagged < s.keywordMin) continue;
      const expected = this.span(w) * base.flagged;
      const p = poissonUpperTail(c.flagged, expected);
      if (p >= s.keywordAlpha || p >= bestP) continue;
      bestP = p;
      best = {
        rule: 'keywords',
        severity: c.flagged >= 10 ? 'high' : 'medium',
        windowStart: this.trimStart(bucket - w + 1, bucket, (x) => x.flagged) * BUCKET_MS,
        windowEnd: (bucket + 1) * BUCKET_MS,
        figures: {
          windowMinutes: round1(this.span(w) * 5),
          flagged: c.flagged,
          expectedFlagged: round(expected),
          pValue: Number(p.toPrecision(3)),
          negative: c.negative,
          total: c.total,
        },
      };
    }
    return best;
  }
}

/** Least sentiment confidence at which one negative message from a wide-reach author raises an alert. */
const INFLUENCER_MIN_CONFIDENCE = 0.5;

/**
 * The influencer rule, on one message: negative (with enough confidence) from an author whose reach
 * is at least `threshold`. Null when the message does not qualify.
 */
export function influencerFiring(
  message: {
    id: string;
    sentAtMs: number;
    label: string | null;
    confidence: number | null;
    reach: number;
    /** A listening hit (a public post found by a query) rather than a message. */
    hit?: boolean;
  },
  threshold: number,
): Firing | null {
  const { id, sentAtMs, label, confidence, reach, hit } = message;
  if (label !== 'negative' || reach < threshold || (confidence ?? 0) < INFLUENCER_MIN_CONFIDENCE) return null;
  const b = CrisisDetector.bucketOf(sentAtMs);
  return {
    rule: 'influencer',
    severity: reach >= 10 * threshold ? 'critical' : 'high',
    windowStart: b * BUCKET_MS,
    windowEnd: (b + 1) * BUCKET_MS,
    figures: { reach, threshold, [hit ? 'hitId' : 'messageId']: id, detectedAt: new Date(sentAtMs).toISOString() },
  };
}

function isWeekend(bucket: number): boolean {
  const day = new Date(bucket * BUCKET_MS).getUTCDay();
  return day === 0 || day === 6;
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
