export * from './crisis.module';
export { CrisisDetector, DEFAULT_DETECTOR_SETTINGS, BUCKET_MS } from './crisis-detector';
export type { Firing, DetectorSettings, BucketCounts } from './crisis-detector';
