import type { Socket } from 'socket.io-client';
import type { RunningApi } from '../apps/api/src/api-app';
import {
  ApiClient,
  connectSocket,
  createTenant,
  createWebhookChannel,
  postInbound,
  startInProcess,
  type TenantFixture,
  type WebhookChannel,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

interface Conv {
  id: string;
  threadKey: string;
  assigneeId: string | null;
  status: string;
}

/** Round-robin auto-assignment among online agents with a per-agent capacity, on real PostgreSQL + Redis. */
describe('auto-assignment', () => {
  jest.setTimeout(90_000);
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let owner: TenantFixture;
  let other: TenantFixture;
  let channel: WebhookChannel;
  const agents: { client: ApiClient; userId: string; socket?: Socket }[] = [];

  const conversationOf = (threadKey: string): Promise<Conv> =>
    waitFor(`conversation ${threadKey}`, async () => {
      const l = await owner.client.call<{ items: Conv[] }>('GET', `/api/v1/conversations?limit=100&status=`);
      return l.body.items.find((c) => c.threadKey === threadKey);
    });

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startInProcess('all', { databaseUrl: db.url, redisPrefix: redis.prefix });
    owner = await createTenant(api, 'Assign Co');
    other = await createTenant(api, 'Elsewhere');
    channel = await createWebhookChannel(owner.client);
    for (const name of ['Agent A', 'Agent B']) {
      const email = `${name.replace(/\W/g, '').toLowerCase()}-${Math.random().toString(36).slice(2, 7)}@example.test`;
      const r = await owner.client.call<{ userId: string; temporaryPassword: string }>('POST', '/api/v1/members', {
        email,
        name,
        role: 'agent',
      });
      const client = new ApiClient(api.url);
      await client.login(email, r.body.temporaryPassword);
      agents.push({ client, userId: r.body.userId });
    }
  });

  afterAll(async () => {
    agents.forEach((a) => a.socket?.disconnect());
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('lets only owners and admins of the workspace set the policy', async () => {
    const path = `/api/v1/channels/${channel.id}/assignment`;
    expect((await owner.client.call<{ mode: string }>('GET', path)).body).toMatchObject({
      mode: 'manual',
      capacity: 10,
    });
    expect((await agents[0]!.client.call('PUT', path, { mode: 'round_robin', capacity: 1 })).status).toBe(403);
    expect((await other.client.call('PUT', path, { mode: 'round_robin', capacity: 1 })).status).toBe(404);
    expect((await owner.client.call('PUT', path, { mode: 'sometimes' })).status).toBe(400);
    const set = await owner.client.call('PUT', path, { mode: 'round_robin', capacity: 1 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ channelId: channel.id, mode: 'round_robin', capacity: 1 });
  });

  it('assigns new conversations in turn to online agents up to their capacity', async () => {
    for (const a of agents) a.socket = (await connectSocket(api.url, a.client.token!)).socket;
    for (const n of [1, 2, 3]) {
      expect(
        (await postInbound(channel, { messageId: `m-${n}`, sender: { id: `cust-${n}` }, text: 'hello' })).status,
      ).toBe(202);
      await conversationOf(`cust-${n}`);
    }
    const [c1, c2, c3] = await Promise.all([1, 2, 3].map((n) => conversationOf(`cust-${n}`)));
    expect(new Set([c1!.assigneeId, c2!.assigneeId])).toEqual(new Set(agents.map((a) => a.userId)));
    // Both agents are at capacity 1: the third waits unassigned; the owner is offline and gets nothing.
    expect(c3!.assigneeId).toBeNull();
  });

  it('skips an agent who went offline and gives freed capacity to the next conversation', async () => {
    const c1 = await conversationOf('cust-1');
    const stays = agents.find((a) => a.userId === c1.assigneeId)!;
    const leaves = agents.find((a) => a.userId !== c1.assigneeId)!;
    leaves.socket!.disconnect();
    await waitFor('offline', () =>
      withDb(db.url, async (c) => {
        const r = await c.query('SELECT last_seen_at FROM agent_presence WHERE user_id = $1', [leaves.userId]);
        return (r.rows[0]?.last_seen_at as Date).getTime() === 0;
      }),
    );
    expect((await stays.client.call('PATCH', `/api/v1/conversations/${c1.id}`, { status: 'resolved' })).status).toBe(
      200,
    );
    await postInbound(channel, { messageId: 'm-4', sender: { id: 'cust-4' }, text: 'hi' });
    const c4 = await waitFor('c4 assigned', async () => {
      const c = await conversationOf('cust-4');
      return c.assigneeId ? c : undefined;
    });
    expect(c4.assigneeId).toBe(stays.userId);
  });
});
