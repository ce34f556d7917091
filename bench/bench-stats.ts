export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of a list of samples, to 0.1; NaN for no samples. */
export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const v = [...values].sort((a, b) => a - b);
  const at = (q: number): number => round1(v[Math.min(v.length - 1, Math.ceil(q * v.length) - 1)]!);
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: round1(v[v.length - 1]!) };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
