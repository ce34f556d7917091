import {
  ConnectorError,
  InboundRejection,
  type ChannelContext,
  type ConnectorStore,
  type InboundHttpRequest,
} from '@scrm/connector-sdk';
import { parseWechatXml, WechatXmlError, type WechatFields } from './wechat-xml';

/** Parses a pushed XML envelope; malformed XML is refused as a 400 naming the problem. */
export function parseXmlOrReject(text: string): WechatFields {
  try {
    return parseWechatXml(text);
  } catch (err) {
    if (err instanceof WechatXmlError) throw new InboundRejection(400, 'VALIDATION_FAILED', err.message);
    throw err;
  }
}

/** The channel's shared state store (access tokens, cursors); without one the send is retried later. */
export function requireStore(ctx: ChannelContext): ConnectorStore {
  if (!ctx.store) throw new ConnectorError('TEMPORARY', 'the channel has no state store');
  return ctx.store;
}

export function queryString(request: InboundHttpRequest, name: string): string | undefined {
  const v: unknown = request.query[name];
  return typeof v === 'string' ? v : undefined;
}

export function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
