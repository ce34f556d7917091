import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { RunningApi } from '../apps/api/src/api-app';
import { createDataSource } from '../libs/database/src';
import { SessionLeaseRepository } from '../libs/sessions/src/session-lease.repository';
import { XApiFake } from './fakes/x-api-fake';
import {
  createTenant,
  spawnProcess,
  stackEnv,
  startInProcess,
  stopProcess,
  type TenantFixture,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

jest.setTimeout(180_000);

const BRAND = '100';

interface Worker {
  child: ChildProcess;
  output: () => string;
}

/**
 * Two real worker processes and one sessionful channel: exactly one runs its session; when that
 * process dies, the other takes the lease over and the channel keeps polling.
 */
describe('session lease across worker processes', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let fake: XApiFake;
  const workers: Worker[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = new XApiFake(BRAND);
    fake.addUser({ id: '200', name: 'Alice', username: 'alice' });
    await fake.start();
    const s = { databaseUrl: db.url, redisPrefix: redis.prefix };
    api = await startInProcess('api', s);
    tenant = await createTenant(api, 'Lease Co');
    const env = stackEnv({ ...s, extra: { LOG_LEVEL: 'info', SESSION_RECONCILE_MS: '200', SESSION_LEASE_MS: '3000' } });
    for (let i = 0; i < 2; i++) workers.push(await spawnProcess('worker', env, /worker started/));
  });

  afterAll(async () => {
    for (const w of workers) {
      if (w.child.exitCode === null && w.child.signalCode === null) await stopProcess(w.child);
    }
    await api?.close();
    await fake?.close();
    await db?.drop();
    await redis.cleanup();
  });

  const lease = (channelId: string): Promise<{ holder: string; epoch: string } | undefined> =>
    withDb(db.url, async (c) => {
      const r = await c.query(
        `SELECT holder, epoch::text AS epoch FROM channel_session_lease WHERE channel_id = $1 AND expires_at > now()`,
        [channelId],
      );
      return r.rows[0] as { holder: string; epoch: string } | undefined;
    });
  const starts = (w: Worker, channelId: string): number =>
    w
      .output()
      .split('\n')
      .filter((l) => l.includes(`starting session of channel ${channelId}`)).length;
  const stored = (postId: string): Promise<boolean> =>
    withDb(
      db.url,
      async (c) => (await c.query(`SELECT 1 FROM message WHERE platform_message_id = $1`, [postId])).rowCount === 1,
    );

  it('runs one session per channel, and the survivor takes over when its holder dies', async () => {
    const created = await tenant.client.call<{ id: string }>('POST', '/api/v1/channels', {
      type: 'x',
      name: 'Brand on X',
      config: {
        appKey: 'k',
        appSecret: 's',
        accessToken: 't',
        accessSecret: 'a',
        userId: BRAND,
        apiBaseUrl: fake.url,
        pollSeconds: 1,
      },
    });
    expect(created.status).toBe(201);
    const channelId = created.body.id;

    const first = fake.addPost({ text: '@brand hello', author_id: '200', mentions: [BRAND] });
    await waitFor('the first mention', () => stored(first.id), 60_000);
    const held = (await lease(channelId))!;
    const holderIndex = workers.findIndex((w) => held.holder.includes(`:${w.child.pid}:`));
    expect(holderIndex).toBeGreaterThanOrEqual(0);
    const holder = workers[holderIndex]!;
    const other = workers[1 - holderIndex]!;

    // Several reconcile rounds later, still exactly one session, in the holder.
    const polls = fake.requests.length;
    await waitFor('more polls', async () => fake.requests.length >= polls + 6);
    expect(starts(holder, channelId)).toBe(1);
    expect(starts(other, channelId)).toBe(0);

    // The holder dies without a chance to release its lease.
    await stopProcess(holder.child, 'SIGKILL');
    const taken = await waitFor(
      'the other worker to take the lease',
      async () => {
        const l = await lease(channelId);
        return l && l.holder.includes(`:${other.child.pid}:`) ? l : undefined;
      },
      60_000,
    );
    expect(BigInt(taken.epoch)).toBeGreaterThan(BigInt(held.epoch));
    expect(starts(other, channelId)).toBe(1);

    // Polling goes on from the stored cursor: the new post arrives, the old one is not stored twice.
    const second = fake.addPost({ text: '@brand still there?', author_id: '200', mentions: [BRAND] });
    await waitFor('the mention after the takeover', () => stored(second.id), 60_000);
    const afterTakeover = fake.requests.filter((r) => r.path.endsWith('/mentions') && r.at > 0).at(-1)!;
    expect(afterTakeover.query.since_id).toBeDefined();
    const count = await withDb(db.url, async (c) =>
      Number((await c.query(`SELECT count(*) FROM message WHERE channel_id = $1`, [channelId])).rows[0].count),
    );
    expect(count).toBe(2);
    expect(fake.violations).toEqual([]);
  });

  it('stops the session when the channel is deleted', async () => {
    const list = await tenant.client.call<{ id: string }[]>('GET', '/api/v1/channels');
    const channelId = list.body[0]!.id;
    const live = workers.find((w) => w.child.exitCode === null && w.child.signalCode === null)!;
    expect((await tenant.client.call('DELETE', `/api/v1/channels/${channelId}`)).status).toBe(204);
    await waitFor('the session stopped', async () =>
      live.output().includes(`stopping session of channel ${channelId}`),
    );
    await waitFor('the lease released', async () => (await lease(channelId)) === undefined);
    // The worker renews its leases every second: the released one stays released.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await lease(channelId)).toBeUndefined();
  });

  it('keeps a released lease released when the holder renews its leases afterwards', async () => {
    const ds = createDataSource({ url: db.url, dataDir: '/tmp', poolSize: 2 });
    await ds.initialize();
    try {
      const repo = new SessionLeaseRepository(ds);
      const channelId = randomUUID();
      const first = await repo.acquire(tenant.workspaceId, channelId, 'holder-a', 60_000);
      expect(first).toBe('1');
      expect((await repo.renew('holder-a', 60_000)).map((l) => l.channelId)).toEqual([channelId]);

      await repo.release(tenant.workspaceId, channelId, 'holder-a');
      // A renewal that reaches the database after the release must not bring the lease back.
      expect(await repo.renew('holder-a', 60_000)).toEqual([]);
      expect(await lease(channelId)).toBeUndefined();
      expect(await repo.acquire(tenant.workspaceId, channelId, 'holder-b', 60_000)).toBe('2');
    } finally {
      await ds.destroy();
    }
  });
});
