import { DEFAULT_MODEL_PATH, SentimentMetrics, SentimentScorer } from '@scrm/sentiment';
import type { ScoredItem, SentimentResult } from '@scrm/sentiment';
import { type CliArgs } from './cli-args';
import { JsonlDatasetReader } from './jsonl-dataset.reader';

const TIMED_PASSES = 3;

/** `eval <file.jsonl> [--model <file>]`: the README protocol, pooled and per source, plus throughput. */
export class EvalCommand {
  run(args: CliArgs): Record<string, unknown> {
    args.assertKnown(['model']);
    const file = args.positional[0];
    if (file === undefined) throw new Error('eval needs a JSONL file');
    const loadStart = process.hrtime.bigint();
    const scorer = SentimentScorer.load(args.option('model') ?? DEFAULT_MODEL_PATH);
    const loadSeconds = Number(process.hrtime.bigint() - loadStart) / 1e9;
    const examples = JsonlDatasetReader.readFile(file);
    const results: SentimentResult[] = examples.map((e) => scorer.score(e.text));
    // Throughput is timed after the first pass, once the JIT has warmed up, as it would be in a running
    // worker; the fastest of a few passes, because on a shared machine other processes steal time slices.
    // CPU time is reported too: it does not count the time slices other processes take from this one.
    let seconds = Infinity;
    let cpuSeconds = Infinity;
    for (let pass = 0; pass < TIMED_PASSES; pass++) {
      const cpuStart = process.cpuUsage();
      const start = process.hrtime.bigint();
      for (const e of examples) scorer.score(e.text);
      seconds = Math.min(seconds, Number(process.hrtime.bigint() - start) / 1e9);
      const cpu = process.cpuUsage(cpuStart);
      cpuSeconds = Math.min(cpuSeconds, (cpu.user + cpu.system) / 1e6);
    }
    const items: ScoredItem[] = examples.map((e, i) => ({
      gold: e.label,
      predicted: results[i].label,
      score: results[i].score,
      source: e.source ?? 'unknown',
    }));
    const report = SentimentMetrics.evaluate(items);
    return {
      ...report,
      messagesPerSecond: Math.round(examples.length / Math.max(seconds, 1e-9)),
      messagesPerCpuSecond: Math.round(examples.length / Math.max(cpuSeconds, 1e-9)),
      modelVersion: scorer.modelVersion,
      loadSeconds: Number(loadSeconds.toFixed(3)),
    };
  }
}
