/**
 * Crisis tooling: `npm run crisis -- <command>`.
 *   eval <stream.jsonl>                 replay a stream through the pipeline and score the alerts
 *   replay <stream.jsonl> [--settings <json>]
 *                                       the same scoring on the detector alone, in memory (fast)
 *   scenario [--out <file>] [--days n] [--seed n] [--data <dataset dir>]
 *                                       build a stream from the sentiment dev sets (at run time)
 * Results go to stdout as one JSON object; progress and errors go to stderr.
 */
import { writeFileSync } from 'node:fs';
import { runEval } from './eval.command';
import type { DetectorSettings } from '@scrm/crisis';
import { runReplay } from './replay.command';
import { generateScenario } from './scenario.generator';

const USAGE = `usage:
  eval <stream.jsonl>
  replay <stream.jsonl> [--settings <json>]
  scenario [--out <file>] [--days <n>] [--seed <n>] [--data <dataset dir>]`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'eval' && rest[0]) {
    process.stdout.write(`${JSON.stringify(await runEval(rest[0], process.env), null, 2)}\n`);
    return 0;
  }
  if (command === 'replay' && rest[0]) {
    process.stdout.write(
      `${JSON.stringify(runReplay(rest[0], JSON.parse(option(rest, 'settings') ?? '{}') as Partial<DetectorSettings>), null, 2)}\n`,
    );
    return 0;
  }
  if (command === 'scenario') {
    const lines = generateScenario(
      option(rest, 'data') ?? '/work/shared/datasets/sentiment',
      Number(option(rest, 'days') ?? 14),
      Number(option(rest, 'seed') ?? 7),
    );
    const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    const out = option(rest, 'out');
    if (out) writeFileSync(out, text);
    else process.stdout.write(text);
    return 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`crisis: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
