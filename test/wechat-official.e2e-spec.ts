import { randomBytes } from 'node:crypto';
import { buildWechatXml, WechatCrypto, wechatSignature } from '@scrm/connector-wechat-common';
import type { RunningApi } from '../apps/api/src/api-app';
import { FakeWechatApi } from './support/fake-wechat-api';
import { createTenant, startInProcess, type TenantFixture } from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

// Boots real services on a shared, loaded machine: generous hook and test timeouts.
jest.setTimeout(120_000);

const APP_ID = 'wx1234567890abcdef';
const APP_SECRET = 'app-secret-0123456789';
const TOKEN = 'murmurtoken42';
const AES_KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2048)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(1024)]);
const AMR = Buffer.concat([Buffer.from('#!AMR\n'), randomBytes(512)]);

interface Channel {
  id: string;
  inboundUrl: string;
}

interface PushOptions {
  timestamp?: number;
  nonce?: string;
  token?: string;
  /** Encrypt for this AppID (safe mode). */
  encryptFor?: string;
  badMsgSignature?: boolean;
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}

function nonce(): string {
  return String(randomBytes(4).readUInt32BE(0));
}

/** Signs and sends one push the way WeChat's servers do. */
async function push(channel: Channel, xml: string, o: PushOptions = {}): Promise<{ status: number; text: string }> {
  const ts = String(o.timestamp ?? now());
  const n = o.nonce ?? nonce();
  const token = o.token ?? TOKEN;
  const q = new URLSearchParams({ signature: wechatSignature(token, ts, n), timestamp: ts, nonce: n, openid: 'x' });
  let body = xml;
  if (o.encryptFor) {
    const encrypted = new WechatCrypto(AES_KEY, o.encryptFor).encrypt(xml);
    body = buildWechatXml({ ToUserName: 'gh_account', Encrypt: encrypted });
    q.set('encrypt_type', 'aes');
    q.set('msg_signature', o.badMsgSignature ? '0'.repeat(40) : wechatSignature(token, ts, n, encrypted));
  }
  const res = await fetch(`${channel.inboundUrl}?${q}`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body,
  });
  return { status: res.status, text: await res.text() };
}

function textXml(openid: string, msgId: string, content: string, createTime = now()): string {
  return buildWechatXml({
    ToUserName: 'gh_account',
    FromUserName: openid,
    CreateTime: createTime,
    MsgType: 'text',
    Content: content,
    MsgId: msgId,
  });
}

/**
 * The Official Account channel end to end on real PostgreSQL and Redis: WeChat's URL check, plain and
 * safe-mode pushes, every refusal path, and replies through a loopback fake of the WeChat API.
 */
