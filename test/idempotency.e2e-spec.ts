import type { Socket } from 'socket.io-client';
import {
  ApiClient,
  connectSocket,
  createWebhookChannel,
  killSpawned,
  postInbound,
  spawnApi,
  spawnWorker,
  stopProcess,
  type SpawnedProcess,
  type StackEnv,
  type WebhookChannel,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

const ADMIN = { email: 'admin@idempotency.test', password: 'idempotency-admin-password' };

interface Counts {
  messages: number;
  distinctIds: number;
  staged: number;
  conversations: number;
  contacts: number;
  identities: number;
  messageEvents: number;
  openedEvents: number;
  unread: number;
}

/**
 * Ingest is idempotent on the platform message id, end to end, with the api and the worker as
 * separate real processes on PostgreSQL and Redis (BullMQ): concurrent duplicates collapse into one
 * message, and a worker killed with SIGKILL mid-stream loses and duplicates nothing once another
 * worker takes over.
 */
describe('idempotent ingest across real api and worker processes', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let stack: StackEnv;
  let api: SpawnedProcess & { url: string };
  let worker: SpawnedProcess | undefined;
  let client: ApiClient;
  let socket: Socket | undefined;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = {
      databaseUrl: db.url,
      redisPrefix: redis.prefix,
      extra: {
        MURMUR_SEED_DEMO: 'true',
        MURMUR_ADMIN_EMAIL: ADMIN.email,
        MURMUR_ADMIN_PASSWORD: ADMIN.password,
        // A killed worker's jobs come back once their lock lapses; keep that short for the test.
        QUEUE_LOCK_MS: '5000',
        SWEEP_INTERVAL_MS: '1000',
      },
    };
    api = await spawnApi(stack);
    worker = await spawnWorker(stack);
    client = new ApiClient(api.url);
    await client.login(ADMIN.email, ADMIN.password);
  });

  afterAll(async () => {
    socket?.disconnect();
    if (worker) await stopProcess(worker.child);
    if (api) await stopProcess(api.child);
    await killSpawned();
    await db?.drop();
    await redis.cleanup();
  });

  const counts = (channelId: string): Promise<Counts> =>
    withDb(db.url, async (c) => {
      const one = async (sql: string): Promise<number> => (await c.query<{ n: number }>(sql, [channelId])).rows[0]!.n;
      return {
        messages: await one('SELECT count(*)::int AS n FROM message WHERE channel_id = $1'),
        distinctIds: await one(
          'SELECT count(DISTINCT platform_message_id)::int AS n FROM message WHERE channel_id = $1',
        ),
        staged: await one('SELECT count(*)::int AS n FROM inbound_event WHERE channel_id = $1'),
        conversations: await one('SELECT count(*)::int AS n FROM conversation WHERE channel_id = $1'),
        contacts: await one(`SELECT count(DISTINCT contact_id)::int AS n FROM identity WHERE scope_key = $1::text`),
        identities: await one('SELECT count(*)::int AS n FROM identity WHERE scope_key = $1::text'),
        messageEvents: await one(
          `SELECT count(*)::int AS n FROM timeline_event t JOIN message m ON m.id = t.message_id
            WHERE m.channel_id = $1 AND t.kind = 'message'`,
        ),
        openedEvents: await one(
          `SELECT count(*)::int AS n FROM timeline_event t JOIN conversation v ON v.id = t.conversation_id
            WHERE v.channel_id = $1 AND t.kind = 'conversation.opened'`,
        ),
        unread: await one('SELECT coalesce(sum(unread_count), 0)::int AS n FROM conversation WHERE channel_id = $1'),
      };
    });

  it('stores one message, conversation and contact when the same push arrives 50 times at once', async () => {
    const channel = await createWebhookChannel(client);
    const live = await connectSocket(api.url, client.token!);
    socket = live.socket;
    const message = { messageId: 'dup-1', sender: { id: 'u-dup', name: 'Dana' }, text: 'is my parcel lost?' };
    const ts = Math.floor(Date.now() / 1000);
    // Byte-identical requests, as a platform retrying the very same delivery would send them.
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => postInbound(channel, message, { timestamp: ts })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));

    const published = (id: string) => async (): Promise<boolean> =>
      live.events.some(
        (e) =>
          e.name === 'message.created' &&
          (e.payload as { message: { platformMessageId: string } }).message.platformMessageId === id,
      );
    await waitFor('the message to be published', published('dup-1'), 60_000);
    await waitFor('staging to drain', async () => (await counts(channel.id)).staged === 0, 60_000);
    // Everything staged is now committed. A later message is the marker: once its event arrives, any
    // event a duplicate could have caused would have arrived before it.
    expect((await postInbound(channel, { messageId: 'marker', sender: { id: 'u-dup' }, text: 'hello?' })).status).toBe(
      202,
    );
    await waitFor('the marker message to be published', published('marker'), 60_000);
    await waitFor('staging to drain', async () => (await counts(channel.id)).staged === 0, 60_000);

    expect(await counts(channel.id)).toEqual({
      messages: 2,
      distinctIds: 2,
      staged: 0,
      conversations: 1,
      contacts: 1,
      identities: 1,
      messageEvents: 2,
      openedEvents: 1,
      unread: 2,
    });
    const created = live.events.filter(
      (e) =>
        e.name === 'message.created' &&
        (e.payload as { message: { platformMessageId: string } }).message.platformMessageId === 'dup-1',
    );
    expect(created).toHaveLength(1);
  });

  it('loses and duplicates nothing when the worker is SIGKILLed in the middle of 1,000 messages', async () => {
    const channel: WebhookChannel = await createWebhookChannel(client);
    const total = 1000;
    const senders = 40;
    const ids = Array.from({ length: total }, (_, i) => `bulk-${i}`);
    let next = 0;
    const refused: string[] = [];
    // Eight clients push in parallel, as fast as the api answers; the kill lands while they push.
    const push = async (): Promise<void> => {
      while (next < total) {
        const i = next++;
        const res = await postInbound(channel, {
          messageId: ids[i]!,
          sender: { id: `s-${i % senders}`, name: `Sender ${i % senders}` },
          text: `message ${i}`,
          timestamp: new Date(Date.UTC(2026, 10, 22, 10, 0, 0, i)).toISOString(),
        });
        if (res.status !== 202) refused.push(`${ids[i]}: ${res.status}`);
      }
    };
    const pushing = Promise.all(Array.from({ length: 8 }, push));

    const stored = await waitFor(
      'the first worker to store part of the stream',
      async () => {
        const n = (await counts(channel.id)).messages;
        return n >= 150 ? n : undefined;
      },
      120_000,
    );
    await stopProcess(worker!.child, 'SIGKILL');
    worker = undefined;
    await pushing;
    expect(refused).toEqual([]);
    const atKill = await counts(channel.id);
    expect(stored).toBeLessThan(total);
    expect(atKill.messages).toBeLessThan(total);

    worker = await spawnWorker(stack);
    await waitFor(
      'the new worker to finish the stream',
      async () => {
        const c = await counts(channel.id);
        return c.messages === total && c.staged === 0;
      },
      180_000,
      250,
    );

    expect(await counts(channel.id)).toEqual({
      messages: total,
      distinctIds: total,
      staged: 0,
      conversations: senders,
      contacts: senders,
      identities: senders,
      messageEvents: total,
      openedEvents: senders,
      unread: total,
    });
    const storedIds = await withDb(db.url, async (c) =>
      (
        await c.query<{ platform_message_id: string }>(
          'SELECT platform_message_id FROM message WHERE channel_id = $1 ORDER BY platform_message_id',
          [channel.id],
        )
      ).rows.map((r) => r.platform_message_id),
    );
    expect(storedIds).toEqual([...ids].sort());
  });
});
