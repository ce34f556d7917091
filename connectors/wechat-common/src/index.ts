/**
 * WeChat's wire protocol shared by the Official Account and WeChat Customer Service connectors: the
 * message crypto, the XML envelope and the replay guard. Not a connector itself; it depends only on
 * the SDK, like a third-party protocol library would.
 */
export * from './wechat-crypto';
export * from './wechat-xml';
export * from './wechat-replay-guard';
export * from './wechat-api.client';
export * from './wechat-inbound-helpers';
export * from './wechat-media';
export * from './wechat-reply-parts';
