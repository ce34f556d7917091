/** Public value types of the sentiment module. */

export type SentimentLabel = 'positive' | 'negative' | 'neutral';

export type SentimentLanguage = 'zh' | 'en' | 'mixed' | 'other';

/** The two languages that have a trained model; `mixed` text is scored by both. */
export type ModelLanguage = 'zh' | 'en';

export interface SentimentResult {
  label: SentimentLabel;
  /** Polarity in [-1, 1]: negative below zero, positive above. */
  score: number;
  /** Probability-like confidence in the returned label, in [0, 1]; 0 when the text is not scored. */
  confidence: number;
  language: SentimentLanguage;
  modelVersion: string;
}

/** One labelled message, as read from a JSONL training or evaluation file. */
export interface LabeledText {
  text: string;
  label: SentimentLabel;
  lang?: string;
  source?: string;
  /** Relative weight in training; agent corrections get more than 1. */
  weight?: number;
}