describe('WeChat Official Account channel', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let wechat: FakeWechatApi;
  let plain: Channel;
  let safe: Channel;

  const count = (sql: string, params: unknown[] = []): Promise<number> =>
    withDb(db.url, async (c) => Number((await c.query(sql, params)).rows[0].n));
  const messagesOn = (channelId: string): Promise<number> =>
    count('SELECT count(*)::int AS n FROM message WHERE channel_id = $1', [channelId]);

  /** The attachment's Murmur URL serves the bytes to the workspace, and only with a bearer token. */
  async function expectServedToInbox(attachment: { url: string }, bytes: Buffer): Promise<void> {
    const res = await fetch(`${api.url}${attachment.url}`, {
      headers: { authorization: `Bearer ${tenant.client.token!}` },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await fetch(`${api.url}${attachment.url}`)).status).toBe(401);
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startInProcess('all', {
      databaseUrl: db.url,
      redisPrefix: redis.prefix,
      extra: { OUTBOUND_ATTEMPTS: '2', OUTBOUND_BACKOFF_MS: '50' },
    });
    tenant = await createTenant(api, 'WeChat Brand');
    wechat = await new FakeWechatApi(APP_ID, APP_SECRET).start();
    const create = async (name: string, extra: Record<string, unknown>): Promise<Channel> => {
      const r = await tenant.client.call<Channel>('POST', '/api/v1/channels', {
        type: 'wechat-official',
        name,
        config: { appId: APP_ID, appSecret: APP_SECRET, token: TOKEN, apiBaseUrl: wechat.baseUrl, ...extra },
      });
      if (r.status !== 201) throw new Error(`create failed ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    plain = await create('OA plain', {});
    safe = await create('OA safe', { encodingAESKey: AES_KEY });
  });

  afterAll(async () => {
    await wechat?.close();
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('creates the channel with an inbound URL and keeps the secrets write-only', async () => {
    expect(plain.inboundUrl).toBe(`${api.url}/api/v1/inbound/${plain.id}`);
    const shown = await tenant.client.call<Record<string, unknown>>('GET', `/api/v1/channels/${safe.id}`);
    expect(shown.body).toMatchObject({
      type: 'wechat-official',
      config: { appId: APP_ID, apiBaseUrl: wechat.baseUrl, safeMode: true },
      secretNames: expect.arrayContaining(['appSecret', 'token', 'encodingAESKey']),
    });
    const text = JSON.stringify(shown.body);
    expect(text).not.toContain(APP_SECRET);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(AES_KEY);
  });

  it('refuses a configuration with a bad token or EncodingAESKey, naming the field', async () => {
    const r = await tenant.client.call<{ message: string }>('POST', '/api/v1/channels', {
      type: 'wechat-official',
      name: 'bad',
      config: { appId: APP_ID, appSecret: APP_SECRET, token: TOKEN, encodingAESKey: 'short' },
    });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('encodingAESKey');
  });

  it('answers the URL check with echostr, and refuses a bad signature', async () => {
    const ts = String(now());
    const n = nonce();
    const good = new URLSearchParams({
      signature: wechatSignature(TOKEN, ts, n),
      timestamp: ts,
      nonce: n,
      echostr: 'e-123',
    });
    const res = await fetch(`${plain.inboundUrl}?${good}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toBe('e-123');

    const bad = new URLSearchParams({ signature: '0'.repeat(40), timestamp: ts, nonce: nonce(), echostr: 'e-1' });
    expect((await fetch(`${plain.inboundUrl}?${bad}`)).status).toBe(401);
  });

  it('stores a plain-mode text push once, answering success to it and to WeChat retries', async () => {
    const xml = textXml('o-alice', '23456789012345678', 'where is my parcel?');
    const n = nonce();
    const first = await push(plain, xml, { nonce: n });
    expect(first).toEqual({ status: 200, text: 'success' });
    // WeChat retries the identical push when it got no answer within 5 s; a new nonce is a retry too.
    expect(await push(plain, xml, { nonce: n })).toEqual({ status: 200, text: 'success' });
    expect(await push(plain, xml)).toEqual({ status: 200, text: 'success' });

    await waitFor('message stored', async () => (await messagesOn(plain.id)) === 1);
    const row = await withDb(
      db.url,
      async (c) => (await c.query('SELECT * FROM message WHERE channel_id = $1', [plain.id])).rows[0],
    );
    expect(row).toMatchObject({
      platform_message_id: '23456789012345678',
      text: 'where is my parcel?',
      direction: 'in',
    });
    const identity = await withDb(
      db.url,
      async (c) => (await c.query(`SELECT * FROM identity WHERE platform_user_id = 'o-alice'`)).rows,
    );
    expect(identity).toEqual([expect.objectContaining({ channel_type: 'wechat-official', scope_key: plain.id })]);
    // A pause so a stray duplicate would have had time to land.
    await new Promise((r) => setTimeout(r, 300));
    expect(await messagesOn(plain.id)).toBe(1);
  });

  it('refuses a stale timestamp, a bad signature, a replayed nonce and an entity bomb, storing nothing', async () => {
    const before = await messagesOn(plain.id);
    expect((await push(plain, textXml('o-eve', '1001', 'old'), { timestamp: now() - 400 })).status).toBe(401);
    expect((await push(plain, textXml('o-eve', '1002', 'forged'), { token: 'wrongtoken' })).status).toBe(401);
    const n = nonce();
    expect((await push(plain, textXml('o-eve', '1003', 'first'), { nonce: n })).status).toBe(200);
    const replay = await push(plain, textXml('o-eve', '1004', 'replayed'), { nonce: n });
    expect(replay.status).toBe(409);
    expect(replay.text).toContain('REPLAYED');
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<xml><FromUserName>o-eve</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>&b;</Content><MsgId>1005</MsgId></xml>';
    expect((await push(plain, bomb)).status).toBe(400);
    await waitFor('the valid one', async () => (await messagesOn(plain.id)) === before + 1);
    const ids = await withDb(db.url, async (c) =>
      (await c.query(`SELECT platform_message_id FROM message WHERE channel_id = $1`, [plain.id])).rows.map(
        (r: { platform_message_id: string }) => r.platform_message_id,
      ),
    );
    expect(ids.sort()).toEqual(['1003', '23456789012345678']);
  });

  it('decrypts safe-mode pushes, downloads their media, and refuses a wrong AppID or msg_signature', async () => {
    // media-1 is on WeChat; media-2 is not (expired): 40007.
    wechat.media.set('media-1', { data: JPEG, contentType: 'image/jpeg', filename: 'pic.jpg' });
    const image = buildWechatXml({
      ToUserName: 'gh_account',
      FromUserName: 'o-bob',
      CreateTime: now(),
      MsgType: 'image',
      PicUrl: 'http://mmbiz.example/pic.jpg',
      MediaId: 'media-1',
      MsgId: '9223372036854775807',
    });
    expect(await push(safe, image, { encryptFor: APP_ID })).toEqual({ status: 200, text: 'success' });
    const voice = buildWechatXml({
      ToUserName: 'gh_account',
      FromUserName: 'o-bob',
      CreateTime: now(),
      MsgType: 'voice',
      MediaId: 'media-2',
      Format: 'amr',
      Recognition: 'hello',
      MsgId: '9223372036854775806',
    });
    expect((await push(safe, voice, { encryptFor: APP_ID })).status).toBe(200);
    expect((await push(safe, textXml('o-bob', '7', 'x'), { encryptFor: 'wx0000000000000000' })).status).toBe(401);
    expect((await push(safe, textXml('o-bob', '8', 'x'), { encryptFor: APP_ID, badMsgSignature: true })).status).toBe(
      401,
    );

    await waitFor('two messages', async () => (await messagesOn(safe.id)) === 2);
    const rows = await waitFor('media settled', async () => {
      const r = await withDb(
        db.url,
        async (c) =>
          (
            await c.query(
              `SELECT id, platform_message_id, text, attachments FROM message WHERE channel_id = $1 ORDER BY platform_message_id`,
              [safe.id],
            )
          ).rows as { id: string; platform_message_id: string; text: string; attachments: { status?: string }[] }[],
      );
      return r.every((m) => m.attachments.every((a) => a.status !== 'pending')) ? r : undefined;
    });
    expect(rows).toEqual([
      {
        id: expect.any(String),
        platform_message_id: '9223372036854775806',
        text: 'hello',
        // Kept with its reference and the reason; the message is never lost.
        attachments: [
          {
            url: 'wechat-media:media-2',
            type: 'audio',
            name: 'voice.amr',
            mediaRef: 'media-2',
            status: 'unavailable',
            error: expect.stringMatching(/^NOT_FOUND: WeChat errcode 40007/),
          },
        ],
      },
      {
        id: expect.any(String),
        platform_message_id: '9223372036854775807',
        text: '',
        attachments: [
          {
            url: expect.stringMatching(/^\/api\/v1\/attachments\/[0-9a-f-]{36}$/),
            type: 'image',
            name: 'pic.jpg',
            size: JPEG.length,
            contentType: 'image/jpeg',
          },
        ],
      },
    ]);
    await expectServedToInbox(rows[1]!.attachments[0] as { url: string }, JPEG);
  });

  it('downloads media with a fresh token when WeChat revoked the cached one', async () => {
    wechat.media.set('media-3', { data: AMR, contentType: 'audio/amr' });
    wechat.revokeToken();
    const tokensBefore = wechat.tokenRequests;
    const voice = buildWechatXml({
      ToUserName: 'gh_account',
      FromUserName: 'o-bob',
      CreateTime: now(),
      MsgType: 'voice',
      MediaId: 'media-3',
      Format: 'amr',
      MsgId: '4200000000000000001',
    });
    expect((await push(safe, voice, { encryptFor: APP_ID })).status).toBe(200);
    const attachment = await waitFor('voice stored', async () => {
      const r = await withDb(
        db.url,
        async (c) =>
          (await c.query(`SELECT attachments FROM message WHERE platform_message_id = '4200000000000000001'`)).rows,
      );
      const a = r[0]?.attachments?.[0] as { url: string; status?: string } | undefined;
      return a && a.status !== 'pending' ? a : undefined;
    });
    expect(attachment).toMatchObject({ type: 'audio', name: 'voice.amr', contentType: 'audio/amr', size: AMR.length });
    expect(attachment.status).toBeUndefined();
    expect(wechat.tokenRequests).toBe(tokensBefore + 1);
    await expectServedToInbox(attachment, AMR);
  });

  it('records subscribe and unsubscribe on the contact timeline once each, with the unionid', async () => {
    const created = now();
    const sub = buildWechatXml({
      ToUserName: 'gh_account',
      FromUserName: 'o-carol',
      CreateTime: created,
      MsgType: 'event',
      Event: 'subscribe',
      EventKey: 'qrscene_spring',
      UnionId: 'u-carol',
    });
    expect(await push(plain, sub)).toEqual({ status: 200, text: 'success' });
    expect(await push(plain, sub)).toEqual({ status: 200, text: 'success' });
    const click = buildWechatXml({
      ToUserName: 'gh_account',
      FromUserName: 'o-carol',
      CreateTime: created + 1,
      MsgType: 'event',
      Event: 'CLICK',
      EventKey: 'MENU_HELP',
    });
    expect((await push(plain, click)).status).toBe(200);
    const unsub = buildWechatXml({
      ToUserName: 'gh_account',
      FromUserName: 'o-carol',
      CreateTime: created + 2,
      MsgType: 'event',
      Event: 'unsubscribe',
    });
    expect((await push(plain, unsub)).status).toBe(200);

    const contactId = await withDb(
      db.url,
      async (c) =>
        (await c.query(`SELECT contact_id FROM identity WHERE platform_user_id = 'o-carol'`)).rows[0]
          .contact_id as string,
    );
    const timeline = await tenant.client.call<{ items: { kind: string; data: Record<string, unknown> }[] }>(
      'GET',
      `/api/v1/contacts/${contactId}/timeline`,
    );
    expect(timeline.body.items.map((i) => i.kind)).toEqual([
      'wechat.unsubscribed',
      'wechat.menu_clicked',
      'wechat.subscribed',
    ]);
    expect(timeline.body.items[2]!.data).toMatchObject({
      openid: 'o-carol',
      unionid: 'u-carol',
      eventKey: 'qrscene_spring',
    });
  });

  async function replyTo(openid: string, text: string): Promise<string> {
    const conversationId = await waitFor('conversation', async () => {
      const rows = await withDb(
        db.url,
        async (c) =>
          (await c.query(`SELECT id FROM conversation WHERE channel_id = $1 AND thread_key = $2`, [plain.id, openid]))
            .rows,
      );
      return rows[0]?.id as string | undefined;
    });
    const r = await tenant.client.call<{ id: string }>('POST', `/api/v1/conversations/${conversationId}/messages`, {
      text,
    });
    expect(r.status).toBe(201);
    return r.body.id;
  }

  async function settled(messageId: string): Promise<{ deliveryStatus: string; deliveryError: string | null }> {
    return waitFor('delivery settled', async () => {
      const row = await withDb(
        db.url,
        async (c) =>
          (await c.query(`SELECT delivery_status, delivery_error FROM message WHERE id = $1`, [messageId])).rows[0],
      );
      return row.delivery_status === 'pending'
        ? undefined
        : { deliveryStatus: row.delivery_status as string, deliveryError: row.delivery_error as string | null };
    });
  }

  it('replies through the customer-service API, sharing one cached token and refreshing it once revoked', async () => {
    const tokensBefore = wechat.tokenRequests;
    const sendsBefore = wechat.sends.length;
    const first = await replyTo('o-alice', 'On its way!');
    expect(await settled(first)).toEqual({ deliveryStatus: 'sent', deliveryError: null });
    const second = await replyTo('o-alice', 'Tracking: 42');
    expect(await settled(second)).toMatchObject({ deliveryStatus: 'sent' });
    expect(wechat.tokenRequests).toBe(tokensBefore + 1);

    wechat.revokeToken();
    const third = await replyTo('o-alice', 'Anything else?');
    expect(await settled(third)).toMatchObject({ deliveryStatus: 'sent' });
    expect(wechat.tokenRequests).toBe(tokensBefore + 2);
    expect(wechat.sends.slice(sendsBefore).map((s) => [s.body.touser, s.body.msgtype, s.body.text?.content])).toEqual([
      ['o-alice', 'text', 'On its way!'],
      ['o-alice', 'text', 'Tracking: 42'],
      ['o-alice', 'text', 'Anything else?'],
    ]);
    const cached = await count(
      `SELECT count(*)::int AS n FROM connector_state WHERE channel_id = $1 AND key = 'access_token'`,
      [plain.id],
    );
    expect(cached).toBe(1);
  });

  it('sends an uploaded image as an image message (media/upload, then msgtype image)', async () => {
    const conversationId = await waitFor('conversation', async () => {
      const rows = await withDb(
        db.url,
        async (c) =>
          (await c.query(`SELECT id FROM conversation WHERE channel_id = $1 AND thread_key = 'o-alice'`, [plain.id]))
            .rows,
      );
      return rows[0]?.id as string | undefined;
    });
    const upload = await fetch(`${api.url}/api/v1/conversations/${conversationId}/attachments?name=reply.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.client.token!}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(upload.status).toBe(201);
    const file = (await upload.json()) as { id: string; contentType: string; size: number };
    expect(file).toMatchObject({ contentType: 'image/png', size: PNG.length });

    const sendsBefore = wechat.sends.length;
    const r = await tenant.client.call<{ id: string; attachments: unknown[] }>(
      'POST',
      `/api/v1/conversations/${conversationId}/messages`,
      { text: 'Here is the label', attachmentIds: [file.id] },
    );
    expect(r.status).toBe(201);
    expect(r.body.attachments).toEqual([
      {
        url: `/api/v1/attachments/${file.id}`,
        type: 'image',
        name: 'reply.png',
        size: PNG.length,
        contentType: 'image/png',
      },
    ]);
    expect(await settled(r.body.id)).toEqual({ deliveryStatus: 'sent', deliveryError: null });
    const uploaded = wechat.uploads.at(-1)!;
    expect(uploaded).toMatchObject({ type: 'image', contentType: 'image/png', filename: 'reply.png' });
    expect(uploaded.data.equals(PNG)).toBe(true);
    expect(wechat.sends.slice(sendsBefore).map((s) => s.body)).toEqual([
      { touser: 'o-alice', msgtype: 'text', text: { content: 'Here is the label' } },
      { touser: 'o-alice', msgtype: 'image', image: { media_id: uploaded.mediaId } },
    ]);

    // Another workspace's attachment id is not found, and an empty reply is refused.
    const stranger = await tenant.client.call('POST', `/api/v1/conversations/${conversationId}/messages`, {
      attachmentIds: ['00000000-0000-4000-8000-000000000000'],
    });
    expect(stranger.status).toBe(404);
    const empty = await tenant.client.call('POST', `/api/v1/conversations/${conversationId}/messages`, {});
    expect(empty.status).toBe(400);
  });

  it('marks a reply outside the 48-hour window failed with the reason', async () => {
    wechat.script.push(45015);
    const id = await replyTo('o-alice', 'late reply');
    const s = await settled(id);
    expect(s.deliveryStatus).toBe('failed');
    expect(s.deliveryError).toContain('INVALID');
    expect(s.deliveryError).toContain('48-hour');
  });

  it('retries a quota refusal and fails it as RATE_LIMITED when it persists', async () => {
    wechat.script.push(45047);
    const retried = await replyTo('o-alice', 'after quota');
    expect(await settled(retried)).toMatchObject({ deliveryStatus: 'sent' });

    wechat.script.push(45047, 45047);
    const id = await replyTo('o-alice', 'still over quota');
    const s = await settled(id);
    expect(s.deliveryStatus).toBe('failed');
    expect(s.deliveryError).toMatch(/^RATE_LIMITED: WeChat errcode 45047/);
  });
});
