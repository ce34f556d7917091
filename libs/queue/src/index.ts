export * from './job-catalogue';
export * from './job-handler';
export * from './queue-driver';
export * from './queue.service';
export * from './queue.module';
