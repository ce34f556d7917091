import { CrisisDetector, type BucketCounts, type Firing } from './crisis-detector';

/** What one view of a topic received at one moment (event time, epoch ms). */
export interface Arrival {
  at: number;
  counts: BucketCounts;
}

/**
 * Evaluates a bucket the way it filled: as of every moment at which the current batch brought a
 * message into it, and as of its latest message. Live traffic arrives message by message and a
 * replay or backfill arrives a bucket at a time; both raise the same firings at the same event time.
 *
 * Returns, per rule, the firing at the first moment the rule fired (its figures are the evidence at
 * detection) and, when later, the one with the fullest evidence; each carries `detectedAt`, the
 * moment it was seen. CUSUM runs once, on the bucket as counted.
 *
 * `arrivals` are every message of the view in this bucket, from any batch, grouped by timestamp.
 */
export function evaluateAsFilled(
  detector: CrisisDetector,
  bucket: number,
  batchTimes: readonly number[],
  arrivals: readonly Arrival[],
): Firing[] {
  const sorted = arrivals.filter((a) => CrisisDetector.bucketOf(a.at) === bucket).sort((a, b) => a.at - b.at);
  if (sorted.length === 0) return [];
  const latest = sorted[sorted.length - 1]!.at;
  const moments = [
    ...new Set([...batchTimes.filter((t) => CrisisDetector.bucketOf(t) === bucket && t <= latest), latest]),
  ].sort((a, b) => a - b);
  const first = new Map<string, { firing: Firing; at: number }>();
  const last = new Map<string, { firing: Firing; at: number }>();
  const counts: BucketCounts = { total: 0, negative: 0, negativeReach: 0, flagged: 0 };
  let next = 0;
  for (const at of moments) {
    while (next < sorted.length && sorted[next]!.at <= at) {
      const c = sorted[next++]!.counts;
      counts.total += c.total;
      counts.negative += c.negative;
      counts.negativeReach += c.negativeReach;
      counts.flagged += c.flagged;
    }
    for (const firing of detector.evaluate(bucket, { atMs: at, counts: { ...counts } })) {
      (first.has(firing.rule) ? last : first).set(firing.rule, { firing, at });
    }
  }
  const out = [...first.values()].map((f) => withDetectedAt(f.firing, f.at));
  for (const [rule, f] of last) {
    const earlier = first.get(rule)!.firing;
    if (
      f.firing.windowStart !== earlier.windowStart ||
      JSON.stringify(f.firing.figures) !== JSON.stringify(earlier.figures)
    ) {
      out.push(withDetectedAt(f.firing, f.at));
    }
  }
  out.push(...detector.evaluateTrend(bucket).map((f) => withDetectedAt(f, latest)));
  return out;
}

function withDetectedAt(firing: Firing, at: number): Firing {
  return { ...firing, figures: { ...firing.figures, detectedAt: new Date(at).toISOString() } };
}
