import { SentimentMetrics, type ScoredItem } from './sentiment-metrics';

const item = (
  source: string,
  gold: ScoredItem['gold'],
  predicted: ScoredItem['predicted'],
  score: number,
): ScoredItem => ({ source, gold, predicted, score });

describe('SentimentMetrics', () => {
  const items: ScoredItem[] = [
    item('waimai_10k', 'positive', 'neutral', 0.2),
    item('waimai_10k', 'negative', 'negative', -0.9),
    item('smp2020_usual', 'neutral', 'neutral', 0.1),
    item('smp2020_usual', 'positive', 'negative', -0.4),
    item('smp2020_usual', 'negative', 'negative', -0.8),
  ];
  const report = SentimentMetrics.evaluate(items);

  it('scores binary polarity from the sign of the score on non-neutral gold items of every source', () => {
    expect(report.binary.n).toBe(4);
    expect(report.binary.accuracy).toBeCloseTo(3 / 4);
  });

  it('scores 3-class only on sources that annotate neutral', () => {
    expect(report.threeClass.n).toBe(3);
    expect(report.threeClass.accuracy).toBeCloseTo(2 / 3);
    expect(report.perSource.waimai_10k.threeClass).toBeUndefined();
    expect(report.perSource.smp2020_usual.threeClass?.n).toBe(3);
  });

  it('computes macro-F1 over the classes', () => {
    // positive: tp0 fp0 fn1 -> 0; negative: tp1 fp1 -> 2/3; neutral: tp1 -> 1
    expect(report.threeClass.macroF1).toBeCloseTo((0 + 2 / 3 + 1) / 3);
  });

  it('counts an unscored item (score 0) as wrong in binary', () => {
    expect(SentimentMetrics.binary([item('x', 'positive', 'neutral', 0)]).accuracy).toBe(0);
  });
});
