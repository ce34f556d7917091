/**
 * Sentiment tooling: `node -r @swc-node/register tools/sentiment/cli.ts <command>`.
 *   train --data <dir> [--out <model>] [--corrections <file.jsonl>] [--correction-weight <n>]
 *   eval <file.jsonl> [--model <model>]
 *   score "<text>" [--model <model>]
 * Results go to stdout as one JSON object; progress and errors go to stderr.
 */
import { CliArgs } from './cli-args';
import { EvalCommand } from './eval.command';
import { ScoreCommand } from './score.command';
import { TrainCommand } from './train.command';

const USAGE = `usage:
  train --data <dir> [--out <model file>] [--corrections <file.jsonl>] [--correction-weight <n>]
  eval <file.jsonl> [--model <model file>]
  score "<text>" [--model <model file>]`;

function main(argv: readonly string[]): number {
  const [command, ...rest] = argv;
  const commands: Record<string, (args: CliArgs) => unknown> = {
    train: (args) => new TrainCommand().run(args),
    eval: (args) => new EvalCommand().run(args),
    score: (args) => new ScoreCommand().run(args),
  };
  const handler = command === undefined ? undefined : commands[command];
  if (handler === undefined) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  try {
    process.stdout.write(`${JSON.stringify(handler(new CliArgs(rest)), null, 2)}\n`);
    return 0;
  } catch (error: unknown) {
    process.stderr.write(`sentiment ${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
