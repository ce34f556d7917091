export * from './connector-error';
export * from './channel-connector';
