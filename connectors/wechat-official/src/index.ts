export * from './wechat-official.connector';
export { mapErrcode } from './wechat-errcodes';
