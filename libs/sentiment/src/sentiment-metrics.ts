import type { SentimentLabel } from './sentiment.types';

export interface ClassificationFigures {
  n: number;
  accuracy: number;
  macroF1: number;
}

export interface SourceFigures {
  binary: ClassificationFigures;
  threeClass?: ClassificationFigures;
}

export interface EvaluationReport {
  n: number;
  binary: ClassificationFigures;
  threeClass: ClassificationFigures;
  perSource: Record<string, SourceFigures>;
}

/** One scored item: the gold label, the predicted label and score, and where it came from. */
export interface ScoredItem {
  gold: SentimentLabel;
  predicted: SentimentLabel;
  score: number;
  source: string;
}

/**
 * The evaluation protocol of the dataset README. Binary polarity is scored on every item whose gold
 * label is not neutral, from the sign of the score (a score of exactly 0 — unscored text — counts as
 * wrong). 3-class is scored only on sources that annotate neutral, because in review sets a neutral
 * prediction can be neither confirmed nor refuted.
 */
export class SentimentMetrics {
  static readonly NEUTRAL_SOURCE_PREFIXES: readonly string[] = [
    'smp2020_',
    'tweeteval_sentiment',
    'airline_tweets',
    'sentiment140_test',
  ];

  static annotatesNeutral(source: string): boolean {
    return SentimentMetrics.NEUTRAL_SOURCE_PREFIXES.some((prefix) => source.startsWith(prefix));
  }

  static evaluate(
    items: readonly ScoredItem[],
    neutralSources: (source: string) => boolean = (source) => SentimentMetrics.annotatesNeutral(source),
  ): EvaluationReport {
    const bySource = new Map<string, ScoredItem[]>();
    for (const item of items) {
      const list = bySource.get(item.source) ?? [];
      list.push(item);
      bySource.set(item.source, list);
    }
    const perSource: Record<string, SourceFigures> = {};
    for (const source of [...bySource.keys()].sort()) {
      const list = bySource.get(source) ?? [];
      const figures: SourceFigures = { binary: SentimentMetrics.binary(list) };
      if (neutralSources(source)) figures.threeClass = SentimentMetrics.threeClass(list);
      perSource[source] = figures;
    }
    return {
      n: items.length,
      binary: SentimentMetrics.binary(items),
      threeClass: SentimentMetrics.threeClass(items.filter((item) => neutralSources(item.source))),
      perSource,
    };
  }

  static binary(items: readonly ScoredItem[]): ClassificationFigures {
    const gold: SentimentLabel[] = [];
    const predicted: SentimentLabel[] = [];
    for (const item of items) {
      if (item.gold === 'neutral') continue;
      gold.push(item.gold);
      predicted.push(item.score > 0 ? 'positive' : item.score < 0 ? 'negative' : 'neutral');
    }
    return SentimentMetrics.figures(gold, predicted, ['positive', 'negative']);
  }

  static threeClass(items: readonly ScoredItem[]): ClassificationFigures {
    return SentimentMetrics.figures(
      items.map((item) => item.gold),
      items.map((item) => item.predicted),
      ['positive', 'negative', 'neutral'],
    );
  }

  /** Accuracy and macro-F1 over the given classes; a class with no gold and no prediction is skipped. */
  static figures(
    gold: readonly SentimentLabel[],
    predicted: readonly SentimentLabel[],
    classes: readonly SentimentLabel[],
  ): ClassificationFigures {
    let correct = 0;
    for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
    let f1Sum = 0;
    let counted = 0;
    for (const cls of classes) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (let i = 0; i < gold.length; i++) {
        if (predicted[i] === cls && gold[i] === cls) tp++;
        else if (predicted[i] === cls) fp++;
        else if (gold[i] === cls) fn++;
      }
      if (tp + fp + fn === 0) continue;
      f1Sum += (2 * tp) / (2 * tp + fp + fn);
      counted++;
    }
    return {
      n: gold.length,
      accuracy: gold.length > 0 ? correct / gold.length : 0,
      macroF1: counted > 0 ? f1Sum / counted : 0,
    };
  }
}
