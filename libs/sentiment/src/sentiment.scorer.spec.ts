import type { LanguageModelData, LinearHeadData, SentimentModelData } from './sentiment-model';
import { SentimentModelCodec } from './sentiment-model.codec';
import { SentimentScorer } from './sentiment.scorer';

/** A model with no learned features: every text gets the same polarity logit, so rules show up alone. */
function constantModel(polarityBias: number): SentimentModelData {
  const head = (bias: number): LinearHeadData => ({
    bits: 8,
    weights: new Float32Array(256),
    bias,
    calibA: 1,
    calibB: 0,
  });
  const language = (): LanguageModelData => ({
    polarity: head(polarityBias),
    neutral: head(-6),
    neutralThreshold: 0.5,
    uncertaintyWeight: 0,
    charGrams: true,
  });
  return {
    version: 'test-constant',
    languages: { zh: language(), en: language() },
    training: { trainedAt: '2025-01-01T00:00:00.000Z', examples: {}, seconds: 0, crossValidation: {} },
  };
}

describe('SentimentScorer rules (constant model)', () => {
  const positive = new SentimentScorer(constantModel(1));
  const negative = new SentimentScorer(constantModel(-1));

  it('makes intensified text more extreme in both directions', () => {
    expect(positive.score('the soup was very warm').score).toBeGreaterThan(positive.score('the soup was warm').score);
    expect(negative.score('the soup was extremely cold').score).toBeLessThan(negative.score('the soup was cold').score);
    expect(positive.score('汤非常热').score).toBeGreaterThan(positive.score('汤热').score);
  });

  it('keeps the label when sharpening', () => {
    expect(negative.score('it was so slow').label).toBe('negative');
  });
});

