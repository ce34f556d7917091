export * from './realtime-events';
export * from './realtime-publisher';
export * from './realtime.module';
