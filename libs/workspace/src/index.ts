export * from './workspace.service';
export * from './workspace.module';
