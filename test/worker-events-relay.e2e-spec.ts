import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import type { RunningApi } from '../apps/api/src/api-app';
import {
  connectSocket,
  createTenant,
  createWebhookChannel,
  killSpawned,
  postInbound,
  spawnWorker,
  startInProcess,
  stopProcess,
  type SpawnedProcess,
  type TenantFixture,
  type WebhookChannel,
} from './support/murmur-harness';
import { AppConfig } from '@scrm/config';
import { RealtimePublisher, type ServerEventName } from '@scrm/realtime';
import { RedisConnections } from '@scrm/redis';
import { REDIS_URL } from './support/env';
import { createRedisPrefix, createTestDatabase, waitFor } from './support/test-services';

type Received = { name: string; payload: unknown }[];

/**
 * Production shape: two api nodes and a separate worker on PostgreSQL and Redis. The worker's events
 * (message.created, conversation.updated, conversation.unread) reach the sockets of every api node,
 * in order, as one Redis message per tick, and never a socket of another workspace.
 */
describe('events from a worker process reach every api node', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  const apis: RunningApi[] = [];
  let worker: SpawnedProcess;
  let tenantA: TenantFixture;
  let tenantB: TenantFixture;
  let channelA: WebhookChannel;
  const sockets: Socket[] = [];
  let onFirst: Received;
  let onSecond: Received;
  let otherTenant: Received;
  let relay: Redis;
  const relayed: unknown[][] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    for (let i = 0; i < 2; i++)
      apis.push(await startInProcess('api', { databaseUrl: db.url, redisPrefix: redis.prefix }));
    worker = await spawnWorker({ databaseUrl: db.url, redisPrefix: redis.prefix });
    tenantA = await createTenant(apis[0]!, 'Relay A');
    tenantB = await createTenant(apis[0]!, 'Relay B');
    channelA = await createWebhookChannel(tenantA.client);
    const a1 = await connectSocket(apis[0]!.url, tenantA.client.token!);
    const a2 = await connectSocket(apis[1]!.url, tenantA.client.token!);
    const b = await connectSocket(apis[1]!.url, tenantB.client.token!);
    sockets.push(a1.socket, a2.socket, b.socket);
    [onFirst, onSecond, otherTenant] = [a1.events, a2.events, b.events];
    relay = new Redis(REDIS_URL);
    relay.on('message', (_channel: string, message: string) => relayed.push(JSON.parse(message) as unknown[]));
    await relay.subscribe(`${redis.prefix}:io-relay`);
  }, 60_000);

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await relay?.quit();
    if (worker) await stopProcess(worker.child);
    await killSpawned();
    for (const api of apis) await api.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('delivers each message, its conversation and the unread count to both nodes, in order', async () => {
    const texts = Array.from({ length: 12 }, (_, i) => `relay test ${i}`);
    const posted = await Promise.all(
      texts.map((text, i) =>
        postInbound(channelA, { messageId: `relay-${i}`, sender: { id: `customer-${i % 3}` }, text }),
      ),
    );
    expect(posted.map((p) => p.status)).toEqual(texts.map(() => 202));

    const created = (events: Received): string[] =>
      events
        .filter((e) => e.name === 'message.created')
        .map((e) => (e.payload as { message: { text: string } }).message.text);
    for (const events of [onFirst, onSecond]) {
      await waitFor('every message on this node', async () => created(events).length === texts.length);
      expect(created(events).sort()).toEqual([...texts].sort());
      // A message's event comes before the conversation and unread events published after it.
      const firstCreated = events.findIndex((e) => e.name === 'message.created');
      const firstUpdated = events.findIndex((e) => e.name === 'conversation.updated');
      const firstUnread = events.findIndex((e) => e.name === 'conversation.unread');
      expect(firstCreated).toBeGreaterThanOrEqual(0);
      expect(firstUpdated).toBeGreaterThan(firstCreated);
      expect(firstUnread).toBeGreaterThan(firstCreated);
      const created0 = events[firstCreated]!.payload as { workspaceId: string; message: { sentAt: unknown } };
      expect(created0.workspaceId).toBe(tenantA.workspaceId);
      expect(typeof created0.message.sentAt).toBe('string');
    }
    // Both nodes saw the same events in the same order.
    await waitFor('the same events on both nodes', async () => onSecond.length === onFirst.length);
    expect(onSecond.map((e) => e.name)).toEqual(onFirst.map((e) => e.name));
    // The other workspace heard nothing.
    expect(otherTenant).toEqual([]);
    // A Redis message carries the events of one tick of the worker, not one event each.
    const events = relayed.flat();
    expect(events.length).toBeGreaterThanOrEqual(onFirst.length);
    expect(relayed.length).toBeLessThan(events.length);
  });

  it('keeps the order of events published while its Redis connection is still connecting', async () => {
    const order: string[] = [];
    const listener = (_channel: string, message: string): void => {
      for (const e of JSON.parse(message) as { event: string; payload: { n: number } }[]) {
        if (e.event === 'order.probe') order.push(String(e.payload.n));
      }
    };
    relay.on('message', listener);
    // A new worker-side publisher each round: its first events go out while its connection is opening.
    const env = { REDIS_URL, REDIS_PREFIX: redis.prefix, LOG_LEVEL: 'warn' };
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      const connections = new RedisConnections(new AppConfig('worker', env));
      const publisher = new RealtimePublisher(connections);
      const probe = (n: number): void =>
        publisher.publishToUser('nobody', 'order.probe' as ServerEventName, { n } as never);
      probe(round * 2);
      await new Promise((resolve) => setTimeout(resolve, round % 4));
      probe(round * 2 + 1);
      await waitFor('both probes', async () => order.length === (round + 1) * 2);
      await connections.onApplicationShutdown();
    }
    relay.off('message', listener);
    expect(order).toEqual(Array.from({ length: rounds * 2 }, (_, n) => String(n)));
  });
});
