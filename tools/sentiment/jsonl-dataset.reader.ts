import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabeledText, SentimentLabel } from '@scrm/sentiment';

const LABELS: ReadonlySet<string> = new Set<SentimentLabel>(['positive', 'negative', 'neutral']);

/** Reads labelled JSONL (`{"text","label","lang"?,"source"?}` per line) and rejects malformed lines with their line number. */
export class JsonlDatasetReader {
  static readFile(path: string, defaults: Partial<LabeledText> = {}): LabeledText[] {
    const lines = readFileSync(path, 'utf8').split('\n');
    const out: LabeledText[] = [];
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch (error: unknown) {
        throw new Error(`${path}:${i + 1}: not valid JSON`, { cause: error });
      }
      out.push(JsonlDatasetReader.toLabeled(record, `${path}:${i + 1}`, defaults));
    });
    return out;
  }

  /** Every `*-train.jsonl` in the directory, or every `*.jsonl` when there is none. */
  static trainingFiles(dir: string): string[] {
    const all = readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort();
    const train = all.filter((f) => f.endsWith('-train.jsonl'));
    return (train.length > 0 ? train : all).map((f) => join(dir, f));
  }

  private static toLabeled(record: unknown, where: string, defaults: Partial<LabeledText>): LabeledText {
    if (typeof record !== 'object' || record === null) throw new Error(`${where}: expected a JSON object`);
    const r = record as Record<string, unknown>;
    if (typeof r.text !== 'string') throw new Error(`${where}: "text" must be a string`);
    if (typeof r.label !== 'string' || !LABELS.has(r.label))
      throw new Error(`${where}: "label" must be positive, negative or neutral`);
    return {
      text: r.text,
      label: r.label as SentimentLabel,
      lang: typeof r.lang === 'string' ? r.lang : defaults.lang,
      source: typeof r.source === 'string' ? r.source : defaults.source,
      weight: defaults.weight,
    };
  }
}
