export * from './webhook.connector';
export * from './webhook-signature';
export * from './webhook-payload';
