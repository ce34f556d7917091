export * from './wechat-official.connector';
export * from './wechat-crypto';
export * from './wechat-xml';
export { mapErrcode } from './wechat-api.client';
