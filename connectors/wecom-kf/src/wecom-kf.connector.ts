import {
  ConnectorError,
  InboundRejection,
  type ChannelConnector,
  type ChannelContext,
  type ConnectorStore,
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
  sentParts,
  wechatReplyParts,
} from '@scrm/connector-wechat-common';
import { isReplyLimitError, mapKfErrcode } from './wecom-kf-errcodes';
import { convertKfMessages, type ConvertedBatch, type KfMessage } from './wecom-kf-messages';

export const WECOM_API_BASE_URL = 'https://qyapi.weixin.qq.com';
const FIELDS = ['corpId', 'secret', 'token', 'encodingAESKey', 'openKfId', 'apiBaseUrl'] as const;
const CURSOR_KEY = 'sync_cursor';
/** One callback pulls at most this many pages; the next callback continues from the stored cursor. */
const MAX_PAGES = 10;
/** WeChat Customer Service lets a brand answer within 48 hours of the customer's message, 5 messages at most. */
const REPLY_WINDOW_MS = 48 * 60 * 60 * 1000;
const REPLY_LIMIT = 5;
const TEXT_LIMIT_BYTES = 2048;

/** kf/customer/batchget takes at most 100 customers per call. */
const CUSTOMER_BATCH = 100;
const PROFILE_TTL_MS = 24 * 60 * 60 * 1000;
/** A customer batchget did not return is not asked about again for this long. */
const MISSING_PROFILE_TTL_MS = 60 * 60 * 1000;

interface CustomerProfile {
  nickname?: string;
  avatar?: string;
  unionid?: string;
}

const profileKey = (externalUserId: string): string => `customer:${externalUserId}`;

/** What the store holds per customer: the profile, or a note that batchget did not return one. */
type CachedProfile = CustomerProfile | { missing: true };

interface ReplyWindow {
  lastInboundAt: number;
  sentSince: number;
}

/**
 * WeChat Customer Service (微信客服) through WeCom: the always-encrypted callback only says "there is
 * something new"; messages are pulled with `kf/sync_msg` from a cursor that advances only after the
 * pulled messages are durably accepted, and replies go out with `kf/send_msg`.
 */
export class WecomKfConnector implements ChannelConnector {
  readonly type = 'wecom-kf';
  // external_userid is unique per WeCom corp; keyed per channel to stay safe across corps.
  readonly identityScope = 'channel' as const;
  readonly hasInboundUrl = true;

  prepareConfig(input: Record<string, unknown>, existing?: PreparedConfig): PreparedConfig {
    const unknown = Object.keys(input).filter((k) => !(FIELDS as readonly string[]).includes(k));
    if (unknown.length > 0) throw new ConnectorError('INVALID', `config has unknown field(s): ${unknown.join(', ')}`);
    const pick = (k: (typeof FIELDS)[number]): unknown =>
      input[k] ?? existing?.config[k] ?? (existing?.secrets as Record<string, unknown> | undefined)?.[k];
    const corpId = pick('corpId');
    if (typeof corpId !== 'string' || !/^[A-Za-z0-9_-]{4,64}$/.test(corpId)) {
      throw new ConnectorError('INVALID', 'config.corpId is required (the WeCom CorpID, e.g. ww0123456789abcdef)');
    }
    const secret = pick('secret');
    if (typeof secret !== 'string' || secret.length < 8 || secret.length > 128) {
      throw new ConnectorError('INVALID', 'config.secret is required (the WeChat Customer Service secret)');
    }
    const token = pick('token');
    if (typeof token !== 'string' || !/^[A-Za-z0-9]{3,32}$/.test(token)) {
      throw new ConnectorError('INVALID', 'config.token is required: 3-32 letters or digits, as entered in WeCom');
    }
    const aesKey = pick('encodingAESKey');
    if (!isEncodingAesKey(aesKey)) {
      throw new ConnectorError('INVALID', 'config.encodingAESKey is required: the 43-character EncodingAESKey');
    }
    const openKfId = pick('openKfId');
    if (typeof openKfId !== 'string' || !/^[A-Za-z0-9_-]{4,64}$/.test(openKfId)) {
      throw new ConnectorError('INVALID', 'config.openKfId is required (the customer service account id, wk...)');
    }
    const apiBaseUrl = pick('apiBaseUrl') ?? WECOM_API_BASE_URL;
    if (!isHttpUrl(apiBaseUrl)) throw new ConnectorError('INVALID', 'config.apiBaseUrl must be an http(s) URL');
    return {
      config: { corpId, openKfId, apiBaseUrl: apiBaseUrl.replace(/\/+$/, '') },
      secrets: { secret, token, encodingAESKey: aesKey },
    };
  }

