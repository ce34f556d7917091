export * from './segment.service';
export * from './segment.dto';
export * from './segments.module';
export { parseSegmentFilter, compileSegmentFilter, type SegmentFilter, type SegmentCondition } from './segment-filter';
