export * from './sessions.module';
export * from './session-runner.service';
export * from './session-send-router.service';
export * from './channel-status-reporter.service';