  async handleInbound(ctx: ChannelContext, request: InboundHttpRequest, now: Date): Promise<InboundHttpResult> {
    const { token, encodingAESKey } = ctx.secrets;
    const corpId = typeof ctx.config.corpId === 'string' ? ctx.config.corpId : '';
    if (!token || !encodingAESKey) throw new InboundRejection(403, 'FORBIDDEN', 'the channel is not configured');
    const timestamp = assertFreshTimestamp(queryString(request, 'timestamp'), now);
    const nonce = queryString(request, 'nonce');
    if (!nonce || nonce.length > 64) throw new InboundRejection(401, 'SIGNATURE_INVALID', 'nonce is missing');
    const crypto = new WechatCrypto(encodingAESKey, corpId);

    if (request.method === 'GET') {
      const echostr = queryString(request, 'echostr');
      if (!echostr) throw new InboundRejection(400, 'VALIDATION_FAILED', 'echostr query parameter is missing');
      const plain = decryptVerified(crypto, token, timestamp, nonce, echostr, queryString(request, 'msg_signature'));
      await claimNonce(ctx.store, nonce, `GET:${echostr}`);
      return { messages: [], response: { status: 200, body: plain, contentType: 'text/plain' } };
    }
    if (request.method !== 'POST') throw new InboundRejection(400, 'VALIDATION_FAILED', 'callbacks are POST requests');

    const outer = parseXmlOrReject(request.rawBody.toString('utf8'));
    if (!outer.Encrypt) throw new InboundRejection(400, 'VALIDATION_FAILED', 'the callback has no Encrypt element');
    const inner = parseXmlOrReject(
      decryptVerified(crypto, token, timestamp, nonce, outer.Encrypt, queryString(request, 'msg_signature')),
    );
    await claimNonce(ctx.store, nonce, request.rawBody.toString('base64'));
    const ok = { status: 200, body: 'success', contentType: 'text/plain' };
    if (inner.Event !== 'kf_msg_or_event' || (inner.OpenKfId && inner.OpenKfId !== ctx.config.openKfId)) {
      return { messages: [], response: ok };
    }
    return this.pull(ctx, inner, ok);
  }

  /** Pulls what is new since the stored cursor; the cursor moves only once the batch is accepted. */
  private async pull(
    ctx: ChannelContext,
    notice: WechatFields,
    response: InboundHttpResult['response'],
  ): Promise<InboundHttpResult> {
    const store = requireStore(ctx);
    const client = this.client(ctx, store);
    let cursor = (await store.get<string>(CURSOR_KEY)) ?? '';
    const pulled: KfMessage[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await client.post('/cgi-bin/kf/sync_msg', {
        cursor,
        token: notice.Token ?? '',
        limit: 1000,
        voice_format: 0,
        open_kfid: ctx.config.openKfId,
      });
      if (Array.isArray(answer.msg_list)) pulled.push(...(answer.msg_list as KfMessage[]));
      if (typeof answer.next_cursor === 'string' && answer.next_cursor !== '') cursor = answer.next_cursor;
      if (Number(answer.has_more) !== 1) break;
    }
    const batch = convertKfMessages(pulled);
    await this.addCustomerProfiles(client, store, batch);
    return {
      messages: batch.messages,
      events: batch.events,
      response,
      afterAccept: async () => {
        for (const [userid, at] of batch.customersWrote) {
          await store.set(`window:${userid}`, { lastInboundAt: at, sentSince: 0 } satisfies ReplyWindow);
        }
        await store.set(CURSOR_KEY, cursor);
      },
    };
  }

