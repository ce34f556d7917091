export * from './crisis.module';
export { CrisisDetector, DEFAULT_DETECTOR_SETTINGS, BUCKET_MS, influencerFiring } from './crisis-detector';
export type { Firing, DetectorSettings, BucketCounts } from './crisis-detector';
export { evaluateAsFilled } from './crisis-arrivals';
export type { Arrival } from './crisis-arrivals';
export { decideMerge, figureEntry, openedState } from './alert-merger';
export type { AlertState } from './alert-merger';
export { DEFAULT_CRISIS_WORDS, matchesAny } from './crisis-terms';
