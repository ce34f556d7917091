import { SEVERITY_RANK, type Firing, type Severity } from './crisis-detector';

export interface AlertState {
  status: 'open' | 'acknowledged' | 'resolved';
  severity: Severity;
  rules: string[];
  windowStart: number;
  windowEnd: number;
  lastFiredAt: number;
  figures: Record<string, unknown>[];
}

export type MergeDecision =
  { kind: 'create' } | { kind: 'ignore' } | { kind: 'merge'; next: AlertState; changed: boolean };

const MAX_FIGURES = 20;

/**
 * Cooldown and merge: one crisis is one alert that grows. A firing within `cooldownMs` (event time)
 * of a live alert on the same topic extends it; one a resolved alert already covers is ignored; any
 * other firing opens a new alert.
 */
export function decideMerge(latest: AlertState | undefined, firing: Firing, cooldownMs: number): MergeDecision {
  if (!latest) return { kind: 'create' };
  if (latest.status === 'resolved') {
    return firing.windowEnd <= latest.windowEnd ? { kind: 'ignore' } : { kind: 'create' };
  }
  const near =
    firing.windowStart <= latest.lastFiredAt + cooldownMs && firing.windowEnd >= latest.windowStart - cooldownMs;
  if (!near) return { kind: 'create' };
  const severity = SEVERITY_RANK[firing.severity] > SEVERITY_RANK[latest.severity] ? firing.severity : latest.severity;
  const rules = latest.rules.includes(firing.rule) ? latest.rules : [...latest.rules, firing.rule];
  const entry = figureEntry(firing);
  const same = latest.figures.findIndex((f) => f.rule === entry.rule && f.windowStart === entry.windowStart);
  const figures = [...latest.figures];
  if (same >= 0) figures[same] = keepFirstDetection(latest.figures[same]!, entry);
  else figures.push(entry);
  const next: AlertState = {
    status: latest.status,
    severity,
    rules,
    windowStart: Math.min(latest.windowStart, firing.windowStart),
    windowEnd: Math.max(latest.windowEnd, firing.windowEnd),
    lastFiredAt: Math.max(latest.lastFiredAt, firing.windowEnd),
    figures: figures.slice(-MAX_FIGURES),
  };
  const changed =
    next.severity !== latest.severity ||
    next.rules.length !== latest.rules.length ||
    next.windowStart !== latest.windowStart ||
    next.windowEnd !== latest.windowEnd ||
    canonicalJson(next.figures) !== canonicalJson(latest.figures);
  return { kind: 'merge', next, changed };
}

/**
 * JSON with object keys sorted: stored figures come back from jsonb with their keys reordered, so a
 * plain `JSON.stringify` would see a change where a firing only repeats what the alert holds.
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** A firing that replaces an earlier one on the same window keeps the moment the window was first detected. */
function keepFirstDetection(
  previous: Record<string, unknown>,
  entry: Record<string, unknown>,
): Record<string, unknown> {
  const before = previous.detectedAt;
  const now = entry.detectedAt;
  if (typeof before === 'string' && typeof now === 'string' && Date.parse(before) < Date.parse(now)) {
    return { ...entry, detectedAt: before };
  }
  return entry;
}

export function figureEntry(firing: Firing): Record<string, unknown> {
  return {
    rule: firing.rule,
    windowStart: new Date(firing.windowStart).toISOString(),
    windowEnd: new Date(firing.windowEnd).toISOString(),
    ...firing.figures,
  };
}

/** The state of the alert a firing opens. */
export function openedState(firing: Firing): AlertState {
  return {
    status: 'open',
    severity: firing.severity,
    rules: [firing.rule],
    windowStart: firing.windowStart,
    windowEnd: firing.windowEnd,
    lastFiredAt: firing.windowEnd,
    figures: [figureEntry(firing)],
  };
}