  /**
   * Names the customers of a batch and, when the Customer Service account is bound to the same WeChat
   * Open Platform as the brand's Official Accounts, their unionid (`kf/customer/batchget`). Profiles are
   * cached a day per customer and read for the whole batch at once; a customer batchget does not return
   * is remembered for an hour so it is not asked about on every pull. Best effort: when the call fails
   * the messages are stored all the same, and the next pull asks again.
   */
  private async addCustomerProfiles(
    client: WechatApiClient,
    store: ConnectorStore,
    batch: ConvertedBatch,
  ): Promise<void> {
    const ids = [
      ...new Set([
        ...batch.messages.map((m) => m.sender.platformUserId),
        ...batch.events.flatMap((e) => (e.platformUserId ? [e.platformUserId] : [])),
      ]),
    ];
    const profiles = new Map<string, CustomerProfile>();
    const missing: string[] = [];
    const cache = await store.getMany<CachedProfile>(ids.map(profileKey));
    for (const id of ids) {
      const cached = cache.get(profileKey(id));
      if (!cached) missing.push(id);
      else if (!('missing' in cached)) profiles.set(id, cached);
    }
    for (let i = 0; i < missing.length; i += CUSTOMER_BATCH) {
      const chunk = missing.slice(i, i + CUSTOMER_BATCH);
      let answer: Record<string, unknown>;
      try {
        answer = await client.post('/cgi-bin/kf/customer/batchget', {
          external_userid_list: chunk,
          need_enter_session_context: 0,
        });
      } catch (err) {
        if (err instanceof ConnectorError) break;
        throw err;
      }
      const list = Array.isArray(answer.customer_list) ? (answer.customer_list as Record<string, unknown>[]) : [];
      for (const c of list) {
        if (typeof c.external_userid !== 'string' || !chunk.includes(c.external_userid)) continue;
        profiles.set(c.external_userid, {
          ...(typeof c.nickname === 'string' && c.nickname !== '' ? { nickname: c.nickname.slice(0, 200) } : {}),
          ...(typeof c.avatar === 'string' && /^https?:\/\//.test(c.avatar) ? { avatar: c.avatar } : {}),
          ...(typeof c.unionid === 'string' && c.unionid !== '' ? { unionid: c.unionid } : {}),
        });
      }
      // One store write per customer, all at once: a pull may name up to a hundred new customers.
      await Promise.all(
        chunk.map((id) => {
          const profile = profiles.get(id);
          return profile
            ? store.set(profileKey(id), profile satisfies CachedProfile, PROFILE_TTL_MS)
            : store.set(profileKey(id), { missing: true } satisfies CachedProfile, MISSING_PROFILE_TTL_MS);
        }),
      );
    }
    for (const m of batch.messages) {
      const p = profiles.get(m.sender.platformUserId);
      if (!p) continue;
      m.sender = {
        ...m.sender,
        ...(p.nickname ? { displayName: p.nickname } : {}),
        ...(p.avatar ? { avatarUrl: p.avatar } : {}),
        ...(p.unionid ? { unionId: p.unionid } : {}),
      };
    }
    for (const e of batch.events) {
      const p = e.platformUserId ? profiles.get(e.platformUserId) : undefined;
      if (p?.nickname) e.displayName = p.nickname;
      if (p?.unionid) e.unionId = p.unionid;
    }
  }

  /** Downloads a customer's image, voice, video or file (its media_id) with `/cgi-bin/media/get`. */
  fetchMedia(ctx: ChannelContext, mediaRef: string, maxBytes: number): Promise<FetchedMedia> {
    return this.client(ctx, requireStore(ctx)).download('/cgi-bin/media/get', { media_id: mediaRef }, maxBytes);
  }

  async send(ctx: ChannelContext, message: OutboundMessage): Promise<SendResult> {
    const store = requireStore(ctx);
    const userid = message.recipient.platformUserId;
    const windowKey = `window:${userid}`;
    let window: ReplyWindow | undefined;
    const client = this.client(ctx, store);
    const parts = wechatReplyParts(message, TEXT_LIMIT_BYTES, client, async (body) => {
      const answer = await client
        .post('/cgi-bin/kf/send_msg', { touser: userid, open_kfid: ctx.config.openKfId, ...body })
        .catch(async (err: unknown) => {
          // WeChat says the limit is reached (messages sent from elsewhere count too): the next replies
          // are refused here until the customer writes, without asking WeCom again.
          if (isReplyLimitError(err)) {
            window = { lastInboundAt: window?.lastInboundAt ?? Date.now(), sentSince: REPLY_LIMIT };
            await store.set(windowKey, window satisfies ReplyWindow);
          }
          throw err;
        });
      if (window) {
        window = { ...window, sentSince: window.sentSince + 1 };
        await store.set(windowKey, window satisfies ReplyWindow);
      }
      return answer.msgid;
    });
    window = await store.get<ReplyWindow>(windowKey);
    // A retry after a failed image sends only what did not go out; the parts that did are already
    // counted in the window.
    const sent = await sentParts<unknown>(store, message.messageId, parts.length);
    if (window) {
      if (Date.now() - window.lastInboundAt > REPLY_WINDOW_MS) {
        throw new ConnectorError('INVALID', 'outside the 48-hour reply window: the customer has not written since');
      }
      if (window.sentSince + sent.filter((p) => !p).length > REPLY_LIMIT) {
        throw new ConnectorError(
          'INVALID',
          `reply limit reached: WeChat Customer Service allows ${REPLY_LIMIT} messages until the customer writes again`,
        );
      }
    }
    const msgids = await sendPartsOnce(store, message.messageId, parts, sent);
    const last = msgids[msgids.length - 1];
    return typeof last === 'string' ? { platformMessageId: last } : {};
  }

  private client(ctx: ChannelContext, store: ConnectorStore): WechatApiClient {
    const corpId = String(ctx.config.corpId ?? '');
    const secret = ctx.secrets.secret ?? '';
    const base = typeof ctx.config.apiBaseUrl === 'string' ? ctx.config.apiBaseUrl : WECOM_API_BASE_URL;
    return new WechatApiClient(
      {
        apiBaseUrl: base,
        tokenPath: `/cgi-bin/gettoken?corpid=${encodeURIComponent(corpId)}&corpsecret=${encodeURIComponent(secret)}`,
        mapError: mapKfErrcode,
      },
      store,
    );
  }
}

function decryptVerified(
  crypto: WechatCrypto,
  token: string,
  timestamp: string,
  nonce: string,
  encrypted: string,
  msgSignature: string | undefined,
): string {
  if (!signatureMatches(wechatSignature(token, timestamp, nonce, encrypted), msgSignature)) {
    throw new InboundRejection(401, 'SIGNATURE_INVALID', 'msg_signature does not match');
  }
  try {
    return crypto.decrypt(encrypted);
  } catch (err) {
    if (err instanceof WechatCryptoError) throw new InboundRejection(401, 'SIGNATURE_INVALID', err.message);
    throw err;
  }
}
