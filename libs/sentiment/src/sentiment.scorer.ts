import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BucketSet } from './bucket-set';
import { FeatureBuffer } from './feature-buffer';
import { LanguageDetector } from './language-detector';
import { LinearHead } from './linear-head';
import { NeutralDecision } from './neutral-decision';
import { SentimentFeaturizer } from './sentiment-featurizer';
import type { SentimentModelData, StackerData } from './sentiment-model';
import { SentimentModelCodec } from './sentiment-model.codec';
import { InterleavedHeads } from './interleaved-heads';
import { STACKER_INPUTS, StackedDecision, type HeadMargins } from './stacked-decision';
import type { ModelLanguage, SentimentLabel, SentimentResult } from './sentiment.types';

/** The model committed with the library, produced by `tools/sentiment/cli.ts train`. */
export const DEFAULT_MODEL_PATH = join(__dirname, '..', 'model', 'sentiment-model.bin.gz');

/** Each intensifier sharpens the polarity logit by this much, up to MAX_DEGREE of them. */
const DEGREE_SHARPENING = 0.15;
const MAX_DEGREE = 2;

interface LanguageScorer {
  polarity: LinearHead;
  neutral: LinearHead;
  /** Present for stacked models (format 2): all four heads, interleaved, and the stacker. */
  stacked?: { heads: InterleavedHeads; stacker: StackerData };
  neutralThreshold: number;
  uncertaintyWeight: number;
  featurizer: SentimentFeaturizer;
}

interface Estimate {
  positive: number;
  neutral: number;
  /** The neutral probability, pushed up when the polarity head is unsure; compared with the threshold. */
  neutrality: number;
  threshold: number;
}

/**
 * Scores the sentiment of one message. Synchronous, pure and allocation-light: about 25 µs per
 * message, so it can run inline in the ingest path. Texts in a language with no model (Japanese,
 * Korean, Russian, Arabic …) or with no letters at all come back neutral with confidence 0.
 */
export class SentimentScorer {
  readonly modelVersion: string;
  private readonly scorers: Record<ModelLanguage, LanguageScorer>;
  private readonly buffer = new FeatureBuffer();
  private readonly buckets = new BucketSet();
  private readonly stackerInputs = new Float64Array(STACKER_INPUTS);
  private readonly margins: HeadMargins = { polarity: 0, neutral: 0, positive: 0, negative: 0 };

  constructor(model: SentimentModelData) {
    this.modelVersion = model.version;
    const build = (language: ModelLanguage): LanguageScorer => {
      const lm = model.languages[language];
      return {
        polarity: new LinearHead(lm.polarity),
        neutral: new LinearHead(lm.neutral),
        stacked:
          lm.positive !== undefined && lm.negative !== undefined && lm.stacker !== undefined
            ? {
                heads: new InterleavedHeads([lm.polarity, lm.neutral, lm.positive, lm.negative]),
                stacker: lm.stacker,
              }
            : undefined,
        neutralThreshold: lm.neutralThreshold,
        uncertaintyWeight: lm.uncertaintyWeight,
        featurizer: new SentimentFeaturizer({ englishCharGrams: lm.charGrams }),
      };
    };
    this.scorers = { zh: build('zh'), en: build('en') };
  }

  static load(modelPath: string = DEFAULT_MODEL_PATH): SentimentScorer {
    return new SentimentScorer(SentimentModelCodec.decode(readFileSync(modelPath)));
  }

  score(text: string): SentimentResult {
    const profile = LanguageDetector.profile(text);
    const language = LanguageDetector.classify(profile);
    if (language === 'other')
      return { label: 'neutral', score: 0, confidence: 0, language, modelVersion: this.modelVersion };
    let estimate: Estimate;
    if (language === 'mixed') {
      // Each model votes in proportion to how much of the text is in its language.
      const zhShare = profile.han / (profile.han + 2 * profile.latinWords);
      const zh = this.estimate(text, 'zh');
      const en = this.estimate(text, 'en');
      estimate = {
        positive: zhShare * zh.positive + (1 - zhShare) * en.positive,
        neutral: zhShare * zh.neutral + (1 - zhShare) * en.neutral,
        neutrality: zhShare * zh.neutrality + (1 - zhShare) * en.neutrality,
        threshold: zhShare * zh.threshold + (1 - zhShare) * en.threshold,
      };
    } else {
      estimate = this.estimate(text, language);
    }
    const { positive, neutral, neutrality, threshold } = estimate;
    const label: SentimentLabel = neutrality >= threshold ? 'neutral' : positive >= 0.5 ? 'positive' : 'negative';
    const polar = 1 - neutral;
    const confidence = label === 'neutral' ? neutral : polar * (label === 'positive' ? positive : 1 - positive);
    return {
      label,
      score: SentimentScorer.clamp(polar * (2 * positive - 1), -1, 1),
      confidence: SentimentScorer.clamp(confidence, 0, 1),
      language,
      modelVersion: this.modelVersion,
    };
  }

  private estimate(text: string, language: ModelLanguage): Estimate {
    const scorer = this.scorers[language];
    scorer.featurizer.featurize(text, language, this.buffer);
    const vPol = this.buckets.collect(this.buffer, scorer.polarity.data.bits);
    const vNeu =
      scorer.neutral.data.bits === scorer.polarity.data.bits
        ? vPol
        : LinearHead.encode(this.buffer, scorer.neutral.data.bits);
    const polarity = scorer.polarity.data;
    // Intensifiers ("非常", "so") make a message more strongly whatever it already is; a linear model
    // can only add a fixed amount for them, so they also scale the calibrated logit.
    const sharpen = 1 + DEGREE_SHARPENING * Math.min(this.buffer.degreeCount, MAX_DEGREE);
    if (scorer.stacked !== undefined) {
      const x = StackedDecision.inputs(scorer.stacked.heads.margins(vPol, this.margins), this.stackerInputs);
      const stacked = StackedDecision.estimate(scorer.stacked.stacker, x);
      const [pPositive, pNegative, pNeutral] = stacked.ternary;
      return {
        positive: LinearHead.sigmoid(stacked.positiveLogit * sharpen),
        neutral: pNeutral,
        // Neutral when the 3-class stacker prefers it: neutrality ≥ 0.
        neutrality: pNeutral - Math.max(pPositive, pNegative),
        threshold: 0,
      };
    }
    const logit = polarity.calibA * scorer.polarity.margin(vPol) + polarity.calibB;
    const neutral = scorer.neutral.probability(scorer.neutral.margin(vNeu));
    return {
      positive: LinearHead.sigmoid(logit * sharpen),
      neutral,
      // The label decision uses the unsharpened probability: it is what the threshold was tuned on.
      neutrality: NeutralDecision.neutrality(neutral, LinearHead.sigmoid(logit), scorer.uncertaintyWeight),
      threshold: scorer.neutralThreshold,
    };
  }

  private static clamp(value: number, lo: number, hi: number): number {
    return Math.min(hi, Math.max(lo, value));
  }
}
