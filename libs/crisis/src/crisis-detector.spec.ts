import { BUCKET_MS, CrisisDetector, influencerFiring, type BucketCounts } from './crisis-detector';

const DAY = 288;
// 2026-03-02 (a Monday) 00:00 UTC as a bucket index.
const MONDAY = Date.parse('2026-03-02T00:00:00Z') / BUCKET_MS;

/** Days of calm: `total` messages per bucket, one negative every `negEvery` buckets. */
function calmHistory(days: number, total: number, negEvery: number): Map<number, BucketCounts> {
  const h = new Map<number, BucketCounts>();
  for (let b = MONDAY - days * DAY; b < MONDAY + DAY; b++) {
    const negative = b % negEvery === 0 ? 1 : 0;
    h.set(b, { total, negative, negativeReach: negative, flagged: 0 });
  }
  return h;
}

describe('CrisisDetector', () => {
  const at10 = MONDAY + 120; // 10:00

  it('stays silent on a calm day', () => {
    const h = calmHistory(7, 2, 10);
    const d = new CrisisDetector(h, MONDAY - 7 * DAY);
    for (let b = MONDAY; b < MONDAY + DAY; b += 7) expect(d.evaluate(b)).toEqual([]);
  });

  it('fires the spike rule on a burst of negatives, with the figures that fired it', () => {
    const h = calmHistory(7, 2, 10);
    for (let b = at10; b < at10 + 3; b++) h.set(b, { total: 6, negative: 4, negativeReach: 400, flagged: 0 });
    const firings = new CrisisDetector(h, MONDAY - 7 * DAY).evaluate(at10 + 2);
    const spike = firings.find((f) => f.rule === 'spike')!;
    expect(spike).toBeDefined();
    expect(spike.windowEnd).toBe((at10 + 3) * BUCKET_MS);
    expect(spike.windowStart).toBe(at10 * BUCKET_MS);
    expect(spike.figures.negative).toBeGreaterThanOrEqual(8);
    expect(Number(spike.figures.pValue)).toBeLessThan(1e-3);
  });

  it('does not fire when negatives rise only because all traffic rose (viral positive day)', () => {
    const h = calmHistory(7, 4, 2); // a quarter of messages are negative
    for (let b = at10; b < at10 + 6; b++) h.set(b, { total: 40, negative: 8, negativeReach: 8, flagged: 0 });
    const firings = new CrisisDetector(h, MONDAY - 7 * DAY).evaluate(at10 + 5);
    expect(firings.filter((f) => f.rule === 'spike' || f.rule === 'cusum')).toEqual([]);
  });

  it('respects time of day: a busy hour that is busy every day is not a crisis', () => {
    const h = calmHistory(7, 1, 1000);
    for (let d = -7; d <= 0; d++) {
      for (let b = at10 + d * DAY - 6; b <= at10 + d * DAY + 6; b++) {
        h.set(b, { total: 10, negative: 3, negativeReach: 3, flagged: 0 });
      }
    }
    expect(new CrisisDetector(h, MONDAY - 7 * DAY).evaluate(at10)).toEqual([]);
  });

  it('needs a minimum of history before the statistical rules speak', () => {
    const h = new Map<number, BucketCounts>([[at10, { total: 9, negative: 9, negativeReach: 9, flagged: 9 }]]);
    expect(new CrisisDetector(h, at10).evaluate(at10)).toEqual([]);
  });

  it('catches a slow build with CUSUM that the spike rule misses', () => {
    const h = calmHistory(7, 3, 6);
    // For four hours, one extra negative every other bucket: never a spike, clearly a trend.
    for (let b = at10; b < at10 + 48; b++) {
      const c = h.get(b)!;
      if (b % 2 === 0) h.set(b, { ...c, negative: c.negative + 1, negativeReach: c.negativeReach + 1 });
    }
    const d = new CrisisDetector(h, MONDAY - 7 * DAY);
    const firings = Array.from({ length: 48 }, (_, i) => d.evaluate(at10 + i)).flat();
    expect(firings.find((f) => f.rule === 'spike')).toBeUndefined();
    const cusum = firings.find((f) => f.rule === 'cusum')!;
    expect(cusum).toBeDefined();
    expect(cusum.windowStart).toBeGreaterThanOrEqual((at10 - 12) * BUCKET_MS);
  });

  it('fires the keyword rule on crisis words well above their usual rate', () => {
    const h = calmHistory(7, 2, 10);
    for (let b = at10; b < at10 + 4; b++) h.set(b, { total: 3, negative: 1, negativeReach: 1, flagged: 1 });
    const firings = new CrisisDetector(h, MONDAY - 7 * DAY).evaluate(at10 + 3);
    expect(firings.find((f) => f.rule === 'keywords')?.figures.flagged).toBe(4);
  });

  it('scales the expected count to the elapsed part of an in-progress bucket', () => {
    const h = calmHistory(7, 2, 10);
    const d = new CrisisDetector(h, MONDAY - 7 * DAY);
    const burst = { total: 6, negative: 6, negativeReach: 6, flagged: 0 };
    // Six negatives within the first minute of the bucket are far less likely than six over all of it.
    const early = d.evaluate(at10, { atMs: at10 * BUCKET_MS + 60_000, counts: burst }).find((f) => f.rule === 'spike');
    expect(early).toBeDefined();
    expect(early!.figures.windowMinutes).toBe(1);
    const late = d.evaluate(at10, { atMs: (at10 + 1) * BUCKET_MS - 1, counts: burst }).find((f) => f.rule === 'spike');
    if (late) expect(Number(late.figures.pValue)).toBeGreaterThan(Number(early!.figures.pValue));
  });

  it('fires the keyword rule on a short burst of crisis words', () => {
    const h = calmHistory(7, 2, 10);
    h.set(at10, { total: 3, negative: 2, negativeReach: 2, flagged: 2 });
    h.set(at10 + 1, { total: 2, negative: 2, negativeReach: 2, flagged: 2 });
    const keywords = new CrisisDetector(h, MONDAY - 7 * DAY).evaluate(at10 + 1).find((f) => f.rule === 'keywords');
    expect(keywords?.figures.windowMinutes).toBeLessThanOrEqual(20);
    expect(keywords?.figures.flagged).toBe(4);
  });
});

describe('influencerFiring', () => {
  const post = { id: 'p1', sentAtMs: Date.parse('2026-03-02T10:02:00Z'), label: 'negative', confidence: 0.9 };

  it('fires on one confident negative message or listening hit from a wide-reach author', () => {
    expect(influencerFiring({ ...post, reach: 60_000 }, 50_000)).toMatchObject({
      rule: 'influencer',
      severity: 'high',
      figures: { messageId: 'p1', reach: 60_000 },
    });
    const hit = influencerFiring({ ...post, reach: 600_000, hit: true }, 50_000);
    expect(hit).toMatchObject({ severity: 'critical', figures: { hitId: 'p1' } });
    expect(hit?.figures.messageId).toBeUndefined();
  });

  it('stays silent below the reach, for other labels and for unsure scores', () => {
    expect(influencerFiring({ ...post, reach: 49_999 }, 50_000)).toBeNull();
    expect(influencerFiring({ ...post, label: 'neutral', reach: 60_000 }, 50_000)).toBeNull();
    expect(influencerFiring({ ...post, confidence: 0.2, reach: 60_000 }, 50_000)).toBeNull();
  });
});
