export * from './connector-error';
export * from './channel-connector';
export * from './channel-session';
