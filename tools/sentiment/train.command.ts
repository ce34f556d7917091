import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEFAULT_MODEL_PATH, DEFAULT_TRAIN_OPTIONS, SentimentModelCodec, SentimentTrainer } from '@scrm/sentiment';
import type { LabeledText } from '@scrm/sentiment';
import { type CliArgs } from './cli-args';
import { JsonlDatasetReader } from './jsonl-dataset.reader';

/** How much one agent correction counts against one dataset item: agents label our own traffic. */
const DEFAULT_CORRECTION_WEIGHT = 5;
const CORRECTIONS_SOURCE = 'agent_corrections';

/** `train --data <dir> [--out <file>] [--corrections <file.jsonl>] [--correction-weight <n>]` */
export class TrainCommand {
  run(args: CliArgs): Record<string, unknown> {
    args.assertKnown(['data', 'out', 'corrections', 'correction-weight']);
    const dataDir = args.option('data');
    if (dataDir === undefined) throw new Error('train needs --data <dir>');
    const out = args.option('out') ?? DEFAULT_MODEL_PATH;
    const files = JsonlDatasetReader.trainingFiles(dataDir);
    if (files.length === 0) throw new Error(`no .jsonl files in ${dataDir}`);
    const examples: LabeledText[] = [];
    for (const file of files) examples.push(...JsonlDatasetReader.readFile(file));
    const correctionsFile = args.option('corrections');
    let corrections = 0;
    if (correctionsFile !== undefined) {
      const weight = args.number('correction-weight', DEFAULT_CORRECTION_WEIGHT);
      const list = JsonlDatasetReader.readFile(correctionsFile, { source: CORRECTIONS_SOURCE, weight });
      corrections = list.length;
      examples.push(...list);
    }
    const log = (line: string): void => {
      process.stderr.write(`${line}\n`);
    };
    log(
      `training on ${examples.length} examples from ${files.length} file(s)${corrections > 0 ? ` + ${corrections} corrections` : ''}`,
    );
    const model = new SentimentTrainer().train(examples, { ...DEFAULT_TRAIN_OPTIONS, log });
    const encoded = SentimentModelCodec.encode(model);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, encoded);
    const { version } = SentimentModelCodec.decode(encoded);
    return { out, modelVersion: version, bytes: encoded.length, files, corrections, ...model.training };
  }
}
