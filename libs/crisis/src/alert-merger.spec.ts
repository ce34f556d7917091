import { decideMerge, type AlertState } from './alert-merger';
import type { Firing } from './crisis-detector';

const MIN = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
const COOLDOWN = 120 * MIN;

function firing(startMin: number, endMin: number, over: Partial<Firing> = {}): Firing {
  return {
    rule: 'spike',
    severity: 'low',
    windowStart: T0 + startMin * MIN,
    windowEnd: T0 + endMin * MIN,
    figures: { negative: 8 },
    ...over,
  };
}

function alert(over: Partial<AlertState> = {}): AlertState {
  return {
    status: 'open',
    severity: 'low',
    rules: ['spike'],
    windowStart: T0,
    windowEnd: T0 + 15 * MIN,
    lastFiredAt: T0 + 15 * MIN,
    figures: [{ rule: 'spike', windowStart: new Date(T0).toISOString(), negative: 8 }],
    ...over,
  };
}

describe('alert cooldown and merge', () => {
  it('opens an alert when there is none', () => {
    expect(decideMerge(undefined, firing(0, 15), COOLDOWN)).toEqual({ kind: 'create' });
  });

  it('grows the live alert with a later firing inside the cooldown', () => {
    const d = decideMerge(alert(), firing(20, 35, { rule: 'keywords', severity: 'high' }), COOLDOWN);
    expect(d.kind).toBe('merge');
    if (d.kind !== 'merge') return;
    expect(d.changed).toBe(true);
    expect(d.next.windowStart).toBe(T0);
    expect(d.next.windowEnd).toBe(T0 + 35 * MIN);
    expect(d.next.severity).toBe('high');
    expect(d.next.rules).toEqual(['spike', 'keywords']);
    expect(d.next.figures).toHaveLength(2);
  });

  it('changes nothing when the same firing is seen again (a re-run job)', () => {
    const a = alert();
    const once = decideMerge(a, firing(0, 15), COOLDOWN);
    if (once.kind !== 'merge') throw new Error('expected merge');
    const twice = decideMerge(once.next, firing(0, 15), COOLDOWN);
    expect(twice.kind === 'merge' && twice.changed).toBe(false);
  });

  it('opens a new alert after the cooldown has passed', () => {
    expect(decideMerge(alert(), firing(200, 215), COOLDOWN)).toEqual({ kind: 'create' });
  });

  it('ignores firings a resolved alert already covers, and opens a new one for later trouble', () => {
    const resolved = alert({ status: 'resolved' });
    expect(decideMerge(resolved, firing(0, 15), COOLDOWN)).toEqual({ kind: 'ignore' });
    expect(decideMerge(resolved, firing(20, 35), COOLDOWN)).toEqual({ kind: 'create' });
  });

  it('keeps an acknowledged alert growing rather than opening another', () => {
    expect(decideMerge(alert({ status: 'acknowledged' }), firing(30, 45), COOLDOWN).kind).toBe('merge');
  });

  it('keeps the moment a window was first detected when a fuller firing replaces it', () => {
    const first = new Date(T0 + 3 * MIN).toISOString();
    const later = new Date(T0 + 4 * MIN).toISOString();
    const live = alert({
      figures: [{ rule: 'spike', windowStart: new Date(T0).toISOString(), negative: 7, detectedAt: first }],
    });
    const d = decideMerge(live, firing(0, 15, { figures: { negative: 9, detectedAt: later } }), COOLDOWN);
    expect(d.kind).toBe('merge');
    if (d.kind !== 'merge') return;
    expect(d.next.figures).toHaveLength(1);
    expect(d.next.figures[0]).toMatchObject({ negative: 9, detectedAt: first });
  });

  it('sees no change when a firing repeats figures the store returned with its keys reordered', () => {
    const f = firing(0, 15, { figures: { negative: 8, baseline: 2 } });
    const entry = {
      rule: 'spike',
      windowStart: new Date(T0).toISOString(),
      windowEnd: new Date(T0 + 15 * MIN).toISOString(),
      negative: 8,
      baseline: 2,
    };
    const stored = Object.fromEntries(Object.entries(entry).reverse());
    const d = decideMerge(alert({ figures: [stored] }), f, COOLDOWN);
    expect(d).toMatchObject({ kind: 'merge', changed: false });
  });
});
