import {
  ConnectorError,
  InboundRejection,
  type ChannelConnector,
  type ChannelContext,
  type FetchedMedia,
  type InboundHttpRequest,
  type InboundHttpResult,
  type OutboundMessage,
  type PreparedConfig,
  type SendResult,
} from '@scrm/connector-sdk';
import {
  assertFreshTimestamp,
  claimNonce,
  isEncodingAesKey,
  signatureMatches,
  WechatApiClient,
  WechatCrypto,
  WechatCryptoError,
  wechatSignature,
  type WechatFields,
  isHttpUrl,
  parseXmlOrReject,
  queryString,
  requireStore,
  sendPartsOnce,
  wechatReplyParts,
} from '@scrm/connector-wechat-common';
import { mapErrcode } from './wechat-errcodes';
import { parseWechatPush } from './wechat-push';

export const WECHAT_API_BASE_URL = 'https://api.weixin.qq.com';
const TEXT_LIMIT_BYTES = 2048;

const FIELDS = ['appId', 'appSecret', 'token', 'encodingAESKey', 'apiBaseUrl'] as const;

/**
 * The WeChat Official Account (公众号) channel: server push in plain or safe (AES) mode on the
 * channel's inbound URL, replies through the customer-service message API.
 */
export class WechatOfficialConnector implements ChannelConnector {
  readonly type = 'wechat-official';
  // An openid is unique per Official Account only.
  readonly identityScope = 'channel' as const;
  readonly hasInboundUrl = true;

  prepareConfig(input: Record<string, unknown>, existing?: PreparedConfig): PreparedConfig {
    const unknown = Object.keys(input).filter((k) => !(FIELDS as readonly string[]).includes(k));
    if (unknown.length > 0) throw new ConnectorError('INVALID', `config has unknown field(s): ${unknown.join(', ')}`);
    const pick = (k: (typeof FIELDS)[number]): unknown =>
      input[k] ?? existing?.config[k] ?? (existing?.secrets as Record<string, unknown> | undefined)?.[k];

    const appId = pick('appId');
    if (typeof appId !== 'string' || !/^[A-Za-z0-9_-]{4,64}$/.test(appId)) {
      throw new ConnectorError(
        'INVALID',
        'config.appId is required (the Official Account AppID, e.g. wx0123456789abcdef)',
      );
    }
    const appSecret = pick('appSecret');
    if (typeof appSecret !== 'string' || appSecret.length < 8 || appSecret.length > 128) {
      throw new ConnectorError('INVALID', 'config.appSecret is required (the AppSecret from the developer settings)');
    }
    const token = pick('token');
    if (typeof token !== 'string' || !/^[A-Za-z0-9]{3,32}$/.test(token)) {
      throw new ConnectorError('INVALID', 'config.token is required: 3-32 letters or digits, as entered on WeChat');
    }
    const aesKey = pick('encodingAESKey');
    if (aesKey !== undefined && aesKey !== null && aesKey !== '' && !isEncodingAesKey(aesKey)) {
      throw new ConnectorError('INVALID', 'config.encodingAESKey must be the 43-character EncodingAESKey');
    }
    const apiBaseUrl = pick('apiBaseUrl') ?? WECHAT_API_BASE_URL;
    if (!isHttpUrl(apiBaseUrl)) throw new ConnectorError('INVALID', 'config.apiBaseUrl must be an http(s) URL');

    const secrets: Record<string, string> = { appSecret, token };
    if (typeof aesKey === 'string' && aesKey !== '') secrets.encodingAESKey = aesKey;
    return {
      config: { appId, apiBaseUrl: apiBaseUrl.replace(/\/+$/, ''), safeMode: secrets.encodingAESKey !== undefined },
      secrets,
    };
  }

