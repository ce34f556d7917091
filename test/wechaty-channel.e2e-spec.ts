import { CHANNEL_CONNECTORS, type ChannelConnector } from '@scrm/connector-sdk';
import type { WechatyConnector } from '@scrm/connector-wechaty';
import type { mock } from 'wechaty-puppet-mock';
import type { RunningApi } from '../apps/api/src/api-app';
import {
  ApiClient,
  connectSocket,
  createTenant,
  startInProcess,
  type StackEnv,
  type TenantFixture,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

// Boots two real stacks and a wechaty bot on a shared, loaded machine: generous timeouts.
jest.setTimeout(180_000);

type Events = { name: string; payload: unknown }[];
interface ChannelView {
  id: string;
  status: string;
  statusDetail: string | null;
  lastError: string | null;
}
interface MessageEvent {
  workspaceId: string;
  conversationId: string;
  message: { id: string; direction: string; text: string; deliveryStatus: string };
}

/**
 * A `wechaty` channel end to end through the real session runner, with wechaty-puppet-mock playing
 * WeChat: two all-in-one stacks share PostgreSQL and Redis, exactly one of them runs the bot, and the
 * test drives the mock through that stack's connector (the in-process development hook).
 */
describe('wechaty channel through the session runner', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  const stacks: RunningApi[] = [];
  let tenant: TenantFixture;
  let adminEvents: Events;
  let agentEvents: Events;
  const sockets: { disconnect(): void }[] = [];
  let channelId: string;
  let mocker: mock.Mocker;
  let brand: ReturnType<mock.Mocker['createContact']>;

  const wechatyConnector = (api: RunningApi): WechatyConnector =>
    api.app.get<ChannelConnector[]>(CHANNEL_CONNECTORS).find((c) => c.type === 'wechaty') as WechatyConnector;
  const channel = async (): Promise<ChannelView> =>
    (await tenant.client.call<ChannelView>('GET', `/api/v1/channels/${channelId}`)).body;
  const statusSeen = (status: string): Promise<ChannelView> =>
    waitFor(`channel ${status}`, async () => {
      const c = await channel();
      return c.status === status ? c : undefined;
    });
  const leases = (): Promise<{ holder: string; epoch: string }[]> =>
    withDb(
      db.url,
      async (c) =>
        (
          await c.query(
            `SELECT holder, epoch::text AS epoch FROM channel_session_lease WHERE channel_id = $1 AND expires_at > now()`,
            [channelId],
          )
        ).rows as { holder: string; epoch: string }[],
    );
  const inbound = (text: string): Promise<MessageEvent> =>
    waitFor(
      `message.created for "${text}"`,
      async () =>
        adminEvents.find((e) => e.name === 'message.created' && (e.payload as MessageEvent).message.text === text)
          ?.payload as MessageEvent | undefined,
      60_000,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    const s: StackEnv = {
      databaseUrl: db.url,
      redisPrefix: redis.prefix,
      extra: { SESSION_RECONCILE_MS: '200', SESSION_LEASE_MS: '10000', OUTBOUND_ATTEMPTS: '5' },
    };
    stacks.push(await startInProcess('all', s));
    stacks.push(await startInProcess('all', s));
    tenant = await createTenant(stacks[0]!, 'Wechaty Co');
    const agentEmail = `agent-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const member = await tenant.client.call<{ temporaryPassword: string }>('POST', '/api/v1/members', {
      email: agentEmail,
      name: 'Agent',
      role: 'agent',
    });
    expect(member.status).toBe(201);
    const agent = new ApiClient(stacks[1]!.url);
    await agent.login(agentEmail, member.body.temporaryPassword);
    const admin = await connectSocket(stacks[0]!.url, tenant.client.token!);
    const agentSocket = await connectSocket(stacks[0]!.url, agent.token!);
    sockets.push(admin.socket, agentSocket.socket);
    adminEvents = admin.events;
    agentEvents = agentSocket.events;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    for (const api of stacks) await api.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('starts exactly one session, whose QR code reaches the admins live, then goes online', async () => {
    const created = await tenant.client.call<ChannelView & { config: Record<string, unknown> }>(
      'POST',
      '/api/v1/channels',
      {
        type: 'wechaty',
        name: 'Brand WeChat',
        config: { puppet: 'wechaty-puppet-mock', messagesPerMinute: 600, jitterMs: 0 },
      },
    );
    expect(created.status).toBe(201);
    channelId = created.body.id;

    // One of the two stacks takes the lease and runs the bot; the other never starts one.
    mocker = await waitFor(
      'a running mock session',
      async () => stacks.map((api) => wechatyConnector(api).mockerOf(channelId)).find(Boolean),
      60_000,
    );
    expect(stacks.filter((api) => wechatyConnector(api).mockerOf(channelId)).length).toBe(1);
    expect(await leases()).toHaveLength(1);

    const qr = 'https://login.weixin.qq.com/l/murmur-mock-qr';
    mocker.scan(qr, 2);
    const scanEvent = await waitFor('channel.updated with the QR code', async () =>
      adminEvents.find(
        (e) => e.name === 'channel.updated' && (e.payload as { channel: { qrCode?: string } }).channel.qrCode === qr,
      ),
    );
    expect(scanEvent.payload).toMatchObject({
      workspaceId: tenant.workspaceId,
      channel: { id: channelId, type: 'wechaty', status: 'waiting_for_scan' },
    });
    const waiting = await statusSeen('waiting_for_scan');
    // The QR code is pushed live, never stored or returned by the API.
    expect(JSON.stringify(waiting)).not.toContain(qr);

    brand = mocker.createContact({ name: 'Brand' });
    mocker.login(brand);
    const online = await statusSeen('online');
    expect(online.lastError).toBeNull();
    await waitFor('channel.updated online', async () =>
      adminEvents.find(
        (e) =>
          e.name === 'channel.updated' && (e.payload as { channel: { status: string } }).channel.status === 'online',
      ),
    );
    // Channel status is for owners and admins: the agent's socket got none of it.
    expect(agentEvents.filter((e) => e.name === 'channel.updated')).toEqual([]);
  });

  it('lands 1:1 and room messages as conversations, and routes replies to the bot', async () => {
    const alice = mocker.createContact({ name: 'Alice' });
    const bob = mocker.createContact({ name: 'Bob' });
    const aliceInbox: string[] = [];
    alice.on('message', (m) => {
      if (m.talker().id === brand.id) aliceInbox.push(m.text() ?? '');
    });
    const room = mocker.createRoom({ topic: 'VIP customers', memberIdList: [brand.id, alice.id, bob.id] });

    alice.say('hello, is my order shipped?').to(brand);
    const direct = await inbound('hello, is my order shipped?');
    expect(direct.workspaceId).toBe(tenant.workspaceId);
    expect(direct.message.direction).toBe('in');

    bob.say('@Brand any discount today?', [brand]).to(room);
    const inRoom = await inbound('@Brand any discount today?');
    expect(inRoom.conversationId).not.toBe(direct.conversationId);

    const rows = await withDb(db.url, async (c) => ({
      conversations: (
        await c.query(`SELECT id, thread_key FROM conversation WHERE channel_id = $1 ORDER BY created_at`, [channelId])
      ).rows as { id: string; thread_key: string }[],
      identities: (
        await c.query(`SELECT platform_user_id, display_name FROM identity WHERE scope_key = $1`, [channelId])
      ).rows as { platform_user_id: string; display_name: string }[],
    }));
    expect(rows.conversations).toEqual([
      { id: direct.conversationId, thread_key: alice.id },
      { id: inRoom.conversationId, thread_key: room.id },
    ]);
    expect(rows.identities.map((i) => i.display_name).sort()).toEqual(['Alice', 'Bob']);

    // Replies go through the outbound queue: whichever stack's worker runs the job, the send reaches the
    // one holding the session.
    const replies: { id: string }[] = [];
    for (const text of ['Your parcel ships today', 'And a tracking number follows']) {
      const r = await tenant.client.call<{ id: string; deliveryStatus: string }>(
        'POST',
        `/api/v1/conversations/${direct.conversationId}/messages`,
        { text },
      );
      expect(r.status).toBe(201);
      replies.push(r.body);
    }
    const roomReply = await tenant.client.call<{ id: string }>(
      'POST',
      `/api/v1/conversations/${inRoom.conversationId}/messages`,
      { text: '10% off for everyone here' },
    );
    expect(roomReply.status).toBe(201);
    replies.push(roomReply.body);

    await waitFor('alice got both replies', async () => aliceInbox.length >= 2 && true, 60_000);
    expect(aliceInbox).toEqual(['Your parcel ships today', 'And a tracking number follows']);
    await waitFor(
      'the room reply',
      async () =>
        [...mocker.cacheMessagePayload.values()].find(
          (p) => p.roomId === room.id && p.talkerId === brand.id && p.text === '10% off for everyone here',
        ),
      60_000,
    );
    for (const reply of replies) {
      await waitFor(`message ${reply.id} sent`, async () =>
        adminEvents.find(
          (e) =>
            e.name === 'message.updated' &&
            (e.payload as MessageEvent).message.id === reply.id &&
            (e.payload as MessageEvent).message.deliveryStatus === 'sent',
        ),
      );
    }
    // The bot's own sends come back from the puppet as messages: they are not stored twice.
    const outbound = await withDb(
      db.url,
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM message WHERE direction = 'out'`)).rows[0] as { n: number },
    );
    expect(outbound.n).toBe(3);
  });

  it('shows logged_out when the account logs out, on the same session', async () => {
    await mocker.puppet.logout();
    const out = await statusSeen('logged_out');
    expect(out.lastError).toContain('logged out');
    const lease = await leases();
    expect(lease).toHaveLength(1);
    expect(lease[0]!.epoch).toBe('1');
  });
});
