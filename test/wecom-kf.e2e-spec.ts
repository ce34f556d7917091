import { randomBytes } from 'node:crypto';
import { buildWechatXml, WechatCrypto, wechatSignature } from '@scrm/connector-wechat-common';
import type { RunningApi } from '../apps/api/src/api-app';
import { FakeWechatApi } from './support/fake-wechat-api';
import { FakeWecomKfApi, type FakeKfMessage } from './support/fake-wecom-kf-api';
import { createTenant, startInProcess, type TenantFixture } from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

// Boots real services on a shared, loaded machine: generous hook and test timeouts.
jest.setTimeout(120_000);

const CORP_ID = 'ww1234567890abcdef';
const SECRET = 'kf-secret-0123456789';
const TOKEN = 'kftoken42';
const AES_KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
const OPEN_KFID = 'wkAbCdEf0123';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(1024)]);
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(1024)]);

const now = (): number => Math.floor(Date.now() / 1000);
const nonce = (): string => String(randomBytes(4).readUInt32BE(0));

/**
 * WeChat Customer Service end to end on real PostgreSQL and Redis against a loopback fake of the WeCom
 * API: encrypted URL check, callback → sync_msg pull with a cursor, replies and the reply window.
 */
describe('WeChat Customer Service (wecom-kf) channel', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let kf: FakeWecomKfApi;
  let channel: { id: string; inboundUrl: string };
  const crypto = new WechatCrypto(AES_KEY, CORP_ID);

  async function callback(o: { badSignature?: boolean } = {}): Promise<{ status: number; text: string }> {
    const inner = buildWechatXml({
      ToUserName: CORP_ID,
      CreateTime: now(),
      MsgType: 'event',
      Event: 'kf_msg_or_event',
      Token: 'sync-token-1',
      OpenKfId: OPEN_KFID,
    });
    const encrypted = crypto.encrypt(inner);
    const ts = String(now());
    const n = nonce();
    const sig = o.badSignature ? '0'.repeat(40) : wechatSignature(TOKEN, ts, n, encrypted);
    const q = new URLSearchParams({ msg_signature: sig, timestamp: ts, nonce: n });
    const res = await fetch(`${channel.inboundUrl}?${q}`, {
      method: 'POST',
      body: buildWechatXml({ ToUserName: CORP_ID, Encrypt: encrypted, AgentID: '' }),
    });
    return { status: res.status, text: await res.text() };
  }

  const rowsOf = (): Promise<{ platform_message_id: string; direction: string; text: string }[]> =>
    withDb(
      db.url,
      async (c) =>
        (
          await c.query(
            'SELECT platform_message_id, direction, text FROM message WHERE channel_id = $1 ORDER BY sent_at, platform_message_id',
            [channel.id],
          )
        ).rows,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startInProcess('all', {
      databaseUrl: db.url,
      redisPrefix: redis.prefix,
      extra: { OUTBOUND_ATTEMPTS: '2', OUTBOUND_BACKOFF_MS: '50' },
    });
    tenant = await createTenant(api, 'KF Brand');
    kf = await new FakeWecomKfApi(CORP_ID, SECRET).start();
    const r = await tenant.client.call<{ id: string; inboundUrl: string }>('POST', '/api/v1/channels', {
      type: 'wecom-kf',
      name: 'Customer Service',
      config: {
        corpId: CORP_ID,
        secret: SECRET,
        token: TOKEN,
        encodingAESKey: AES_KEY,
        openKfId: OPEN_KFID,
        apiBaseUrl: kf.baseUrl,
      },
    });
    if (r.status !== 201) throw new Error(`create failed ${r.status} ${JSON.stringify(r.body)}`);
    channel = r.body;
  });

  afterAll(async () => {
    await kf?.close();
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('answers the URL check with the decrypted echostr', async () => {
    const echostr = crypto.encrypt('echo-42');
    const ts = String(now());
    const n = nonce();
    const q = new URLSearchParams({
      msg_signature: wechatSignature(TOKEN, ts, n, echostr),
      timestamp: ts,
      nonce: n,
      echostr,
    });
    const res = await fetch(`${channel.inboundUrl}?${q}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('echo-42');
    const bad = new URLSearchParams({ msg_signature: '0'.repeat(40), timestamp: ts, nonce: nonce(), echostr });
    expect((await fetch(`${channel.inboundUrl}?${bad}`)).status).toBe(401);
  });

  it('pulls new messages on a callback, page by page, and advances the cursor', async () => {
    const t = now();
    kf.log.push(
      {
        msgid: 'ev-1',
        open_kfid: OPEN_KFID,
        send_time: t - 3,
        origin: 4,
        msgtype: 'event',
        event: { event_type: 'enter_session', external_userid: 'wm-dan', scene: 'qr' },
      },
      {
        msgid: 'm-1',
        open_kfid: OPEN_KFID,
        external_userid: 'wm-dan',
        send_time: t - 2,
        origin: 3,
        msgtype: 'text',
        text: { content: 'hi there' },
      },
      {
        msgid: 'm-2',
        open_kfid: OPEN_KFID,
        external_userid: 'wm-dan',
        send_time: t - 1,
        origin: 3,
        msgtype: 'image',
        image: { media_id: 'MEDIA' },
      },
    );
    expect(await callback()).toEqual({ status: 200, text: 'success' });
    expect(kf.syncCalls.map((c) => c.cursor)).toEqual(['', 'c2']);
    expect(kf.syncCalls[0]!.token).toBe('sync-token-1');
    await waitFor('two messages', async () => (await rowsOf()).length === 2);
    expect(await rowsOf()).toEqual([
      { platform_message_id: 'm-1', direction: 'in', text: 'hi there' },
      { platform_message_id: 'm-2', direction: 'in', text: '' },
    ]);
    const kinds = await withDb(db.url, async (c) =>
      (await c.query(`SELECT kind FROM timeline_event WHERE channel_id = $1`, [channel.id])).rows.map(
        (r: { kind: string }) => r.kind,
      ),
    );
    expect(kinds).toEqual(['wecom_kf.session_entered']);

    // The next callback continues from the stored cursor.
    expect((await callback()).status).toBe(200);
    expect(kf.syncCalls.at(-1)!.cursor).toBe('c3');
  });

  it('refuses a callback with a bad signature without pulling', async () => {
    const calls = kf.syncCalls.length;
    expect((await callback({ badSignature: true })).status).toBe(401);
    expect(kf.syncCalls.length).toBe(calls);
  });

  it('downloads image, voice and file media, marking an expired one unavailable', async () => {
    kf.media.set('kf-img', { data: PNG, contentType: 'image/png', filename: 'photo.png' });
    kf.media.set('kf-file', { data: PDF, contentType: 'application/pdf', filename: 'invoice.pdf' });
    const t = now();
    const base = { open_kfid: OPEN_KFID, external_userid: 'wm-dan', origin: 3 };
    kf.log.push(
      { ...base, msgid: 'md-1', send_time: t, msgtype: 'image', image: { media_id: 'kf-img' } },
      { ...base, msgid: 'md-2', send_time: t, msgtype: 'voice', voice: { media_id: 'kf-gone' } },
      { ...base, msgid: 'md-3', send_time: t, msgtype: 'file', file: { media_id: 'kf-file' } },
    );
    // The download after a revoked token refreshes it once.
    expect((await callback()).status).toBe(200);
    kf.revokeToken();
    const attachmentsOf = (): Promise<Record<string, { url: string; status?: string }[]>> =>
      withDb(db.url, async (c) =>
        Object.fromEntries(
          (
            await c.query(
              `SELECT platform_message_id, attachments FROM message WHERE channel_id = $1 AND platform_message_id LIKE 'md-%'`,
              [channel.id],
            )
          ).rows.map((r: { platform_message_id: string; attachments: never }) => [
            r.platform_message_id,
            r.attachments,
          ]),
        ),
      );
    const byId = await waitFor('media settled', async () => {
      const a = await attachmentsOf();
      return Object.keys(a).length === 3 && Object.values(a).every((l) => l.every((x) => x.status !== 'pending'))
        ? a
        : undefined;
    });
    expect(byId['md-1']).toEqual([
      {
        url: expect.stringMatching(/^\/api\/v1\/attachments\//),
        type: 'image',
        name: 'photo.png',
        size: PNG.length,
        contentType: 'image/png',
      },
    ]);
    expect(byId['md-2']).toEqual([
      {
        url: 'wecom-media:kf-gone',
        type: 'audio',
        mediaRef: 'kf-gone',
        status: 'unavailable',
        error: expect.stringMatching(/^NOT_FOUND: WeCom errcode 40007/),
      },
    ]);
    expect(byId['md-3']).toEqual([
      expect.objectContaining({ type: 'file', name: 'invoice.pdf', contentType: 'application/pdf', size: PDF.length }),
    ]);
    const res = await fetch(`${api.url}${byId['md-3']![0]!.url}`, {
      headers: { authorization: `Bearer ${tenant.client.token!}` },
    });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it('replies with send_msg, keeps the echoed copy once, and stops at the 5-message limit', async () => {
    const conversationId = await waitFor('conversation', async () => {
      const rows = await withDb(
        db.url,
        async (c) => (await c.query(`SELECT id FROM conversation WHERE channel_id = $1`, [channel.id])).rows,
      );
      return rows[0]?.id as string | undefined;
    });
    const reply = async (text: string): Promise<{ status: string; error: string | null }> => {
      const r = await tenant.client.call<{ id: string }>('POST', `/api/v1/conversations/${conversationId}/messages`, {
        text,
      });
      return waitFor('settled', async () => {
        const row = await withDb(
          db.url,
          async (c) =>
            (await c.query(`SELECT delivery_status, delivery_error FROM message WHERE id = $1`, [r.body.id])).rows[0],
        );
        return row.delivery_status === 'pending'
          ? undefined
          : { status: row.delivery_status as string, error: row.delivery_error as string | null };
      });
    };
    for (let i = 1; i <= 5; i++) expect(await reply(`answer ${i}`)).toEqual({ status: 'sent', error: null });
    expect(kf.sends).toHaveLength(5);
    expect(kf.sends[0]).toMatchObject({
      touser: 'wm-dan',
      open_kfid: OPEN_KFID,
      msgtype: 'text',
      text: { content: 'answer 1' },
    });
    const sixth = await reply('answer 6');
    expect(sixth.status).toBe('failed');
    expect(sixth.error).toContain('5 messages');
    expect(kf.sends).toHaveLength(5);

    // The servicer messages come back through sync_msg; they are already stored (same msgid).
    expect((await callback()).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    const out = (await rowsOf()).filter((m) => m.direction === 'out');
    expect(
      out
        .map((m) => m.platform_message_id)
        .filter(Boolean)
        .sort(),
    ).toEqual(['srv-1', 'srv-2', 'srv-3', 'srv-4', 'srv-5']);
    expect(out).toHaveLength(6);

    // The customer writes again: the window reopens.
    kf.log.push({
      msgid: 'm-3',
      open_kfid: OPEN_KFID,
      external_userid: 'wm-dan',
      send_time: now(),
      origin: 3,
      msgtype: 'text',
      text: { content: 'thanks' },
    });
    expect((await callback()).status).toBe(200);
    await waitFor('m-3', async () => (await rowsOf()).some((m) => m.platform_message_id === 'm-3'));
    // 95001 lifts only when the customer writes again: failed at once with the reason, never retried
    // (a retry would have been accepted).
    kf.script.push(95001, 0);
    const refused = await reply('answer 7');
    expect(refused).toEqual({
      status: 'failed',
      error:
        'INVALID: WeCom errcode 95001: reply limit reached: WeChat allows 5 messages until the customer writes again',
    });
    expect(kf.script).toEqual([0]);
    kf.script.splice(0);
    // WeChat counts messages sent from elsewhere too: after its 95001 the next reply is refused here,
    // without asking WeCom, until the customer writes again.
    const sendsBeforeLocal = kf.sends.length;
    const local = await reply('answer 7b');
    expect(local.status).toBe('failed');
    expect(local.error).toContain('5 messages');
    expect(kf.sends).toHaveLength(sendsBeforeLocal);
    kf.log.push({
      msgid: 'm-4',
      open_kfid: OPEN_KFID,
      external_userid: 'wm-dan',
      send_time: now(),
      origin: 3,
      msgtype: 'text',
      text: { content: 'hello again' },
    });
    expect((await callback()).status).toBe(200);
    await waitFor('m-4', async () => (await rowsOf()).some((m) => m.platform_message_id === 'm-4'));
    kf.script.push(95018);
    const closed = await reply('answer 8');
    expect(closed.status).toBe('failed');
    expect(closed.error).toMatch(/^INVALID: WeCom errcode 95018: the session state/);

    // A revoked token is refreshed once and the send retried within the same attempt.
    kf.revokeToken();
    const tokensBefore = kf.tokenRequests;
    expect(await reply('answer 9')).toEqual({ status: 'sent', error: null });
    expect(kf.tokenRequests).toBe(tokensBefore + 1);

    // An uploaded image goes out as media/upload + msgtype image.
    const upload = await fetch(`${api.url}/api/v1/conversations/${conversationId}/attachments?name=map.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.client.token!}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(upload.status).toBe(201);
    const file = (await upload.json()) as { id: string };
    const r = await tenant.client.call<{ id: string }>('POST', `/api/v1/conversations/${conversationId}/messages`, {
      attachmentIds: [file.id],
    });
    expect(r.status).toBe(201);
    const image = await waitFor('image settled', async () => {
      const row = await withDb(
        db.url,
        async (c) =>
          (await c.query(`SELECT delivery_status, delivery_error FROM message WHERE id = $1`, [r.body.id])).rows[0],
      );
      return row.delivery_status === 'pending' ? undefined : row;
    });
    expect(image).toEqual({ delivery_status: 'sent', delivery_error: null });
    const uploaded = kf.uploads.at(-1)!;
    expect(uploaded).toMatchObject({ type: 'image', contentType: 'image/png', filename: 'map.png' });
    expect(uploaded.data.equals(PNG)).toBe(true);
    expect(kf.sends.at(-1)).toEqual({
      touser: 'wm-dan',
      open_kfid: OPEN_KFID,
      msgtype: 'image',
      image: { media_id: uploaded.mediaId },
    });

    // Two sent since the customer wrote, a third now: a text + image reply fits the 5 exactly. The image
    // fails once (WeCom busy); the retry sends only the image, and the text already sent is not counted twice.
    expect(await reply('answer 10')).toEqual({ status: 'sent', error: null });
    const second = await fetch(`${api.url}/api/v1/conversations/${conversationId}/attachments?name=route.png`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.client.token!}`, 'content-type': 'image/png' },
      body: PNG,
    });
    expect(second.status).toBe(201);
    kf.script.push(0, -1);
    const sendsBefore = kf.sends.length;
    const both = await tenant.client.call<{ id: string }>('POST', `/api/v1/conversations/${conversationId}/messages`, {
      text: 'answer 11',
      attachmentIds: [((await second.json()) as { id: string }).id],
    });
    expect(both.status).toBe(201);
    const retried = await waitFor('retried reply settled', async () => {
      const row = await withDb(
        db.url,
        async (c) =>
          (await c.query(`SELECT delivery_status, delivery_error FROM message WHERE id = $1`, [both.body.id])).rows[0],
      );
      return row.delivery_status === 'pending' ? undefined : row;
    });
    expect(retried).toEqual({ delivery_status: 'sent', delivery_error: null });
    expect(kf.sends.slice(sendsBefore).map((s) => s.msgtype)).toEqual(['text', 'image']);
    expect(await reply('answer 12')).toEqual({ status: 'failed', error: expect.stringContaining('5 messages') });
  });

  it('merges a customer into the Official Account follower with the same unionid, reversibly and once', async () => {
    // An Official Account of the same workspace: a follower subscribes, with their unionid.
    const oaApi = await new FakeWechatApi('wx1234567890abcdef', 'app-secret-0123456789').start();
    try {
      const oa = await tenant.client.call<{ id: string; inboundUrl: string }>('POST', '/api/v1/channels', {
        type: 'wechat-official',
        name: 'Brand OA',
        config: { appId: oaApi.appId, appSecret: oaApi.appSecret, token: 'oatoken42', apiBaseUrl: oaApi.baseUrl },
      });
      expect(oa.status).toBe(201);
      const ts = String(now());
      const n = nonce();
      const q = new URLSearchParams({ signature: wechatSignature('oatoken42', ts, n), timestamp: ts, nonce: n });
      const subscribed = await fetch(`${oa.body.inboundUrl}?${q}`, {
        method: 'POST',
        body: buildWechatXml({
          ToUserName: 'gh_account',
          FromUserName: 'o-una',
          CreateTime: now(),
          MsgType: 'event',
          Event: 'subscribe',
          UnionId: 'u-una',
        }),
      });
      expect(subscribed.status).toBe(200);
    } finally {
      await oaApi.close();
    }
    const contactOf = (platformUserId: string): Promise<string | undefined> =>
      withDb(
        db.url,
        async (c) =>
          (await c.query(`SELECT contact_id FROM identity WHERE platform_user_id = $1`, [platformUserId])).rows[0]
            ?.contact_id as string | undefined,
      );
    const follower = (await contactOf('o-una'))!;
    expect(follower).toBeDefined();

    // The same person writes to Customer Service; WeCom tells their unionid.
    kf.customers.set('wm-una', { nickname: 'Una', unionid: 'u-una' });
    const say = async (msgid: string, text: string): Promise<void> => {
      kf.log.push({
        msgid,
        open_kfid: OPEN_KFID,
        external_userid: 'wm-una',
        send_time: now(),
        origin: 3,
        msgtype: 'text',
        text: { content: text },
      });
      expect((await callback()).status).toBe(200);
      await waitFor(msgid, async () => (await rowsOf()).some((m) => m.platform_message_id === msgid));
    };
    await say('un-1', 'hello from customer service');
    await waitFor('merged', async () => (await contactOf('wm-una')) === follower);
    const absorbed = await withDb(db.url, async (c) =>
      (await c.query(`SELECT id FROM contact WHERE merged_into_id = $1`, [follower])).rows.map(
        (r: { id: string }) => r.id,
      ),
    );
    expect(absorbed).toHaveLength(1);
    const identity = await withDb(
      db.url,
      async (c) =>
        (await c.query(`SELECT display_name, union_id FROM identity WHERE platform_user_id = 'wm-una'`)).rows[0],
    );
    expect(identity).toEqual({ display_name: 'Una', union_id: 'u-una' });

    // On the timeline and in the audit log as an automatic merge (no actor, the reason, no unionid).
    const timeline = await tenant.client.call<{
      items: { kind: string; actorUserId: string | null; data: Record<string, unknown> }[];
    }>('GET', `/api/v1/contacts/${follower}/timeline`);
    const merged = timeline.body.items.find((i) => i.kind === 'contact.merged')!;
    expect(merged).toMatchObject({ actorUserId: null, data: { automatic: true, reason: 'same_unionid' } });
    expect(JSON.stringify(merged.data)).not.toContain('u-una');
    const audit = await tenant.client.call<{
      items: { action: string; actorUserId: string | null; data: Record<string, unknown> }[];
    }>('GET', `/api/v1/audit?targetId=${follower}`);
    expect(audit.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'contact.merged',
          actorUserId: null,
          data: expect.objectContaining({ automatic: true }),
        }),
      ]),
    );

    // An agent undoes it; the next message stays on its own contact (an undone merge is not redone).
    const undo = await tenant.client.call('POST', `/api/v1/contacts/${follower}/unmerge`, {
      mergeId: merged.data.mergeId,
    });
    expect(undo.status).toBe(200);
    expect(await contactOf('wm-una')).toBe(absorbed[0]);
    await say('un-2', 'still me');
    await new Promise((r) => setTimeout(r, 300));
    expect(await contactOf('wm-una')).toBe(absorbed[0]);
  });

  it('reads cached customer profiles for a whole pull, and does not ask again for one batchget did not return', async () => {
    kf.customers.set('wm-kim', { nickname: 'Kim' });
    const say = (msgid: string, from: string): FakeKfMessage => ({
      msgid,
      open_kfid: OPEN_KFID,
      external_userid: from,
      send_time: now(),
      origin: 3,
      msgtype: 'text',
      text: { content: `hi from ${from}` },
    });
    const asked = (): string[] => kf.customerRequests.flat();
    const before = asked().length;
    kf.log.push(say('pc-1', 'wm-kim'), say('pc-2', 'wm-ghost'));
    expect((await callback()).status).toBe(200);
    await waitFor('pc-2', async () => (await rowsOf()).some((m) => m.platform_message_id === 'pc-2'));
    expect(asked().slice(before).sort()).toEqual(['wm-ghost', 'wm-kim']);

    // wm-ghost is remembered as unknown for an hour (wm-kim's profile for a day): the next pulls ask nothing.
    const cached = await withDb(
      db.url,
      async (c) =>
        (
          await c.query(
            `SELECT key, value, extract(epoch FROM expires_at - now())::float8 AS ttl FROM connector_state
              WHERE channel_id = $1 AND key IN ('customer:wm-ghost', 'customer:wm-kim') ORDER BY key`,
            [channel.id],
          )
        ).rows as { key: string; value: unknown; ttl: number }[],
    );
    expect(cached.map((r) => [r.key, r.value])).toEqual([
      ['customer:wm-ghost', { missing: true }],
      ['customer:wm-kim', { nickname: 'Kim' }],
    ]);
    expect(cached[0]!.ttl).toBeGreaterThan(3500);
    expect(cached[0]!.ttl).toBeLessThanOrEqual(3600);
    expect(cached[1]!.ttl).toBeGreaterThan(23 * 3600);

    kf.log.push(say('pc-3', 'wm-ghost'), say('pc-4', 'wm-kim'));
    expect((await callback()).status).toBe(200);
    await waitFor('pc-4', async () => (await rowsOf()).some((m) => m.platform_message_id === 'pc-4'));
    expect(asked().slice(before)).toHaveLength(2);
    const names = await withDb(
      db.url,
      async (c) =>
        (
          await c.query(
            `SELECT platform_user_id, display_name FROM identity
              WHERE platform_user_id IN ('wm-ghost', 'wm-kim') ORDER BY platform_user_id`,
          )
        ).rows,
    );
    expect(names).toEqual([
      { platform_user_id: 'wm-ghost', display_name: null },
      { platform_user_id: 'wm-kim', display_name: 'Kim' },
    ]);
  });
});
