import { evaluateAsFilled, type Arrival } from './crisis-arrivals';
import { BUCKET_MS, CrisisDetector, type BucketCounts } from './crisis-detector';

const DAY = 288;
const MONDAY = Date.parse('2026-03-02T00:00:00Z') / BUCKET_MS;
const at10 = MONDAY + 120;

function calmHistory(days: number): Map<number, BucketCounts> {
  const h = new Map<number, BucketCounts>();
  for (let b = MONDAY - days * DAY; b < MONDAY + DAY; b++) {
    const negative = b % 10 === 0 ? 1 : 0;
    h.set(b, { total: 2, negative, negativeReach: negative, flagged: 0 });
  }
  return h;
}

function negativeAt(minute: number): Arrival {
  return { at: at10 * BUCKET_MS + minute * 60_000, counts: { total: 1, negative: 1, negativeReach: 1, flagged: 0 } };
}

describe('evaluateAsFilled', () => {
  it('fires when the evidence is complete, not when the bucket closes', () => {
    const h = calmHistory(7);
    // Eight complaints in the first two minutes of the bucket, then two more near its end.
    const arrivals = [0.2, 0.4, 0.6, 0.8, 1, 1.2, 1.4, 1.6, 4.5, 4.8].map(negativeAt);
    h.set(at10, { total: 10, negative: 10, negativeReach: 10, flagged: 0 });
    const detector = new CrisisDetector(h, MONDAY - 7 * DAY);
    const firings = evaluateAsFilled(
      detector,
      at10,
      arrivals.map((a) => a.at),
      arrivals,
    );
    const spike = firings.find((f) => f.rule === 'spike')!;
    expect(spike).toBeDefined();
    expect(Date.parse(String(spike.figures.detectedAt))).toBeLessThan(at10 * BUCKET_MS + 2 * 60_000);
    expect(spike.windowEnd).toBe((at10 + 1) * BUCKET_MS);
  });

  it('gives the same firings whether the bucket arrives at once or message by message', () => {
    const arrivals = [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4].map(negativeAt);
    const whole = calmHistory(7);
    whole.set(at10, { total: 10, negative: 8, negativeReach: 8, flagged: 0 });
    const atOnce = evaluateAsFilled(
      new CrisisDetector(whole, MONDAY - 7 * DAY),
      at10,
      arrivals.map((a) => a.at),
      arrivals,
    );
    const firstSeen: string[] = [];
    for (let k = 1; k <= arrivals.length; k++) {
      const h = calmHistory(7);
      h.set(at10, { total: k, negative: k, negativeReach: k, flagged: 0 });
      const f = evaluateAsFilled(
        new CrisisDetector(h, MONDAY - 7 * DAY),
        at10,
        [arrivals[k - 1]!.at],
        arrivals.slice(0, k),
      );
      firstSeen.push(...f.filter((x) => x.rule === 'spike').map((x) => String(x.figures.detectedAt)));
    }
    const earliest = (list: string[]): number => Math.min(...list.map((t) => Date.parse(t)));
    expect(firstSeen.length).toBeGreaterThan(0);
    expect(earliest(atOnce.filter((x) => x.rule === 'spike').map((x) => String(x.figures.detectedAt)))).toBe(
      earliest(firstSeen),
    );
  });

  it('does not treat a burst stamped with one second as a burst in no time', () => {
    const h = calmHistory(7);
    const arrivals = [negativeAt(0)];
    arrivals[0]!.counts = { total: 5, negative: 5, negativeReach: 5, flagged: 0 };
    h.set(at10, { total: 5, negative: 5, negativeReach: 5, flagged: 0 });
    const firings = evaluateAsFilled(new CrisisDetector(h, MONDAY - 7 * DAY), at10, [arrivals[0]!.at], arrivals);
    const spike = firings.find((f) => f.rule === 'spike');
    // Judged over at least one minute: still improbable, but with a finite p-value.
    expect(spike?.figures.windowMinutes).toBe(1);
    expect(Number(spike?.figures.pValue)).toBeGreaterThan(0);
  });
});
