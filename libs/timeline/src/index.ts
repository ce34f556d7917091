export type { NewTimelineEvent } from './timeline.repository';
export * from './timeline.service';
export * from './timeline.dto';
export * from './timeline.module';
