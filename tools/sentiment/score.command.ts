import { DEFAULT_MODEL_PATH, SentimentScorer } from '@scrm/sentiment';
import type { SentimentResult } from '@scrm/sentiment';
import { type CliArgs } from './cli-args';

/** `score "<text>" [--model <file>]` */
export class ScoreCommand {
  run(args: CliArgs): SentimentResult {
    args.assertKnown(['model']);
    const text = args.positional[0];
    if (text === undefined) throw new Error('score needs a text');
    return SentimentScorer.load(args.option('model') ?? DEFAULT_MODEL_PATH).score(text);
  }
}
