import { FeatureBuffer } from './feature-buffer';
import { LanguageDetector } from './language-detector';
import { LinearClassifierTrainer, type BinaryTrainingSet, type LinearTrainOptions } from './linear-classifier.trainer';
import { LinearHead, type SparseVector } from './linear-head';
import { NeutralDecision } from './neutral-decision';
import { PlattCalibrator } from './platt-calibrator';
import { SentimentFeaturizer } from './sentiment-featurizer';
import { SentimentMetrics } from './sentiment-metrics';
import type { LanguageModelData, LinearHeadData, SentimentModelData, StackerData } from './sentiment-model';
import { STACKER_INPUTS, StackedDecision } from './stacked-decision';
import type { LabeledText, ModelLanguage, SentimentLabel } from './sentiment.types';

export interface LanguageTrainOptions {
  bits: number;
  polarityC: number;
  neutralC: number;
  epochs: number;
  nbAlpha: number;
  charGrams: boolean;
}

export interface SentimentTrainOptions {
  folds: number;
  seed: number;
  languages: Record<ModelLanguage, LanguageTrainOptions>;
  /** Called with progress lines; the library itself never writes to the console. */
  log?: (line: string) => void;
}

export const DEFAULT_TRAIN_OPTIONS: SentimentTrainOptions = {
  folds: 3,
  seed: 20251122,
  languages: {
    zh: { bits: 20, polarityC: 1, neutralC: 0.5, epochs: 20, nbAlpha: 1, charGrams: false },
    en: { bits: 19, polarityC: 1, neutralC: 0.5, epochs: 20, nbAlpha: 1, charGrams: true },
  },
};

/** Class order of the 3-class stacker's rows. */
const STACKER_CLASSES: readonly SentimentLabel[] = ['positive', 'negative', 'neutral'];

interface Prepared {
  vectors: SparseVector[];
  labels: SentimentLabel[];
  weights: Float32Array;
  sources: string[];
  folds: Uint8Array;
}

/**
 * Trains the shipped model: per language, an NB-SVM polarity head (positive vs negative, every polar
 * item) and an NB-SVM neutral head (neutral vs polar, only sources that annotate neutral). Both are
 * calibrated, and the neutral threshold tuned, on out-of-fold predictions of k-fold cross-validation
 * over the training data alone.
 */
export class SentimentTrainer {
  private readonly linear = new LinearClassifierTrainer();

  train(examples: readonly LabeledText[], options: SentimentTrainOptions = DEFAULT_TRAIN_OPTIONS): SentimentModelData {
    const started = Date.now();
    const log = options.log ?? ((): void => undefined);
    const byLanguage: Record<ModelLanguage, LabeledText[]> = { zh: [], en: [] };
    for (const example of examples) {
      for (const language of SentimentTrainer.languagesOf(example)) byLanguage[language].push(example);
    }
    const crossValidation: Record<string, Record<string, number>> = {};
    const languages = {} as Record<ModelLanguage, LanguageModelData>;
    for (const language of ['zh', 'en'] as const) {
      const list = byLanguage[language];
      if (list.length === 0) throw new Error(`no training examples for language "${language}"`);
      log(`${language}: ${list.length} examples`);
      const result = this.trainLanguage(language, list, options.languages[language], options, log);
      languages[language] = result.model;
      crossValidation[language] = result.cv;
    }
    const examplesCount: Record<string, number> = { zh: byLanguage.zh.length, en: byLanguage.en.length };
    return {
      version: '',
      languages,
      training: {
        trainedAt: new Date().toISOString(),
        examples: examplesCount,
        seconds: (Date.now() - started) / 1000,
        crossValidation,
      },
    };
  }

  /** Which model(s) an example trains: its declared language, else the detected one; mixed text trains both. */
  static languagesOf(example: LabeledText): ModelLanguage[] {
    if (example.lang === 'zh' || example.lang === 'en') return [example.lang];
    const detected = LanguageDetector.detect(example.text);
    if (detected === 'mixed') return ['zh', 'en'];
    return detected === 'other' ? [] : [detected];
  }

