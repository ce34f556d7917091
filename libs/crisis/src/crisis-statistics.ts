/**
 * The statistics behind detection, kept pure so they can be tested alone: Poisson tails, robust
 * baselines and a Poisson CUSUM.
 */

/** P(X ≥ k) for X ~ Poisson(λ), summed in log space so large k and λ stay accurate. */
export function poissonUpperTail(k: number, lambda: number): number {
  if (k <= 0) return 1;
  if (lambda <= 0) return 0;
  // P(X ≥ k) = 1 − Σ_{i<k} p(i); for k far above λ, summing the upper terms directly is more exact.
  if (k > lambda) {
    let logTerm = -lambda + k * Math.log(lambda) - logFactorial(k);
    let sum = 0;
    for (let i = k; i < k + 1000; i++) {
      const term = Math.exp(logTerm);
      sum += term;
      if (term < sum * 1e-15) break;
      logTerm += Math.log(lambda) - Math.log(i + 1);
    }
    return Math.min(1, sum);
  }
  let logTerm = -lambda;
  let lower = 0;
  for (let i = 0; i < k; i++) {
    lower += Math.exp(logTerm);
    logTerm += Math.log(lambda) - Math.log(i + 1);
  }
  return Math.max(0, 1 - lower);
}

const LOG_FACT_CACHE: number[] = [0];
export function logFactorial(n: number): number {
  for (let i = LOG_FACT_CACHE.length; i <= n; i++) LOG_FACT_CACHE[i] = LOG_FACT_CACHE[i - 1]! + Math.log(i);
  return LOG_FACT_CACHE[n]!;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median absolute deviation, scaled to estimate a standard deviation under normality. */
export function mad(values: readonly number[]): number {
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

/**
 * A robust expected value from comparable past samples (same time of day on earlier days): the larger
 * of the median and the mean after clipping outliers at median + 3·MAD. The median alone is 0 for
 * sparse counts; the clipped mean keeps rare-but-real traffic in the baseline while past crises
 * (the outliers) are cut back.
 */
export function robustRate(samples: readonly number[]): number {
  if (samples.length === 0) return 0;
  const m = median(samples);
  const cap = m + 3 * Math.max(mad(samples), 0.5);
  const clipped = samples.map((v) => Math.min(v, cap));
  return Math.max(m, clipped.reduce((a, b) => a + b, 0) / clipped.length);
}

export interface CusumStep {
  observed: number;
  expected: number;
}

export interface CusumResult {
  /** The statistic after the last step. */
  value: number;
  /** Index of the step where the current excursion began (the statistic last left zero). */
  runStart: number;
  /** The largest value reached, and where. */
  peak: number;
  /** With a threshold: the last alarm (the statistic restarts from zero after each). */
  lastAlarm?: { at: number; runStart: number; value: number };
}

/**
 * Poisson CUSUM for a rise of the rate by `ratio`: S ← max(0, S + x·ln r − λ(r − 1)), the log
 * likelihood ratio of "rate is r·λ" against "rate is λ" accumulated while it stays positive. With a
 * `threshold`, reaching it is an alarm and S restarts from zero, so a long crisis alarms again every
 * so often and the alarms stop soon after it ends (instead of S draining for hours).
 */
export function poissonCusum(steps: readonly CusumStep[], ratio: number, threshold?: number): CusumResult {
  const lr = Math.log(ratio);
  let s = 0;
  let runStart = 0;
  let peak = 0;
  let lastAlarm: CusumResult['lastAlarm'];
  steps.forEach((step, i) => {
    const next = s + step.observed * lr - step.expected * (ratio - 1);
    if (next <= 0) {
      s = 0;
      runStart = i + 1;
    } else {
      s = next;
    }
    peak = Math.max(peak, s);
    if (threshold !== undefined && s >= threshold) {
      lastAlarm = { at: i, runStart, value: s };
      s = 0;
      runStart = i + 1;
    }
  });
  return { value: s, runStart: Math.min(runStart, steps.length - 1), peak, ...(lastAlarm ? { lastAlarm } : {}) };
}
