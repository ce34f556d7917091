export type { SentimentLabel, SentimentLanguage, SentimentResult, LabeledText, ModelLanguage } from './sentiment.types';
export { SentimentScorer, DEFAULT_MODEL_PATH } from './sentiment.scorer';
export { LanguageDetector } from './language-detector';
export { SentimentTrainer, DEFAULT_TRAIN_OPTIONS } from './sentiment.trainer';
export type { SentimentTrainOptions, LanguageTrainOptions } from './sentiment.trainer';
export { SentimentModelCodec } from './sentiment-model.codec';
export type { SentimentModelData } from './sentiment-model';
export { SentimentMetrics } from './sentiment-metrics';
export type { EvaluationReport, ClassificationFigures, ScoredItem } from './sentiment-metrics';
