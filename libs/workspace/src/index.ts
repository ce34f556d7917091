export * from './workspace.service';
export * from './workspace.module';
export * from './team.service';
