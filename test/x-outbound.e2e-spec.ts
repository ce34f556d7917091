import type { RunningApi } from '../apps/api/src/api-app';
import { XApiFake } from './fakes/x-api-fake';
import { ChannelService } from '@scrm/channels';
import {
  createTenant,
  spawnWorker,
  startInProcess,
  stopProcess,
  type SpawnedProcess,
  type TenantFixture,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

jest.setTimeout(180_000);

const BRAND = '100';
const DM_SEND = /^\/2\/dm_conversations\/with\/\d+\/messages$/;

interface ChannelView {
  id: string;
  status: string;
  statusDetail: string | null;
  statusUntil: string | null;
}

/**
 * What the X channel sends, against the loopback fake X API with the real twitter-api-v2 client, on
 * PostgreSQL and BullMQ: a 429 on a send puts the message off until X's reset without using up an
 * attempt, and the monthly post budget holds when sends race.
 */
describe('X channel outbound', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let fake: XApiFake;
  let channelId: string;
  let dmConversationId: string;
  let worker: SpawnedProcess | undefined;

  const channel = async (): Promise<ChannelView> =>
    (await tenant.client.call<ChannelView>('GET', `/api/v1/channels/${channelId}`)).body;
  const delivery = (messageId: string): Promise<{ status: string; error: string | null } | undefined> =>
    withDb(db.url, async (c) => {
      const r = await c.query<{ delivery_status: string; delivery_error: string | null }>(
        `SELECT delivery_status, delivery_error FROM message WHERE id = $1`,
        [messageId],
      );
      const row = r.rows[0];
      return row ? { status: row.delivery_status, error: row.delivery_error } : undefined;
    });
  const sendDm = async (text: string): Promise<string> => {
    const res = await tenant.client.call<{ id: string }>('POST', `/api/v1/conversations/${dmConversationId}/messages`, {
      text,
    });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = new XApiFake(BRAND);
    fake.addUser({ id: BRAND, name: 'Murmur Brand', username: 'murmurbrand' });
    fake.addUser({ id: '200', name: 'Alice', username: 'alice', followers: 40 });
    fake.addUser({ id: '300', name: 'Bob', username: 'bob', followers: 9100, verified: true });
    await fake.start();
    api = await startInProcess('all', {
      databaseUrl: db.url,
      redisPrefix: redis.prefix,
      // One attempt only: a send that used up an attempt on a 429 would fail at once.
      extra: { SESSION_RECONCILE_MS: '200', SESSION_LEASE_MS: '5000', OUTBOUND_ATTEMPTS: '1' },
    });
    tenant = await createTenant(api, 'X Outbound Co');
    fake.addDm({ text: 'hello brand', sender_id: '200', dm_conversation_id: `${BRAND}-200` });
    const created = await tenant.client.call<{ id: string }>('POST', '/api/v1/channels', {
      type: 'x',
      name: 'Brand on X',
      config: {
        appKey: 'app-key',
        appSecret: 'app-secret',
        accessToken: 'access-token',
        accessSecret: 'access-secret',
        userId: BRAND,
        apiBaseUrl: fake.url,
        pollSeconds: 1,
      },
    });
    expect(created.status).toBe(201);
    channelId = created.body.id;
    dmConversationId = await waitFor('the DM conversation', () =>
      withDb(db.url, async (c) => {
        const r = await c.query<{ id: string }>(
          `SELECT id FROM conversation WHERE channel_id = $1 AND thread_key = $2`,
          [channelId, `dm:${BRAND}-200`],
        );
        return r.rows[0]?.id;
      }),
    );
    await waitFor('online', async () => (await channel()).status === 'online');
  });

  afterAll(async () => {
    if (worker) await stopProcess(worker.child);
    await api?.close();
    await fake?.close();
    await db?.drop();
    await redis.cleanup();
  });

  afterEach(() => {
    expect(fake.violations).toEqual([]);
  });

  it('puts a send refused with 429 off until x-rate-limit-reset, without using an attempt', async () => {
    fake.fail(DM_SEND, 429, { resetInSeconds: 4 });
    const from = fake.requests.length;
    const first = await sendDm('first, refused with 429');
    const view = await waitFor('rate_limited until the reset', async () => {
      const c = await channel();
      return c.status === 'rate_limited' && c.statusUntil ? c : undefined;
    });
    expect(view.statusDetail).toContain('sending');
    const reset = new Date(view.statusUntil!).getTime();
    const refused = fake.requests.slice(from).find((r) => DM_SEND.test(r.path))!;
    expect(reset).toBeGreaterThan(refused.at);
    expect(await delivery(first)).toMatchObject({ status: 'pending' });

    // A send queued during the pause does not ask X before the reset either.
    const second = await sendDm('second, queued during the pause');
    await waitFor('both sent', async () => {
      const [a, b] = [await delivery(first), await delivery(second)];
      return a?.status === 'sent' && b?.status === 'sent';
    });
    const sends = fake.requests.slice(from).filter((r) => DM_SEND.test(r.path));
    // One refusal, then exactly one request per message — all at or after X's reset.
    expect(sends).toHaveLength(3);
    for (const r of sends.slice(1)) expect(r.at).toBeGreaterThanOrEqual(reset);
    expect(fake.created.dms.map((d) => d.text).sort()).toEqual([
      'first, refused with 429',
      'second, queued during the pause',
    ]);
    await waitFor('online again after the reset', async () => (await channel()).status === 'online');
  });

  it('moves a public complaint to a DM with its author, linking both on the contact timeline', async () => {
    const post = fake.addPost({ text: '@murmurbrand my order arrived broken', author_id: '300', mentions: [BRAND] });
    const publicConv = await waitFor('the public conversation', () =>
      withDb(db.url, async (c) => {
        const r = await c.query<{ id: string; contact_id: string }>(
          `SELECT id, contact_id FROM conversation WHERE channel_id = $1 AND thread_key = $2`,
          [channelId, `post:${post.id}`],
        );
        return r.rows[0];
      }),
    );
    const moved = await tenant.client.call<{
      publicConversationId: string;
      dmConversationId: string;
      message: { id: string; conversationId: string; direction: string };
    }>('POST', `/api/v1/conversations/${publicConv.id}/move-to-dm`, {
      text: 'Sorry! Could you DM us your order number?',
    });
    expect(moved.status).toBe(201);
    expect(moved.body.publicConversationId).toBe(publicConv.id);
    expect(moved.body.message).toMatchObject({ conversationId: moved.body.dmConversationId, direction: 'out' });
    const dmConv = await withDb(
      db.url,
      async (c) =>
        (
          await c.query<{ thread_key: string; contact_id: string }>(
            `SELECT thread_key, contact_id FROM conversation WHERE id = $1`,
            [moved.body.dmConversationId],
          )
        ).rows[0],
    );
    expect(dmConv).toEqual({ thread_key: `dm:${BRAND}-300`, contact_id: publicConv.contact_id });
    await waitFor('the DM sent to the author', async () =>
      fake.created.dms.some((d) => d.text === 'Sorry! Could you DM us your order number?'),
    );
    const dmReq = fake.requests.find(
      (r) => DM_SEND.test(r.path) && (r.body as { text?: string }).text === 'Sorry! Could you DM us your order number?',
    )!;
    expect(dmReq.path).toBe('/2/dm_conversations/with/300/messages');
    expect(fake.created.posts).toHaveLength(0);

    const timeline = await tenant.client.call<{
      items: { kind: string; conversationId: string | null; data: Record<string, unknown> }[];
    }>('GET', `/api/v1/contacts/${publicConv.contact_id}/timeline`);
    expect(timeline.status).toBe(200);
    expect(timeline.body.items.find((e) => e.kind === 'conversation.moved_to_dm')).toMatchObject({
      conversationId: publicConv.id,
      data: { linkedConversationId: moved.body.dmConversationId },
    });
    expect(timeline.body.items.find((e) => e.kind === 'conversation.moved_from_public')).toMatchObject({
      conversationId: moved.body.dmConversationId,
      data: { linkedConversationId: publicConv.id },
    });

    // A DM conversation is not public: nothing to move.
    const again = await tenant.client.call<{ message: string }>(
      'POST',
      `/api/v1/conversations/${moved.body.dmConversationId}/move-to-dm`,
      { text: 'again' },
    );
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('already a direct message conversation');
    const empty = await tenant.client.call('POST', `/api/v1/conversations/${publicConv.id}/move-to-dm`, { text: '' });
    expect(empty.status).toBe(400);
  });

  it('keeps each X author’s verified badge and latest follower count on the identity', async () => {
    const identityOf = async (
      userId: string,
    ): Promise<{ platformUserId: string; verified: boolean | null; followersCount: number | null } | undefined> => {
      const contactId = await withDb(db.url, async (c) => {
        const r = await c.query<{ contact_id: string }>(
          `SELECT contact_id FROM identity WHERE channel_type = 'x' AND platform_user_id = $1`,
          [userId],
        );
        return r.rows[0]?.contact_id;
      });
      if (!contactId) return undefined;
      const res = await tenant.client.call<{
        identities: { platformUserId: string; verified: boolean | null; followersCount: number | null }[];
      }>('GET', `/api/v1/contacts/${contactId}`);
      expect(res.status).toBe(200);
      return res.body.identities.find((i) => i.platformUserId === userId);
    };
    expect(await identityOf('300')).toMatchObject({ verified: true, followersCount: 9100 });
    expect(await identityOf('200')).toMatchObject({ verified: false, followersCount: 40 });

    // A later post carries the author's current numbers; the identity follows them.
    fake.users.get('300')!.followers = 12_345;
    fake.addPost({ text: '@murmurbrand thanks for the quick DM', author_id: '300', mentions: [BRAND] });
    await waitFor('the new follower count', async () => (await identityOf('300'))?.followersCount === 12_345);
  });

  it('adds up to a limit atomically in the channel store, however many callers race', async () => {
    const resolved = await api.app.get(ChannelService).resolve(tenant.workspaceId, channelId);
    const store = resolved!.context.store!;
    const results = await Promise.all(Array.from({ length: 24 }, () => store.addUpTo('race-test', 1, 5, 60_000)));
    expect(results.filter((r) => r !== null).sort()).toEqual([1, 2, 3, 4, 5]);
    expect(await store.get('race-test')).toBe(5);
    expect(await store.addUpTo('race-test', -1, Number.MAX_SAFE_INTEGER)).toBe(4);
  });

  it('never sends past the monthly post budget when two worker processes send at once', async () => {
    // A second worker process on the same database and queue: sends run in both at once.
    worker = await spawnWorker({ databaseUrl: db.url, redisPrefix: redis.prefix, extra: { OUTBOUND_ATTEMPTS: '1' } });
    const patched = await tenant.client.call('PATCH', `/api/v1/channels/${channelId}`, {
      config: { monthlyPostBudget: 3 },
    });
    expect(patched.status).toBe(200);
    const before = fake.created.dms.length;
    const ids = await Promise.all(Array.from({ length: 10 }, (_, i) => sendDm(`budget edge ${i}`)));
    const outcomes = await waitFor(
      'every send settled',
      async () => {
        const all = await Promise.all(ids.map((id) => delivery(id)));
        return all.every((d) => d && d.status !== 'pending') ? all : undefined;
      },
      120_000,
    );
    const sent = outcomes.filter((d) => d!.status === 'sent');
    const refused = outcomes.filter((d) => d!.status === 'failed');
    expect(sent).toHaveLength(3);
    expect(refused).toHaveLength(7);
    for (const r of refused) expect(r!.error).toContain('monthly post budget of 3 posts used up');
    expect(fake.created.dms.length - before).toBe(3);
    await waitFor('degraded: budget', async () => {
      const c = await channel();
      return c.status === 'degraded' && (c.statusDetail ?? '').includes('post budget');
    });
  });
});