  async handleInbound(ctx: ChannelContext, request: InboundHttpRequest, now: Date): Promise<InboundHttpResult> {
    const token = ctx.secrets.token;
    if (!token) throw new InboundRejection(403, 'FORBIDDEN', 'the channel has no token configured');
    const timestamp = queryString(request, 'timestamp') ?? '';
    const nonce = queryString(request, 'nonce');
    if (!nonce || nonce.length > 64) throw new InboundRejection(401, 'SIGNATURE_INVALID', 'nonce is missing');
    if (!signatureMatches(wechatSignature(token, timestamp, nonce), queryString(request, 'signature'))) {
      throw new InboundRejection(401, 'SIGNATURE_INVALID', 'signature does not match token, timestamp and nonce');
    }
    assertFreshTimestamp(timestamp, now);

    const isVerification = request.method === 'GET';
    if (isVerification) {
      const echostr = queryString(request, 'echostr');
      if (!echostr) throw new InboundRejection(400, 'VALIDATION_FAILED', 'echostr query parameter is missing');
      await claimNonce(ctx.store, nonce, `GET:${echostr}`);
      return { messages: [], response: { status: 200, body: echostr, contentType: 'text/plain' } };
    }
    if (request.method !== 'POST') {
      throw new InboundRejection(400, 'VALIDATION_FAILED', 'WeChat pushes are POST requests');
    }

    const fields = this.readBody(ctx, request, token, timestamp, nonce);
    await claimNonce(ctx.store, nonce, request.rawBody.toString('base64'));
    const appId = typeof ctx.config.appId === 'string' ? ctx.config.appId : '';
    const parsed = parseWechatPush(fields, appId);
    return {
      messages: parsed.messages,
      events: parsed.events,
      response: { status: 200, body: 'success', contentType: 'text/plain' },
    };
  }

  /** The push's fields: plain XML, or in safe mode the decrypted `Encrypt` element after its msg_signature. */
  private readBody(
    ctx: ChannelContext,
    request: InboundHttpRequest,
    token: string,
    timestamp: string,
    nonce: string,
  ): WechatFields {
    const outer = parseXmlOrReject(request.rawBody.toString('utf8'));
    const aesKey = ctx.secrets.encodingAESKey;
    const encrypted = outer.Encrypt;
    if (queryString(request, 'encrypt_type') !== 'aes' && encrypted === undefined) {
      return outer;
    }
    if (!aesKey)
      throw new InboundRejection(400, 'VALIDATION_FAILED', 'safe-mode push but no EncodingAESKey is configured');
    if (!encrypted) throw new InboundRejection(400, 'VALIDATION_FAILED', 'safe-mode push without an Encrypt element');
    const msgSignature = queryString(request, 'msg_signature');
    if (!signatureMatches(wechatSignature(token, timestamp, nonce, encrypted), msgSignature)) {
      throw new InboundRejection(401, 'SIGNATURE_INVALID', 'msg_signature does not match the encrypted payload');
    }
    const appId = typeof ctx.config.appId === 'string' ? ctx.config.appId : '';
    let inner: string;
    try {
      inner = new WechatCrypto(aesKey, appId).decrypt(encrypted);
    } catch (err) {
      if (err instanceof WechatCryptoError) throw new InboundRejection(401, 'SIGNATURE_INVALID', err.message);
      throw err;
    }
    return parseXmlOrReject(inner);
  }

  /** Downloads a pushed image or voice message (its MediaId) with `/cgi-bin/media/get`. */
  fetchMedia(ctx: ChannelContext, mediaRef: string, maxBytes: number): Promise<FetchedMedia> {
    return this.client(ctx).download('/cgi-bin/media/get', { media_id: mediaRef }, maxBytes);
  }

  async send(ctx: ChannelContext, message: OutboundMessage): Promise<SendResult> {
    const client = this.client(ctx);
    const touser = message.recipient.platformUserId;
    const parts = wechatReplyParts(message, TEXT_LIMIT_BYTES, client, (body) =>
      client.post('/cgi-bin/message/custom/send', { touser, ...body }),
    );
    // A retry after a failed image sends only what did not go out.
    await sendPartsOnce(requireStore(ctx), message.messageId, parts);
    // The customer-service API returns no message id.
    return {};
  }

  private client(ctx: ChannelContext): WechatApiClient {
    const appId = ctx.config.appId;
    const appSecret = ctx.secrets.appSecret;
    const apiBaseUrl = ctx.config.apiBaseUrl;
    if (typeof appId !== 'string' || !appSecret) {
      throw new ConnectorError('AUTH_REVOKED', 'the channel has no AppID/AppSecret');
    }
    return new WechatApiClient(
      {
        apiBaseUrl: typeof apiBaseUrl === 'string' ? apiBaseUrl : WECHAT_API_BASE_URL,
        tokenPath:
          `/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(appId)}` +
          `&secret=${encodeURIComponent(appSecret)}`,
        mapError: mapErrcode,
      },
      requireStore(ctx),
    );
  }
}