describe('SentimentScorer with the shipped model', () => {
  const scorer = SentimentScorer.load();

  it('loads and reports its version', () => {
    expect(scorer.modelVersion).toMatch(/^nbsvm-hash-1\+[0-9a-f]{10}$/);
    expect(scorer.score('谢谢，东西很好用').modelVersion).toBe(scorer.modelVersion);
  });

  it.each([
    ['这家店的服务很好', 'positive'],
    ['这家店的服务不好', 'negative'],
    ['这个耳机不好用，音质太差了', 'negative'],
    ['太棒了，下次还来！', 'positive'],
    ['The new update is great, thanks team', 'positive'],
    ['The app keeps crashing and nobody answers my emails', 'negative'],
  ])('scores %j as %s', (text, label) => {
    expect(scorer.score(text).label).toBe(label);
  });

  it('flips polarity under negation', () => {
    expect(scorer.score('房间很干净').score).toBeGreaterThan(0);
    expect(scorer.score('房间一点也不干净').score).toBeLessThan(0);
    expect(scorer.score('I love this blender').score).toBeGreaterThan(0);
    expect(scorer.score("I don't love this blender").score).toBeLessThan(0);
    expect(scorer.score('the staff were not helpful').score).toBeLessThan(scorer.score('the staff were helpful').score);
  });

  it('reads complaints with no sentiment word as negative', () => {
    for (const text of [
      '下单五天了还没发货',
      '等了三天',
      '已经三天了还没有收到退款',
      'on hold for 2 hours',
      'still no refund',
      'I have been on hold for 45 minutes',
    ]) {
      expect(scorer.score(text).score).toBeLessThan(0);
    }
  });

  it('uses emoticons and emoji', () => {
    expect(scorer.score('收到了[哈哈]').label).toBe('positive');
    expect(scorer.score('收到了[怒]').label).toBe('negative');
    expect(scorer.score('Package arrived :)').score).toBeGreaterThan(scorer.score('Package arrived :(').score);
    expect(scorer.score('Package arrived 😍').label).toBe('positive');
    expect(scorer.score('Package arrived 😡').label).toBe('negative');
  });

  it('reads WeChat/Weibo bracket emoticons as they are used: [怒] angry, [微笑] mostly sarcastic', () => {
    expect(scorer.score('[怒]').label).toBe('negative');
    expect(scorer.score('你们客服真行[微笑]').label).toBe('negative');
    expect(scorer.score('收到了[哈哈]').score).toBeGreaterThan(scorer.score('收到了[怒]').score);
  });

  it('makes degree words strengthen what is already there', () => {
    expect(scorer.score('非常好').score).toBeGreaterThan(scorer.score('好').score);
    expect(scorer.score('the support was extremely bad').score).toBeLessThan(scorer.score('the support was bad').score);
  });

  it('reads repeated punctuation as stronger feeling', () => {
    expect(scorer.score('差!!!').score).toBeLessThan(0);
    expect(Math.abs(scorer.score('what is going on???').score)).toBeGreaterThanOrEqual(0);
    expect(scorer.score('你们到底什么时候发货？？？').label).toBe('negative');
  });

  it('calls plain questions and facts neutral', () => {
    expect(scorer.score('What time does the store open tomorrow?').label).toBe('neutral');
  });

  it('scores mixed Chinese and English text', () => {
    const result = scorer.score('今天的发布会 was really great, 大家都很开心 and everyone loved it');
    expect(result.language).toBe('mixed');
    expect(result.label).toBe('positive');
  });

  it.each([
    '明日の会議は午後三時からです',
    '배송이 정말 빨라요',
    'Доставка была очень быстрой',
    'التوصيل كان سريعا',
    '',
    '   ',
    '😀😀',
  ])('leaves %j unscored: neutral with confidence 0', (text) => {
    const result = scorer.score(text);
    expect(result).toMatchObject({ label: 'neutral', score: 0, confidence: 0, language: 'other' });
  });

  it('keeps score in [-1, 1] and confidence in [0, 1], with the sign matching the label', () => {
    const texts = [
      '好',
      '差',
      '垃圾产品！！！',
      '太好了太好了太好了！！！[哈哈][哈哈]',
      'worst worst worst!!!',
      'best day ever :) :) 😍',
      'ok',
      '嗯',
      'x'.repeat(5000),
    ];
    for (const text of texts) {
      const r = scorer.score(text);
      expect(r.score).toBeGreaterThanOrEqual(-1);
      expect(r.score).toBeLessThanOrEqual(1);
      expect(r.confidence).toBeGreaterThanOrEqual(0);
      expect(r.confidence).toBeLessThanOrEqual(1);
      if (r.label === 'positive') expect(r.score).toBeGreaterThan(0);
      if (r.label === 'negative') expect(r.score).toBeLessThan(0);
    }
  });

  it('scores the same after an encode/decode round trip of a model', () => {
    const model = constantModel(0.7);
    model.languages.en.polarity.weights[3] = 0.25;
    const again = new SentimentScorer(SentimentModelCodec.decode(SentimentModelCodec.encode(model)));
    const original = new SentimentScorer(model);
    for (const text of ['fine', '还行', 'so-so :)']) {
      expect(again.score(text).score).toBeCloseTo(original.score(text).score, 2);
    }
  });
});

describe('SentimentScorer with a stacked model', () => {
  /** Constant heads; the stacker reads only the polarity margin (input 0) and the constant (input 5). */
  function stackedModel(polarityBias: number, neutralBias: number): SentimentModelData {
    const model = constantModel(polarityBias);
    for (const language of ['zh', 'en'] as const) {
      const lm = model.languages[language];
      lm.positive = { ...lm.polarity, weights: new Float32Array(256) };
      lm.negative = { ...lm.polarity, weights: new Float32Array(256) };
      lm.stacker = {
        ternary: [
          [1, 0, 0, 0, 0, 0],
          [-1, 0, 0, 0, 0, 0],
          [0, 0, 0, 0, 0, neutralBias],
        ],
        binary: [2, 0, 0, 0, 0, 0],
      };
    }
    return model;
  }

  it('is neutral when the 3-class stacker prefers neutral, else follows the binary stacker', () => {
    expect(new SentimentScorer(stackedModel(1, 3)).score('whatever').label).toBe('neutral');
    expect(new SentimentScorer(stackedModel(1, -3)).score('whatever').label).toBe('positive');
    expect(new SentimentScorer(stackedModel(-1, -3)).score('随便').label).toBe('negative');
  });

  it('survives an encode/decode round trip', () => {
    const model = stackedModel(-0.5, -3);
    const again = new SentimentScorer(SentimentModelCodec.decode(SentimentModelCodec.encode(model)));
    const original = new SentimentScorer(model);
    for (const text of ['fine', '还行']) {
      expect(again.score(text).label).toBe(original.score(text).label);
      expect(again.score(text).score).toBeCloseTo(original.score(text).score, 2);
    }
  });
});
