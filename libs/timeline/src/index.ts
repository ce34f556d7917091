export type { NewTimelineEvent, TimelineFilter } from './timeline.repository';
export * from './timeline.service';
export * from './timeline.dto';
export * from './timeline.module';