  private trainLanguage(
    language: ModelLanguage,
    examples: readonly LabeledText[],
    lang: LanguageTrainOptions,
    options: SentimentTrainOptions,
    log: (line: string) => void,
  ): { model: LanguageModelData; cv: Record<string, number> } {
    const data = this.prepare(language, examples, lang, options);
    const neutralSources = new Set<string>();
    data.labels.forEach((label, i) => {
      if (label === 'neutral') neutralSources.add(data.sources[i]);
    });
    const polarIdx: number[] = [];
    const neutralIdx: number[] = [];
    data.labels.forEach((label, i) => {
      if (label !== 'neutral') polarIdx.push(i);
      if (neutralSources.has(data.sources[i])) neutralIdx.push(i);
    });
    const polarityOpts: LinearTrainOptions = {
      bits: lang.bits,
      c: lang.polarityC,
      epochs: lang.epochs,
      nbAlpha: lang.nbAlpha,
      seed: options.seed,
    };
    const neutralOpts: LinearTrainOptions = { ...polarityOpts, c: lang.neutralC, seed: options.seed + 1 };
    const positiveOpts: LinearTrainOptions = { ...neutralOpts, seed: options.seed + 2 };
    const negativeOpts: LinearTrainOptions = { ...neutralOpts, seed: options.seed + 3 };
    const polarityLabel = (i: number): number => (data.labels[i] === 'positive' ? 1 : 0);
    const neutralLabel = (i: number): number => (data.labels[i] === 'neutral' ? 1 : 0);
    const negativeLabel = (i: number): number => (data.labels[i] === 'negative' ? 1 : 0);
    // Positive-vs-rest and negative-vs-rest see every item: a review labelled positive is still "not negative".
    const allIdx = Array.from({ length: data.vectors.length }, (_v, i) => i);

    // Out-of-fold margins for every example from both heads.
    const n = data.vectors.length;
    const oofPolarity = new Float64Array(n);
    const oofNeutral = new Float64Array(n);
    const oofPositive = new Float64Array(n);
    const oofNegative = new Float64Array(n);
    for (let fold = 0; fold < options.folds; fold++) {
      const inFold = (i: number): boolean => data.folds[i] === fold;
      const pol = this.fit(
        data,
        polarIdx.filter((i) => !inFold(i)),
        polarityLabel,
        polarityOpts,
      );
      const neu = this.fit(
        data,
        neutralIdx.filter((i) => !inFold(i)),
        neutralLabel,
        neutralOpts,
      );
      const outside = allIdx.filter((i) => !inFold(i));
      const posHead = this.fit(data, outside, polarityLabel, positiveOpts);
      const negHead = this.fit(data, outside, negativeLabel, negativeOpts);
      for (let i = 0; i < n; i++) {
        if (!inFold(i)) continue;
        oofPolarity[i] = pol.margin(data.vectors[i]);
        oofNeutral[i] = neu.margin(data.vectors[i]);
        oofPositive[i] = posHead.margin(data.vectors[i]);
        oofNegative[i] = negHead.margin(data.vectors[i]);
      }
      log(`  fold ${fold + 1}/${options.folds} done`);
    }
    const polCal = PlattCalibrator.fit(
      polarIdx.map((i) => oofPolarity[i]),
      polarIdx.map(polarityLabel),
    );
    const neuCal = PlattCalibrator.fit(
      neutralIdx.map((i) => oofNeutral[i]),
      neutralIdx.map(neutralLabel),
    );
    let polarCorrect = 0;
    for (const i of polarIdx) if ((oofPolarity[i] > 0 ? 1 : 0) === polarityLabel(i)) polarCorrect++;
    const { threshold, uncertaintyWeight, macroF1 } = this.tuneThreshold(
      neutralIdx,
      data.labels,
      (i) => LinearHead.sigmoid(neuCal.a * oofNeutral[i] + neuCal.b),
      (i) => LinearHead.sigmoid(polCal.a * oofPolarity[i] + polCal.b),
    );
    const inputs = (i: number): Float64Array =>
      StackedDecision.inputs(
        { polarity: oofPolarity[i], neutral: oofNeutral[i], positive: oofPositive[i], negative: oofNegative[i] },
        new Float64Array(STACKER_INPUTS),
      );
    const stacker = this.fitStacker(polarIdx, neutralIdx, data.labels, inputs);
    const stacked = this.stackedFigures(stacker, polarIdx, neutralIdx, data.labels, inputs);
    const cv = {
      binaryAccuracy: stacked.binaryAccuracy,
      threeClassMacroF1: stacked.macroF1,
      singleHeadBinaryAccuracy: polarCorrect / Math.max(polarIdx.length, 1),
      thresholdRuleMacroF1: macroF1,
      neutralThreshold: threshold,
      uncertaintyWeight,
    };
    log(
      `  cv: binary acc ${cv.binaryAccuracy.toFixed(4)} (one head ${cv.singleHeadBinaryAccuracy.toFixed(4)}), 3-class macro-F1 ${cv.threeClassMacroF1.toFixed(4)} (threshold rule ${macroF1.toFixed(4)})`,
    );

    const polarity = this.fit(data, polarIdx, polarityLabel, polarityOpts).data;
    const neutral = this.fit(data, neutralIdx, neutralLabel, neutralOpts).data;
    const positive = this.fit(data, allIdx, polarityLabel, positiveOpts).data;
    const negative = this.fit(data, allIdx, negativeLabel, negativeOpts).data;
    polarity.calibA = polCal.a;
    polarity.calibB = polCal.b;
    neutral.calibA = neuCal.a;
    neutral.calibB = neuCal.b;
    return {
      model: {
        polarity,
        neutral,
        neutralThreshold: threshold,
        uncertaintyWeight,
        charGrams: lang.charGrams,
        positive,
        negative,
        stacker,
      },
      cv,
    };
  }

