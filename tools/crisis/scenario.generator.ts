import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Builds a replay stream for `crisis eval` from the labelled sentiment dev sets, at run time (the
 * dataset text is never committed): calm days with a daily and weekly rhythm, two sudden crises, a
 * slow burn, a single influencer post, and a noisy-but-harmless viral positive day.
 */

interface Labelled {
  text: string;
  label: string;
  lang: string;
}

export type StreamLine =
  | {
      type: 'message';
      time: string;
      channel: 'x' | 'wechat' | 'webhook';
      messageId: string;
      author: { id: string; name: string; reach: number };
      text: string;
    }
  | { type: 'crisis'; start: string; end: string; label: string };

const CRISIS_WORDS = ['投诉', '退款', '曝光', '维权', 'refund', 'scam', 'lawsuit', 'boycott', 'recall', '骗'];

class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s * 1664525 + 1013904223) >>> 0;
    return this.s / 2 ** 32;
  }
  pick<T>(a: readonly T[]): T {
    return a[Math.floor(this.next() * a.length)]!;
  }
  poisson(lambda: number): number {
    let k = 0;
    let p = Math.exp(-lambda);
    let s = p;
    const u = this.next();
    while (u > s && k < 1000) {
      k++;
      p *= lambda / k;
      s += p;
    }
    return k;
  }
}

/** Relative traffic by hour of day (UTC): quiet nights, a late-morning and an evening peak. */
const RHYTHM = [
  0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.4, 0.7, 1, 1.2, 1.4, 1.4, 1.2, 1.1, 1.1, 1.2, 1.2, 1.1, 1.2, 1.4, 1.5, 1.2, 0.8,
  0.4,
];

export function generateScenario(datasetDir: string, days = 14, seed = 7): StreamLine[] {
  const rng = new Rng(seed);
  const pool: Labelled[] = [];
  for (const f of ['zh-dev.jsonl', 'en-dev.jsonl']) {
    for (const line of readFileSync(join(datasetDir, f), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const r = JSON.parse(line) as Labelled;
      if (r.text.length > 0 && r.text.length < 280) pool.push(r);
    }
  }
  const by = (label: string): Labelled[] => pool.filter((p) => p.label === label);
  const positive = by('positive');
  const neutral = by('neutral');
  const negative = by('negative');
  const crisisNegative = negative.filter((n) => CRISIS_WORDS.some((w) => n.text.toLowerCase().includes(w)));

  const start = Date.parse('2026-03-02T00:00:00Z'); // a Monday
  const lines: StreamLine[] = [];
  let n = 0;
  const emit = (t: number, item: Labelled, reach?: number): void => {
    const channel = item.lang === 'zh' ? (rng.next() < 0.8 ? 'wechat' : 'webhook') : rng.next() < 0.8 ? 'x' : 'webhook';
    const author = Math.floor(rng.next() * 5000);
    lines.push({
      type: 'message',
      time: new Date(t).toISOString(),
      channel,
      messageId: `m${++n}`,
      author: {
        id: `a${author}`,
        name: `Author ${author}`,
        reach:
          reach ??
          (channel === 'wechat' ? 20 + Math.floor(rng.next() * 400) : Math.floor(Math.exp(3 + rng.next() * 4))),
      },
      text: item.text,
    });
  };
  const baseline = (label: number): Labelled =>
    label < 0.45 ? rng.pick(positive) : label < 0.75 ? rng.pick(neutral) : rng.pick(negative);

  // Calm traffic: about 12 messages an hour at the peak on weekdays, less at weekends.
  const perHour = 12;
  for (let d = 0; d < days; d++) {
    const weekend = new Date(start + d * 86_400_000).getUTCDay() % 6 === 0;
    for (let h = 0; h < 24; h++) {
      const k = rng.poisson(perHour * RHYTHM[h]! * (weekend ? 0.7 : 1));
      for (let i = 0; i < k; i++)
        emit(start + d * 86_400_000 + h * 3_600_000 + rng.next() * 3_600_000, baseline(rng.next()));
    }
  }
  const crisis = (from: number, to: number, label: string): void => {
    lines.push({ type: 'crisis', start: new Date(from).toISOString(), end: new Date(to).toISOString(), label });
  };
  const burst = (from: number, minutes: number, perHourRate: (frac: number) => number): void => {
    for (let m = 0; m < minutes; m += 5) {
      const k = rng.poisson((perHourRate(m / minutes) * 5) / 60);
      for (let i = 0; i < k; i++) {
        const item = rng.next() < 0.5 && crisisNegative.length > 0 ? rng.pick(crisisNegative) : rng.pick(negative);
        emit(from + m * 60_000 + rng.next() * 300_000, item);
      }
    }
  };
  const at = (day: number, hour: number): number => start + day * 86_400_000 + hour * 3_600_000;

  // Sudden crises: 40 complaints an hour for two hours.
  burst(at(3, 10), 120, () => 40);
  crisis(at(3, 10), at(3, 12), 'delivery outage (sudden)');
  burst(at(9, 20), 120, () => 40);
  crisis(at(9, 20), at(9, 22), 'product defect (sudden)');
  // Slow burn: complaints growing from nothing to 16 an hour over ten hours.
  burst(at(6, 8), 600, (f) => 16 * f);
  crisis(at(6, 8), at(6, 18), 'billing error (slow burn)');
  // One negative post from an account with half a million followers.
  const strong = negative.filter(
    (x) => x.lang === 'en' && /\b(worst|terrible|awful|never again|disgusting)\b/i.test(x.text),
  );
  const infl = rng.pick(strong.length > 0 ? strong : negative.filter((x) => x.lang === 'en'));
  emit(at(11, 15) + 7 * 60_000, infl, 500_000);
  crisis(at(11, 15), at(11, 16), 'influencer complaint');
  // A viral positive day: five times the usual traffic, almost all of it happy.
  for (let h = 9; h < 17; h++) {
    const k = rng.poisson(perHour * 5);
    for (let i = 0; i < k; i++)
      emit(at(12, h) + rng.next() * 3_600_000, rng.next() < 0.85 ? rng.pick(positive) : baseline(rng.next()));
  }

  const time = (l: StreamLine): number => Date.parse(l.type === 'message' ? l.time : l.start);
  return lines.sort((a, b) => time(a) - time(b));
}
