export * from './x.connector';
export { crcResponseToken, verifyXSignature, parseAccountActivity } from './x-webhook';
export { mapXError } from './x-errors';
