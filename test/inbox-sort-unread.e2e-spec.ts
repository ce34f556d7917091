import type { Socket } from 'socket.io-client';
import type { RunningApi } from '../apps/api/src/api-app';
import {
  ApiClient,
  connectSocket,
  createTenant,
  createWebhookChannel,
  postInbound,
  startCallbackServer,
  startInProcess,
  type TenantFixture,
  type WebhookChannel,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor } from './support/test-services';

interface Conv {
  id: string;
  contact: { name: string | null } | null;
  unreadCount: number;
  waitingSince: string | null;
}
type Events = { name: string; payload: unknown }[];
interface UnreadEvent {
  workspaceId: string;
  conversationId: string;
  unreadCount: number;
}

/**
 * The conversation list's server-side sorts (latest activity, priority, waiting longest) with keyset
 * pagination in each, and each member's own unread counts, read positions and live `conversation.unread`
 * events, on real PostgreSQL and Redis.
 */
describe('inbox sorting and per-member unread', () => {
  jest.setTimeout(120_000);
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let owner: TenantFixture;
  let other: TenantFixture;
  let agent: ApiClient;
  let channel: WebhookChannel;
  let callback: Awaited<ReturnType<typeof startCallbackServer>>;
  const sockets: Socket[] = [];
  const ids = new Map<string, string>();
  let seq = 0;

  const minutesAgo = (m: number): string => new Date(Math.floor(Date.now() / 1000) * 1000 - m * 60_000).toISOString();
  const inbound = async (name: string, timestamp?: string): Promise<string> => {
    seq += 1;
    const res = await postInbound(channel, {
      messageId: `s-${seq}`,
      sender: { id: `cust-${name}`, name },
      text: `message ${seq} from ${name}`,
      ...(timestamp ? { timestamp } : {}),
    });
    expect(res.status).toBe(202);
    const text = `message ${seq} from ${name}`;
    return waitFor(text, async () => {
      const list = await owner.client.call<{ items: Conv[] }>('GET', '/api/v1/conversations?status=&limit=100');
      const c = list.body.items.find((x) => x.contact?.name === name);
      if (!c) return undefined;
      const messages = await owner.client.call<{ items: { text: string }[] }>(
        'GET',
        `/api/v1/conversations/${c.id}/messages`,
      );
      return messages.body.items.some((m) => m.text === text) ? c.id : undefined;
    });
  };
  const reply = async (name: string): Promise<void> => {
    const r = await owner.client.call('POST', `/api/v1/conversations/${ids.get(name)}/messages`, { text: 'on it' });
    expect(r.status).toBe(201);
  };

  /** Every page of a sort, `limit` at a time, as contact names. */
  const allPages = async (client: ApiClient, sort: string, limit: number): Promise<string[]> => {
    const names: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 20; page++) {
      const q = new URLSearchParams({ sort, limit: String(limit), status: 'open' });
      if (cursor) q.set('cursor', cursor);
      const r = await client.call<{ items: Conv[]; nextCursor: string | null }>('GET', `/api/v1/conversations?${q}`);
      expect(r.status).toBe(200);
      names.push(...r.body.items.map((c) => c.contact?.name ?? '?'));
      cursor = r.body.nextCursor;
      if (!cursor) break;
    }
    return names;
  };

  const unreadOf = async (client: ApiClient, conversationId: string): Promise<number> =>
    (await client.call<Conv>('GET', `/api/v1/conversations/${conversationId}`)).body.unreadCount;

  const socketOf = async (client: ApiClient): Promise<Events> => {
    const s = await connectSocket(api.url, client.token!);
    sockets.push(s.socket);
    return s.events;
  };
  const unreadEvents = (events: Events, conversationId: string): UnreadEvent[] =>
    events
      .filter((e) => e.name === 'conversation.unread')
      .map((e) => e.payload as UnreadEvent)
      .filter((e) => e.conversationId === conversationId);

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startInProcess('all', { databaseUrl: db.url, redisPrefix: redis.prefix });
    owner = await createTenant(api, 'Sort Co');
    other = await createTenant(api, 'Other Co');
    callback = await startCallbackServer();
    channel = await createWebhookChannel(owner.client, callback.url);
    const email = `agent-${Date.now()}@example.test`;
    const invited = await owner.client.call<{ temporaryPassword: string }>('POST', '/api/v1/members', {
      email,
      name: 'Agent',
      role: 'agent',
    });
    expect(invited.status).toBe(201);
    agent = new ApiClient(api.url);
    await agent.login(email, invited.body.temporaryPassword);
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await callback?.close();
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('sorts by latest activity, priority and waiting longest, page by page', async () => {
    ids.set('Ann', await inbound('Ann', minutesAgo(50)));
    ids.set('Bob', await inbound('Bob', minutesAgo(40)));
    ids.set('Cai', await inbound('Cai', minutesAgo(30)));
    ids.set('Dee', await inbound('Dee', minutesAgo(20)));
    ids.set('Eve', await inbound('Eve', minutesAgo(5)));
    await reply('Bob'); // answered: nobody waits on Bob
    await reply('Cai');
    const caiAgain = minutesAgo(10);
    await inbound('Cai', caiAgain); // Cai writes again after the answer: waiting since then
    for (const [name, priority] of [
      ['Dee', 'urgent'],
      ['Eve', 'high'],
    ] as const) {
      const r = await owner.client.call('PATCH', `/api/v1/conversations/${ids.get(name)}`, { priority });
      expect(r.status).toBe(200);
    }

    const cai = await owner.client.call<Conv>('GET', `/api/v1/conversations/${ids.get('Cai')}`);
    expect(cai.body.waitingSince).toBe(caiAgain);
    expect((await owner.client.call<Conv>('GET', `/api/v1/conversations/${ids.get('Bob')}`)).body.waitingSince).toBe(
      null,
    );

    // Latest activity: the replies are the newest activity (Cai's after Bob's).
    const latest = ['Cai', 'Bob', 'Eve', 'Dee', 'Ann'];
    const priority = ['Dee', 'Eve', 'Cai', 'Bob', 'Ann'];
    const waiting = ['Ann', 'Dee', 'Cai', 'Eve', 'Bob'];
    for (const limit of [1, 2, 3, 100]) {
      expect(await allPages(owner.client, 'latest', limit)).toEqual(latest);
      expect(await allPages(owner.client, 'priority', limit)).toEqual(priority);
      expect(await allPages(owner.client, 'waiting', limit)).toEqual(waiting);
    }
    // The default is latest activity.
    const plain = await owner.client.call<{ items: Conv[] }>('GET', '/api/v1/conversations?status=open');
    expect(plain.body.items.map((c) => c.contact?.name)).toEqual(latest);
  });

  it('answers 400 for an unknown sort or a cursor of another sort', async () => {
    const bad = await owner.client.call<{ message: string }>('GET', '/api/v1/conversations?sort=oldest');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('sort must be one of latest, priority, waiting');
    const first = await owner.client.call<{ nextCursor: string }>('GET', '/api/v1/conversations?sort=latest&limit=1');
    const mixed = await owner.client.call('GET', `/api/v1/conversations?sort=waiting&cursor=${first.body.nextCursor}`);
    expect(mixed.status).toBe(400);
    expect(JSON.stringify(mixed.body)).toContain('cursor belongs to sort=latest');
    const garbage = await owner.client.call('GET', '/api/v1/conversations?sort=priority&cursor=bm9wZQ');
    expect(garbage.status).toBe(400);
  });

  it("keeps each member's own unread count and tells only that member, live", async () => {
    const ownerEvents = await socketOf(owner.client);
    const agentEvents = await socketOf(agent);
    const otherEvents = await socketOf(other.client);
    const fay = await inbound('Fay');
    ids.set('Fay', fay);
    await inbound('Fay');
    await waitFor(
      'both see 2 unread',
      async () => (await unreadOf(owner.client, fay)) === 2 && (await unreadOf(agent, fay)) === 2,
    );
    await waitFor('live counts', async () =>
      [ownerEvents, agentEvents].every((ev) => unreadEvents(ev, fay).some((e) => e.unreadCount === 2)),
    );
    expect(unreadEvents(agentEvents, fay).every((e) => e.workspaceId === owner.workspaceId)).toBe(true);

    const ownerBefore = unreadEvents(ownerEvents, fay).length;
    const read = await agent.call<Conv>('POST', `/api/v1/conversations/${fay}/read`);
    expect(read.status).toBe(200);
    expect(read.body.unreadCount).toBe(0);
    expect(await unreadOf(agent, fay)).toBe(0);
    expect(await unreadOf(owner.client, fay)).toBe(2);
    await waitFor('agent told', async () => unreadEvents(agentEvents, fay).at(-1)?.unreadCount === 0);
    const list = await agent.call<{ items: Conv[] }>('GET', '/api/v1/conversations?status=open&limit=100');
    expect(list.body.items.find((c) => c.id === fay)?.unreadCount).toBe(0);
    const ownerList = await owner.client.call<{ items: Conv[] }>('GET', '/api/v1/conversations?status=open&limit=100');
    expect(ownerList.body.items.find((c) => c.id === fay)?.unreadCount).toBe(2);

    // Another workspace can neither read the conversation nor hear about it.
    expect((await other.client.call('POST', `/api/v1/conversations/${fay}/read`)).status).toBe(404);
    expect(await unreadOf(owner.client, fay)).toBe(2);

    // Replying reads the conversation for whoever replies; a new customer message is unread for both.
    await reply('Fay');
    expect(await unreadOf(owner.client, fay)).toBe(0);
    await inbound('Fay');
    await waitFor(
      'one new each',
      async () => (await unreadOf(owner.client, fay)) === 1 && (await unreadOf(agent, fay)) === 1,
    );
    await waitFor('agent told of 1', async () => unreadEvents(agentEvents, fay).at(-1)?.unreadCount === 1);
    expect(
      unreadEvents(ownerEvents, fay)
        .slice(ownerBefore)
        .some((e) => e.unreadCount === 0),
    ).toBe(true);
    expect(otherEvents.some((e) => e.name === 'conversation.unread')).toBe(false);
  });
});
