import type { ModelLanguage } from './sentiment.types';

/** Weights of one binary linear classifier over hashed features, with its probability calibration. */
export interface LinearHeadData {
  /** Number of hash bits: the weight vector has 2^bits entries. */
  bits: number;
  weights: Float32Array;
  bias: number;
  /** Platt scaling: p = sigmoid(calibA * margin + calibB), fitted on out-of-fold margins. */
  calibA: number;
  calibB: number;
}

/** Everything needed to score one language. */
export interface LanguageModelData {
  /** positive (1) versus negative (0), trained on every polar item. */
  polarity: LinearHeadData;
  /** neutral (1) versus polar (0), trained only on sources that annotate neutral. */
  neutral: LinearHeadData;
  /** Predict neutral when the calibrated neutral probability reaches this; tuned by cross-validation. */
  neutralThreshold: number;
  /** β in "neutral when pNeutral + β·(1 − |2·pPositive − 1|) ≥ threshold". */
  uncertaintyWeight: number;
  /** English only: whether word-internal character n-grams are part of the features. */
  charGrams: boolean;
  /**
   * Optional since model format 2: positive vs rest and negative vs rest heads plus the stacker that
   * combines all four margins. Models without them use the threshold rule above.
   */
  positive?: LinearHeadData;
  negative?: LinearHeadData;
  stacker?: StackerData;
}

/** The second layer over the head margins (see StackedDecision). */
export interface StackerData {
  /** Rows for positive, negative, neutral; each weighs the six stacker inputs. */
  ternary: number[][];
  /** Logit of positive vs negative over the same six inputs. */
  binary: number[];
}

/** Provenance kept in the model file, for the model card and for debugging a deployed model. */
export interface TrainingSummary {
  trainedAt: string;
  examples: Record<string, number>;
  seconds: number;
  crossValidation: Record<string, Record<string, number>>;
}

export interface SentimentModelData {
  version: string;
  languages: Record<ModelLanguage, LanguageModelData>;
  training: TrainingSummary;
}
