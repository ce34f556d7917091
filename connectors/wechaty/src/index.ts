export * from './wechaty.connector';
export { OutboundPacer } from './outbound-pacer';
export type { WechatySettings, PuppetName } from './wechaty-settings';
