import { createHash, createHmac } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { RunningApi } from '../apps/api/src/api-app';
import { XApiFake } from './fakes/x-api-fake';
import { connectSocket, createTenant, startInProcess, type TenantFixture } from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';
import { xChannelConfig } from './support/x-channel-config';

jest.setTimeout(120_000);

const BRAND = '100';

interface ChannelView {
  id: string;
  status: string;
  statusDetail: string | null;
  statusUntil: string | null;
  lastError: string | null;
}

/**
 * The X channel end to end against a loopback fake of the X API whose every answer validates against
 * X's OpenAPI document: polling with since_id and pagination, DMs both ways, replies, rate limits,
 * a restart in the middle of a walk through pages, and revoked credentials.
 */
describe('X channel', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let fake: XApiFake;
  let channelId: string;
  let socket: Socket;
  let events: { name: string; payload: unknown }[];

  const messages = (): Promise<
    { platform_message_id: string; direction: string; thread_key: string; text: string }[]
  > =>
    withDb(
      db.url,
      async (c) =>
        (
          await c.query(
            `SELECT m.platform_message_id, m.direction, cv.thread_key, m.text FROM message m
             JOIN conversation cv ON cv.id = m.conversation_id WHERE m.channel_id = $1 ORDER BY m.platform_message_id`,
            [channelId],
          )
        ).rows,
    );
  const channel = async (): Promise<ChannelView> =>
    (await tenant.client.call<ChannelView>('GET', `/api/v1/channels/${channelId}`)).body;
  const hasMessages = async (ids: string[]): Promise<boolean> => {
    const have = new Set((await messages()).map((m) => m.platform_message_id));
    return ids.every((id) => have.has(id));
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = new XApiFake(BRAND);
    fake.addUser({ id: BRAND, name: 'Murmur Brand', username: 'murmurbrand' });
    fake.addUser({ id: '200', name: 'Alice', username: 'alice', followers: 5200, verified: true });
    fake.addUser({ id: '300', name: 'Bob', username: 'bob', followers: 12 });
    await fake.start();
    api = await startInProcess('all', {
      databaseUrl: db.url,
      redisPrefix: redis.prefix,
      extra: { SESSION_RECONCILE_MS: '200', SESSION_LEASE_MS: '5000' },
    });
    tenant = await createTenant(api, 'X Co');
    ({ socket, events } = await connectSocket(api.url, tenant.client.token!));
  });

  afterAll(async () => {
    socket?.disconnect();
    await api?.close();
    await fake?.close();
    await db?.drop();
    await redis.cleanup();
  });

  afterEach(() => {
    expect(fake.violations).toEqual([]);
  });

  it('validates the configuration and never returns secrets', async () => {
    const bad = await tenant.client.call<{ message: string }>('POST', '/api/v1/channels', {
      type: 'x',
      name: 'X',
      config: { userId: 'brand', appKey: 'k' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('userId');

    const first = [
      fake.addPost({ text: '@murmurbrand where is my parcel?', author_id: '200', mentions: [BRAND] }),
      fake.addPost({ text: '@murmurbrand love the app', author_id: '300', mentions: [BRAND] }),
      fake.addPost({ text: '@murmurbrand second thought: it crashes', author_id: '300', mentions: [BRAND] }),
    ];
    fake.addPost({ text: 'murmurcrm is slow today', author_id: '300' });
    fake.addDm({ text: 'hello, DM here', sender_id: '200', dm_conversation_id: `${BRAND}-200` });

    const created = await tenant.client.call<ChannelView & { config: Record<string, unknown>; secretNames: string[] }>(
      'POST',
      '/api/v1/channels',
      {
        type: 'x',
        name: 'Brand on X',
        config: xChannelConfig(fake.url, BRAND, ['murmurcrm']),
      },
    );
    expect(created.status).toBe(201);
    channelId = created.body.id;
    expect(created.body.secretNames.sort()).toEqual([
      'accessSecret',
      'accessToken',
      'appKey',
      'appSecret',
      'bearerToken',
    ]);
    expect(JSON.stringify(created.body)).not.toContain('app-secret');

    await waitFor('first mentions and the DM', () => hasMessages([...first.map((p) => p.id)]), 60_000);
    // The author's followers are each inbound post's reach (crisis detection weighs negatives by it).
    const reach = await withDb(
      db.url,
      async (c) =>
        (
          await c.query<{ platform_message_id: string; reach: number | null }>(
            `SELECT platform_message_id, reach FROM message WHERE channel_id = $1 AND platform_message_id = ANY($2)`,
            [channelId, first.map((p) => p.id)],
          )
        ).rows,
    );
    expect(Object.fromEntries(reach.map((r) => [r.platform_message_id, r.reach]))).toEqual({
      [first[0]!.id]: 5200,
      [first[1]!.id]: 12,
      [first[2]!.id]: 12,
    });
    const view = await waitFor('online', async () => {
      const c = await channel();
      return c.status === 'online' ? c : undefined;
    });
    expect(view.lastError).toBeNull();
    const live = await waitFor('channel.updated to the admins', async () =>
      events.find(
        (e) =>
          e.name === 'channel.updated' && (e.payload as { channel: { status: string } }).channel.status === 'online',
      ),
    );
    expect(live.payload).toMatchObject({ workspaceId: tenant.workspaceId, channel: { id: channelId, type: 'x' } });
  });

  it('answers the CRC check and accepts only correctly signed Account Activity pushes', async () => {
    const base = `${api.url}/api/v1/inbound/${channelId}`;
    const crc = await fetch(`${base}?crc_token=abc123`);
    expect(crc.status).toBe(200);
    expect(await crc.json()).toEqual({
      response_token: `sha256=${createHmac('sha256', 'app-secret').update('abc123').digest('base64')}`,
    });
    const body = JSON.stringify({
      for_user_id: BRAND,
      direct_message_events: [
        {
          type: 'message_create',
          id: '777000',
          created_timestamp: String(Date.now()),
          message_create: { sender_id: '300', target: { recipient_id: BRAND }, message_data: { text: 'pushed DM' } },
        },
      ],
    });
    const sig = `sha256=${createHmac('sha256', 'app-secret').update(body).digest('base64')}`;
    const forged = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': 'sha256=AAAA' },
      body,
    });
    expect(forged.status).toBe(401);
    const pushed = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': sig },
      body,
    });
    expect(pushed.status).toBe(200);
    await waitFor('the pushed DM', () => hasMessages(['777000']));
  });

  it('pages mentions with since_id and next tokens, and stores each post once', async () => {
    const mentionReqs = fake.requests.filter((r) => r.path === `/2/users/${BRAND}/mentions`);
    expect(mentionReqs[0]!.query.since_id).toBeUndefined();
    expect(mentionReqs[1]!.query.pagination_token).toBeDefined();
    expect(mentionReqs[0]!.query.expansions).toBe('author_id');
    const newest = fake.posts.filter((p) => p.mentions?.includes(BRAND)).at(-1)!.id;
    await waitFor('a poll with since_id', async () =>
      fake.requests.some((r) => r.path.endsWith('/mentions') && r.query.since_id === newest),
    );

    const later = fake.addPost({ text: '@murmurbrand any news?', author_id: '200', mentions: [BRAND] });
    await waitFor('the later mention', () => hasMessages([later.id]));
    const rows = await messages();
    expect(new Set(rows.map((r) => r.platform_message_id)).size).toBe(rows.length);
    const posts = rows.filter((r) => r.thread_key.startsWith('post:'));
    expect(posts).toHaveLength(4);
  });

  it('puts a listening hit on the author’s timeline without opening a conversation', async () => {
    const hit = fake.posts.find((p) => p.text.startsWith('murmurcrm'))!;
    const ev = await waitFor('x.mention event', () =>
      withDb(db.url, async (c) => {
        const r = await c.query(
          `SELECT contact_id, conversation_id, data FROM timeline_event WHERE kind = 'x.mention'`,
        );
        return r.rows[0] as
          { contact_id: string; conversation_id: string | null; data: Record<string, unknown> } | undefined;
      }),
    );
    expect(ev.contact_id).toBeTruthy();
    expect(ev.conversation_id).toBeNull();
    expect(ev.data).toMatchObject({ postId: hit.id, authorHandle: 'bob', followers: 12, query: 'murmurcrm' });
    // Scored like an inbound message, so the timeline shows the hit's sentiment.
    const sentiment = ev.data.sentiment as { label: string; confidence: number; model: string };
    expect(['positive', 'negative', 'neutral']).toContain(sentiment.label);
    expect(typeof sentiment.model).toBe('string');
    const convs = await withDb(db.url, (c) =>
      c.query(`SELECT 1 FROM conversation WHERE channel_id = $1 AND thread_key = $2`, [channelId, `post:${hit.id}`]),
    );
    expect(convs.rowCount).toBe(0);
  });

  it('counts listening hits in crisis detection, per channel type and as the query’s own topic', async () => {
    const hit = fake.posts.find((p) => p.text.startsWith('murmurcrm'))!;
    const from = new Date(new Date(hit.created_at!).getTime() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const trend = async (topic: string): Promise<{ total: number }[]> => {
      const q = new URLSearchParams({ topic, channelType: 'x', from, to, bucketMinutes: '60' });
      const res = await tenant.client.call<{ points: { total: number }[] }>('GET', `/api/v1/crisis/trend?${q}`);
      expect(res.status).toBe(200);
      return res.body.points;
    };
    const queryTopic = `x-query:${channelId}:${createHash('sha256').update('murmurcrm').digest('hex').slice(0, 12)}`;
    // The query's own topic counts exactly its one hit (no messages).
    const perQuery = await waitFor('the listening query’s topic', async () => {
      const points = await trend(queryTopic);
      return points.length > 0 ? points : undefined;
    });
    expect(perQuery.reduce((n, p) => n + p.total, 0)).toBe(1);
    // The workspace topic counts the hit next to the channel's inbound messages (mentions and DMs).
    const xMessages = (await messages()).filter((m) => m.direction === 'in');
    const whole = await waitFor('the workspace topic with the hit', async () => {
      const total = (await trend('workspace')).reduce((n, p) => n + p.total, 0);
      return total === xMessages.length + 1 ? total : undefined;
    });
    expect(whole).toBe(xMessages.length + 1);
  });

  it('replies to a post in its thread and answers a DM, without storing the sent DM twice', async () => {
    const convs = await withDb(
      db.url,
      async (c) =>
        (await c.query(`SELECT id, thread_key FROM conversation WHERE channel_id = $1`, [channelId])).rows as {
          id: string;
          thread_key: string;
        }[],
    );
    const alicePost = fake.posts.find((p) => p.text.includes('any news'))!;
    const postConv = convs.find((c) => c.thread_key === `post:${alicePost.conversation_id}`)!;
    const reply = await tenant.client.call('POST', `/api/v1/conversations/${postConv.id}/messages`, {
      text: 'Sorry about that, checking now',
    });
    expect(reply.status).toBe(201);
    await waitFor('the public reply', async () => fake.created.posts.length === 1);
    expect(fake.created.posts[0]).toMatchObject({ text: 'Sorry about that, checking now', replyTo: alicePost.id });

    const dmConv = convs.find((c) => c.thread_key === `dm:${BRAND}-200`)!;
    const dm = await tenant.client.call('POST', `/api/v1/conversations/${dmConv.id}/messages`, { text: 'DM answer' });
    expect(dm.status).toBe(201);
    await waitFor('the DM', async () => fake.created.dms.length === 1);
    const sentId = fake.created.dms[0]!.id;
    await waitFor('the DM marked sent with its X id', () =>
      withDb(db.url, async (c) => {
        const r = await c.query(`SELECT delivery_status FROM message WHERE platform_message_id = $1`, [sentId]);
        return r.rows[0]?.delivery_status === 'sent';
      }),
    );
    // The DM poll sees the brand's own DM again; it is the same message, not a second one.
    const pollsBefore = fake.requests.filter((r) => r.path === '/2/dm_events').length;
    await waitFor(
      'two more DM polls',
      async () => fake.requests.filter((r) => r.path === '/2/dm_events').length >= pollsBefore + 2,
    );
    const inDm = (await messages()).filter((m) => m.thread_key === `dm:${BRAND}-200`);
    expect(inDm.map((m) => m.direction).sort()).toEqual(['in', 'out']);
  });

  it('pauses an endpoint on 429 until x-rate-limit-reset, then resumes without loss or duplicates', async () => {
    fake.fail(/\/mentions$/, 429, { resetInSeconds: 3 });
    const failedAt = fake.requests.length;
    const view = await waitFor('rate_limited', async () => {
      const c = await channel();
      return c.status === 'rate_limited' ? c : undefined;
    });
    expect(view.statusDetail).toContain('mentions');
    const reset = new Date(view.statusUntil!).getTime();
    const limitedReq = fake.requests.slice(failedAt).find((r) => r.path.endsWith('/mentions'))!;
    expect(reset).toBeGreaterThan(limitedReq.at);
    const during = fake.addPost({ text: '@murmurbrand hello during the limit', author_id: '300', mentions: [BRAND] });
    await waitFor('the mention after the reset', () => hasMessages([during.id]), 60_000);
    await waitFor('online again', async () => (await channel()).status === 'online');
    // The endpoint waited for the reset (no retry storm) while DMs kept being polled.
    const mentionReqs = fake.requests.slice(failedAt).filter((r) => r.path.endsWith('/mentions'));
    expect(mentionReqs[1]!.at).toBeGreaterThanOrEqual(reset);
    const dmDuring = fake.requests.filter((r) => r.path === '/2/dm_events' && r.at > limitedReq.at && r.at < reset);
    expect(dmDuring.length).toBeGreaterThan(0);
    const rows = await messages();
    expect(new Set(rows.map((r) => r.platform_message_id)).size).toBe(rows.length);
  });

  it('resumes a walk through pages after a restart: nothing lost, nothing twice', async () => {
    // Page 1 of a new walk passes; every later page fails, so the walk stops half way.
    fake.fail(/\/mentions$/, 503, { times: 1_000_000, when: (q) => Boolean(q.pagination_token) });
    const burst = [1, 2, 3].map((i) =>
      fake.addPost({ text: `@murmurbrand burst ${i}`, author_id: '200', mentions: [BRAND] }),
    );
    await waitFor('page 1 of the burst', () => hasMessages([burst[2]!.id, burst[1]!.id]));
    const cursor = await waitFor('a cursor in the middle of the walk', () =>
      withDb(db.url, async (c) => {
        const r = await c.query(
          `SELECT value FROM channel_session_state WHERE channel_id = $1 AND key = 'posts:mentions'`,
          [channelId],
        );
        const v = r.rows[0]?.value as { walk?: { token: string } } | undefined;
        return v?.walk ? v : undefined;
      }),
    );
    expect(await hasMessages([burst[0]!.id])).toBe(false);
    const epoch = async (): Promise<number> =>
      withDb(db.url, async (c) =>
        Number(
          (await c.query(`SELECT epoch FROM channel_session_lease WHERE channel_id = $1`, [channelId])).rows[0]
            ?.epoch ?? 0,
        ),
      );
    const before = await epoch();
    // A config change restarts the session (a new lease epoch).
    const patched = await tenant.client.call('PATCH', `/api/v1/channels/${channelId}`, { config: { pollSeconds: 2 } });
    expect(patched.status).toBe(200);
    await waitFor('the session restarted', async () => (await epoch()) > before);
    const resumedFrom = fake.requests.length;
    fake.clearFailures();
    await waitFor('the whole burst', () => hasMessages(burst.map((p) => p.id)), 60_000);
    const firstAfter = fake.requests.slice(resumedFrom).find((r) => r.path.endsWith('/mentions'))!;
    expect(firstAfter.query.pagination_token).toBe(cursor.walk!.token);
    const rows = await messages();
    expect(new Set(rows.map((r) => r.platform_message_id)).size).toBe(rows.length);
    expect(rows.filter((r) => r.text.includes('burst'))).toHaveLength(3);
  });

  it('marks the channel auth_revoked on 401 and stops polling', async () => {
    fake.fail(/\/dm_events$/, 401, { times: 1_000_000 });
    const view = await waitFor('auth_revoked', async () => {
      const c = await channel();
      return c.status === 'auth_revoked' ? c : undefined;
    });
    expect(view.lastError).toContain('401');
    const count = fake.requests.length;
    await new Promise((r) => setTimeout(r, 2500));
    expect(fake.requests.length).toBe(count);
    fake.clearFailures();
  });
});
