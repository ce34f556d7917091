import { SentimentScorer } from '@scrm/sentiment';
import {
  CrisisDetector,
  DEFAULT_CRISIS_WORDS,
  DEFAULT_DETECTOR_SETTINGS,
  decideMerge,
  evaluateAsFilled,
  influencerFiring,
  matchesAny,
  openedState,
  type AlertState,
  type Arrival,
  type BucketCounts,
  type DetectorSettings,
  type Firing,
} from '@scrm/crisis';
import { openedAt, parseStream, scoreAlerts } from './eval.command';

const COOLDOWN_MS = 120 * 60_000;
const INFLUENCER_REACH = 50_000;

/**
 * `crisis replay <stream.jsonl>`: the detector, its in-bucket evaluation and the alert merge on
 * in-memory counts, without ingest or a database. Seconds instead of minutes, for trying settings
 * and seeds; `eval` is the measure of the real pipeline. Only the workspace topic over all channels
 * is watched (as in `eval`, where every stream channel is one channel type), with the default crisis
 * words, cooldown and influencer reach; `--settings '<json>'` overrides detector settings to try them.
 */
export function runReplay(path: string, settings: Partial<DetectorSettings> = {}): Record<string, unknown> {
  const started = Date.now();
  const { messages, crises } = parseStream(path);
  if (messages.length === 0) throw new Error('the stream holds no messages');
  const scorer = SentimentScorer.load();
  const history = new Map<number, BucketCounts>();
  const arrivals = new Map<number, Arrival[]>();
  const detector = new CrisisDetector(history, CrisisDetector.bucketOf(Date.parse(messages[0]!.time)), {
    ...DEFAULT_DETECTOR_SETTINGS,
    ...settings,
  });
  const alerts: AlertState[] = [];
  const opened: number[] = [];
  let i = 0;
  while (i < messages.length) {
    const bucket = CrisisDetector.bucketOf(Date.parse(messages[i]!.time));
    const batchTimes: number[] = [];
    const firings: Firing[] = [];
    for (; i < messages.length && CrisisDetector.bucketOf(Date.parse(messages[i]!.time)) === bucket; i++) {
      const m = messages[i]!;
      const at = Date.parse(m.time);
      const result = scorer.score(m.text);
      const negative = result.label === 'negative';
      const reach = typeof m.author.reach === 'number' ? Math.max(0, Math.round(m.author.reach)) : 1;
      const counts: BucketCounts = {
        total: 1,
        negative: negative ? 1 : 0,
        negativeReach: negative ? reach : 0,
        flagged: negative && matchesAny(m.text, DEFAULT_CRISIS_WORDS) ? 1 : 0,
      };
      const sum = history.get(bucket) ?? { total: 0, negative: 0, negativeReach: 0, flagged: 0 };
      history.set(bucket, {
        total: sum.total + counts.total,
        negative: sum.negative + counts.negative,
        negativeReach: sum.negativeReach + counts.negativeReach,
        flagged: sum.flagged + counts.flagged,
      });
      const inBucket = arrivals.get(bucket) ?? [];
      inBucket.push({ at, counts });
      arrivals.set(bucket, inBucket);
      batchTimes.push(at);
      const influencer = influencerFiring(
        { id: m.messageId, sentAtMs: at, label: result.label, confidence: result.confidence, reach },
        INFLUENCER_REACH,
      );
      if (influencer) firings.push(influencer);
    }
    firings.push(...evaluateAsFilled(detector, bucket, batchTimes, arrivals.get(bucket)!));
    firings.sort((a, b) => a.windowEnd - b.windowEnd || a.windowStart - b.windowStart);
    const before = alerts.length;
    for (const firing of firings) {
      const latest = alerts[alerts.length - 1];
      const decision = decideMerge(latest, firing, COOLDOWN_MS);
      if (decision.kind === 'create') {
        alerts.push(openedState(firing));
      } else if (decision.kind === 'merge' && decision.changed) {
        alerts[alerts.length - 1] = decision.next;
      }
    }
    for (const a of alerts.slice(before)) {
      opened.push(openedAt(a.figures));
    }
  }
  return {
    ...scoreAlerts(messages, crises, opened),
    alerts: alerts.map((a) => ({
      window: [new Date(a.windowStart).toISOString(), new Date(a.windowEnd).toISOString()],
      rules: a.rules,
      severity: a.severity,
    })),
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}