  private prepare(
    language: ModelLanguage,
    examples: readonly LabeledText[],
    lang: LanguageTrainOptions,
    options: SentimentTrainOptions,
  ): Prepared {
    const featurizer = new SentimentFeaturizer({ englishCharGrams: lang.charGrams });
    const buf = new FeatureBuffer();
    const weights = new Float32Array(examples.length);
    const folds = new Uint8Array(examples.length);
    let rng = options.seed >>> 0;
    const vectors = examples.map((example, i) => {
      featurizer.featurize(example.text, language, buf);
      weights[i] = example.weight ?? 1;
      rng = (Math.imul(rng, 1664525) + 1013904223) >>> 0;
      folds[i] = (rng >>> 8) % options.folds;
      return LinearHead.encode(buf, lang.bits);
    });
    return {
      vectors,
      labels: examples.map((e) => e.label),
      weights,
      sources: examples.map((e) => e.source ?? 'unknown'),
      folds,
    };
  }

  private fit(
    data: Prepared,
    idx: readonly number[],
    label: (i: number) => number,
    opts: LinearTrainOptions,
  ): LinearHead {
    const set: BinaryTrainingSet = {
      vectors: idx.map((i) => data.vectors[i]),
      labels: Uint8Array.from(idx, label),
      weights: Float32Array.from(idx, (i) => data.weights[i]),
    };
    const trained = this.linear.train(set, opts);
    const head: LinearHeadData = {
      bits: opts.bits,
      weights: trained.weights,
      bias: trained.bias,
      calibA: 1,
      calibB: 0,
    };
    return new LinearHead(head);
  }

  /** The 3-class stacker on items of sources that annotate neutral, the binary one on every polar item. */
  private fitStacker(
    polarIdx: readonly number[],
    neutralIdx: readonly number[],
    labels: readonly SentimentLabel[],
    inputs: (i: number) => Float64Array,
  ): StackerData {
    const ternary = StackedDecision.fitSoftmax(
      neutralIdx.map(inputs),
      neutralIdx.map((i) => STACKER_CLASSES.indexOf(labels[i])),
      3,
    );
    const binaryRows = StackedDecision.fitSoftmax(
      polarIdx.map(inputs),
      polarIdx.map((i) => (labels[i] === 'positive' ? 0 : 1)),
      2,
    );
    return { ternary, binary: binaryRows[0].map((w, d) => w - binaryRows[1][d]) };
  }

  /**
   * In-sample figures of the stacker on out-of-fold margins (six parameters per class hardly overfit
   * 20,000 rows), with the scorer's rule: neutral when the 3-class stacker prefers it, else the sign
   * of the binary stacker.
   */
  private stackedFigures(
    stacker: StackerData,
    polarIdx: readonly number[],
    neutralIdx: readonly number[],
    labels: readonly SentimentLabel[],
    inputs: (i: number) => Float64Array,
  ): { binaryAccuracy: number; macroF1: number } {
    let correct = 0;
    for (const i of polarIdx) {
      const positive = StackedDecision.estimate(stacker, inputs(i)).positiveLogit > 0;
      if (positive === (labels[i] === 'positive')) correct++;
    }
    const predicted = neutralIdx.map((i): SentimentLabel => {
      const e = StackedDecision.estimate(stacker, inputs(i));
      if (e.ternary[2] >= Math.max(e.ternary[0], e.ternary[1])) return 'neutral';
      return e.positiveLogit > 0 ? 'positive' : 'negative';
    });
    const { macroF1 } = SentimentMetrics.figures(
      neutralIdx.map((i) => labels[i]),
      predicted,
      STACKER_CLASSES,
    );
    return { binaryAccuracy: correct / Math.max(polarIdx.length, 1), macroF1 };
  }

  /** β and the threshold of NeutralDecision with the best out-of-fold macro-F1 over (positive, negative, neutral). */
  private tuneThreshold(
    idx: readonly number[],
    labels: readonly SentimentLabel[],
    neutralProb: (i: number) => number,
    positiveProb: (i: number) => number,
  ): { threshold: number; uncertaintyWeight: number; macroF1: number } {
    const gold = idx.map((i) => labels[i]);
    const pn = idx.map(neutralProb);
    const pp = idx.map(positiveProb);
    const polar = pp.map((p): SentimentLabel => (p >= 0.5 ? 'positive' : 'negative'));
    let best = { threshold: 0.5, uncertaintyWeight: 0, macroF1: -1 };
    for (const beta of [0, 0.1, 0.2, 0.3, 0.5, 0.75]) {
      const neutrality = pn.map((p, k) => NeutralDecision.neutrality(p, pp[k], beta));
      for (let step = 5; step <= 150; step++) {
        const t = step / 100;
        const predicted = neutrality.map((v, k): SentimentLabel => (v >= t ? 'neutral' : polar[k]));
        const { macroF1 } = SentimentMetrics.figures(gold, predicted, ['positive', 'negative', 'neutral']);
        if (macroF1 > best.macroF1) best = { threshold: t, uncertaintyWeight: beta, macroF1 };
      }
    }
    return best;
  }
}
