import { mad, median, poissonCusum, poissonUpperTail, robustRate } from './crisis-statistics';

describe('crisis statistics', () => {
  describe('poissonUpperTail', () => {
    it('is 1 at k = 0 and matches hand-computed values', () => {
      expect(poissonUpperTail(0, 3)).toBe(1);
      // P(X ≥ 1 | λ=1) = 1 − e^−1
      expect(poissonUpperTail(1, 1)).toBeCloseTo(1 - Math.exp(-1), 12);
      // P(X ≥ 3 | λ=2) = 1 − e^−2 (1 + 2 + 2)
      expect(poissonUpperTail(3, 2)).toBeCloseTo(1 - Math.exp(-2) * 5, 12);
    });

    it('stays accurate far in the tail, where 1 − CDF would round to zero', () => {
      // P(X ≥ 20 | λ=0.5) ≈ e^−0.5 · 0.5^20 / 20!
      const expected = (Math.exp(-0.5) * 0.5 ** 20) / 2.43290200817664e18;
      expect(poissonUpperTail(20, 0.5) / expected).toBeCloseTo(1, 1);
      expect(poissonUpperTail(20, 0.5)).toBeGreaterThan(0);
    });

    it('falls as the count rises and rises with the rate', () => {
      expect(poissonUpperTail(6, 1)).toBeLessThan(poissonUpperTail(5, 1));
      expect(poissonUpperTail(6, 2)).toBeGreaterThan(poissonUpperTail(6, 1));
      expect(poissonUpperTail(5, 0)).toBe(0);
    });

    it('puts 5 negatives in 15 minutes against a 0.15 expectation under 1e-3, and 2 above it', () => {
      expect(poissonUpperTail(5, 0.15)).toBeLessThan(1e-3);
      expect(poissonUpperTail(2, 0.15)).toBeGreaterThan(1e-3);
    });
  });

  describe('robust baseline', () => {
    it('median and MAD ignore a single outlier', () => {
      expect(median([1, 2, 3, 100])).toBe(2.5);
      expect(mad([2, 2, 2, 2, 50])).toBe(0);
    });

    it('robustRate clips a past crisis instead of letting it inflate the baseline', () => {
      const calm = [2, 3, 2, 3, 2, 3, 2];
      const withCrisis = [...calm, 60];
      expect(robustRate(withCrisis)).toBeLessThan(4);
      expect(robustRate(withCrisis)).toBeGreaterThanOrEqual(robustRate(calm));
    });

    it('keeps sparse-but-real traffic: a slot with occasional messages is not zero', () => {
      expect(median([0, 0, 0, 1, 0, 1, 0])).toBe(0);
      expect(robustRate([0, 0, 0, 1, 0, 1, 0])).toBeGreaterThan(0);
    });
  });

  describe('poissonCusum', () => {
    it('stays at zero while counts follow the expectation', () => {
      const steps = Array.from({ length: 50 }, () => ({ observed: 1, expected: 1 }));
      expect(poissonCusum(steps, 2).value).toBe(0);
    });

    it('accumulates a slow doubling that no single step would flag, and marks where it began', () => {
      const calm = Array.from({ length: 20 }, () => ({ observed: 1, expected: 1 }));
      const rising = Array.from({ length: 20 }, () => ({ observed: 2, expected: 1 }));
      const r = poissonCusum([...calm, ...rising], 2);
      // each rising step adds 2·ln 2 − 1 ≈ 0.386
      expect(r.value).toBeCloseTo(20 * (2 * Math.log(2) - 1), 6);
      expect(r.runStart).toBe(20);
    });

    it('with a threshold, alarms and restarts, so alarms stop soon after the rise ends', () => {
      const steps = [
        ...Array.from({ length: 30 }, () => ({ observed: 4, expected: 1 })),
        ...Array.from({ length: 10 }, () => ({ observed: 1, expected: 1 })),
      ];
      const during = poissonCusum(steps.slice(0, 30), 2, 5);
      expect(during.lastAlarm?.at).toBe(29);
      const after = poissonCusum(steps, 2, 5);
      expect(after.lastAlarm!.at).toBeLessThan(30);
      expect(after.value).toBeLessThan(5);
    });

    it('resets after the rate falls back', () => {
      const steps = [
        ...Array.from({ length: 10 }, () => ({ observed: 3, expected: 1 })),
        ...Array.from({ length: 30 }, () => ({ observed: 0, expected: 1 })),
      ];
      const r = poissonCusum(steps, 2);
      expect(r.value).toBe(0);
      expect(r.peak).toBeGreaterThan(5);
    });
  });
});
