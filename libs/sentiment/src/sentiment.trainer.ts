import { FeatureBuffer } from './feature-buffer';
import { LanguageDetector } from './language-detector';
import { LinearClassifierTrainer, type BinaryTrainingSet, type LinearTrainOptions } from './linear-classifier.trainer';
import { LinearHead, type SparseVector } from './linear-head';
import { NeutralDecision } from './neutral-decision';
import { PlattCalibrator } from './platt-calibrator';
import { SentimentFeaturizer } from './sentiment-featurizer';
import { SentimentMetrics } from './sentiment-metrics';
import type { LanguageModelData, LinearHeadData, SentimentModelData } from './sentiment-model';
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
    en: { bits: 19, polarityC: 1, neutralC: 1, epochs: 20, nbAlpha: 1, charGrams: true },
  },
};

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
    const polarityLabel = (i: number): number => (data.labels[i] === 'positive' ? 1 : 0);
    const neutralLabel = (i: number): number => (data.labels[i] === 'neutral' ? 1 : 0);

    // Out-of-fold margins for every example from both heads.
    const n = data.vectors.length;
    const oofPolarity = new Float64Array(n);
    const oofNeutral = new Float64Array(n);
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
      for (let i = 0; i < n; i++) {
        if (!inFold(i)) continue;
        oofPolarity[i] = pol.margin(data.vectors[i]);
        oofNeutral[i] = neu.margin(data.vectors[i]);
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
    const cv = {
      binaryAccuracy: polarCorrect / Math.max(polarIdx.length, 1),
      threeClassMacroF1: macroF1,
      neutralThreshold: threshold,
      uncertaintyWeight,
    };
    log(
      `  cv: binary acc ${cv.binaryAccuracy.toFixed(4)}, 3-class macro-F1 ${macroF1.toFixed(4)} at threshold ${threshold.toFixed(2)}, uncertainty weight ${uncertaintyWeight}`,
    );

    const polarity = this.fit(data, polarIdx, polarityLabel, polarityOpts).data;
    const neutral = this.fit(data, neutralIdx, neutralLabel, neutralOpts).data;
    polarity.calibA = polCal.a;
    polarity.calibB = polCal.b;
    neutral.calibA = neuCal.a;
    neutral.calibB = neuCal.b;
    return {
      model: { polarity, neutral, neutralThreshold: threshold, uncertaintyWeight, charGrams: lang.charGrams },
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
