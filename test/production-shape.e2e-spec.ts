import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { Client } from 'pg';
import type { RunningApi } from '../apps/api/src/api-app';
import {
  ApiClient,
  createTenant,
  createWebhookChannel,
  freePort,
  postInbound,
  spawnProcess,
  stackEnv,
  startInProcess,
  stopProcess,
  type TenantFixture,
  type WebhookChannel,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';
import { ThrowawayRedis } from './support/throwaway-redis';

jest.setTimeout(180_000);

/**
 * The production shape: long-lived keep-alive connections, liveness and readiness probes, refusing a Redis that may evict jobs, and
 * graceful shutdown of separate api and worker processes (in-flight requests and jobs finish; nothing
 * is lost).
 */
describe('production shape', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let channel: WebhookChannel;

  beforeAll(async () => {
    db = await createTestDatabase();
    // Role `api`: serves HTTP and enqueues, consumes nothing — workers below are separate processes.
    api = await startInProcess('api', { databaseUrl: db.url, redisPrefix: redis.prefix });
    tenant = await createTenant(api, 'Ops Co');
    channel = await createWebhookChannel(tenant.client);
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  const anonymous = (): ApiClient => new ApiClient(api.url);
  const countMessages = (): Promise<number> =>
    withDb(db.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM message')).rows[0].n as number);
  const countStaged = (): Promise<number> =>
    withDb(db.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM inbound_event')).rows[0].n as number);

  /** Holds an EXCLUSIVE lock on a table (reads pass, writes wait) until released. */
  async function lockTable(table: string): Promise<{ release(): Promise<void> }> {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    await c.query('BEGIN');
    await c.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
    return {
      release: async () => {
        await c.query('COMMIT');
        await c.end();
      },
    };
  }

  const someoneWaitsOnALock = (): Promise<boolean> =>
    withDb(db.url, async (c) => {
      const r = await c.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
        [db.name],
      );
      return (r.rows[0].n as number) > 0;
    });

  describe('several api nodes', () => {
    it('a channel deleted through one node stops accepting pushes on every node within a moment, not after its cache expires', async () => {
      const other = await startInProcess('api', { databaseUrl: db.url, redisPrefix: redis.prefix });
      try {
        const doomed = await createWebhookChannel(tenant.client);
        const viaOther = new URL(new URL(doomed.inboundUrl).pathname, other.url).toString();
        // Wrongly signed, so nothing is stored: the channel is looked up (and cached) before the
        // signature is checked, so the answer tells whether the node still knows the channel.
        const push = (id: string) =>
          postInbound(
            doomed,
            { messageId: id, sender: { id: 'u-n' }, text: 'hi' },
            { url: viaOther, signature: `sha256=${'0'.repeat(64)}` },
          );
        // The other node has the channel in its lookup cache now.
        expect((await push('node-1')).status).toBe(401);
        const removed = await tenant.client.call('DELETE', `/api/v1/channels/${doomed.id}`);
        expect(removed.status).toBe(204);
        // Told over Redis, not left to its 5-second cache expiring: the other node forgets the channel
        // as soon as it reads the announcement, which can come a moment after the 204.
        await waitFor(
          'the other node to refuse the deleted channel',
          async () => (await push('node-2')).status === 404,
          1_000,
          10,
        );
      } finally {
        await other.close();
      }
    });
  });

  describe('keep-alive', () => {
    /** Sends `GET /health` on an open connection and resolves with the answer's status line. */
    const ask = (socket: Socket): Promise<string> =>
      new Promise((resolve, reject) => {
        let got = '';
        const onData = (chunk: Buffer): void => {
          got += chunk.toString();
          if (!got.includes('\r\n\r\n')) return;
          socket.off('data', onData);
          resolve(got.split('\r\n')[0]!);
        };
        socket.on('data', onData);
        socket.once('close', () => reject(new Error('the api closed the connection')));
        socket.write(`GET /health HTTP/1.1\r\nHost: ${new URL(api.url).host}\r\nConnection: keep-alive\r\n\r\n`);
      });

    it('keeps an idle connection open longer than a proxy would (Node alone closes it after 5–6 s)', async () => {
      const { hostname, port } = new URL(api.url);
      const socket = connect(Number(port), hostname);
      try {
        expect(await ask(socket)).toBe('HTTP/1.1 200 OK');
        await new Promise((r) => setTimeout(r, 7_000));
        expect(await ask(socket)).toBe('HTTP/1.1 200 OK');
      } finally {
        socket.destroy();
      }
    });
  });

  describe('probes', () => {
    it('answers /health and /ready without a token, outside /api/v1', async () => {
      const live = await anonymous().call('GET', '/health');
      expect(live).toEqual({ status: 200, body: { status: 'ok' } });
      const ready = await anonymous().call('GET', '/ready');
      expect(ready).toEqual({
        status: 200,
        body: { status: 'ready', checks: { database: 'ok', migrations: 'ok', redis: 'ok' } },
      });
    });

    it('is not ready while a migration is pending', async () => {
      const removed = await withDb(db.url, async (c) => {
        const r = await c.query(
          'DELETE FROM schema_migration WHERE id = (SELECT max(id) FROM schema_migration) RETURNING *',
        );
        return r.rows[0] as { id: number; timestamp: string; name: string };
      });
      try {
        const ready = await anonymous().call<{ status: string; checks: Record<string, string> }>('GET', '/ready');
        expect(ready.status).toBe(503);
        expect(ready.body).toEqual({
          status: 'not-ready',
          checks: { database: 'ok', migrations: 'pending', redis: 'ok' },
        });
        expect((await anonymous().call('GET', '/health')).status).toBe(200);
      } finally {
        await withDb(db.url, (c) =>
          c.query('INSERT INTO schema_migration (id, timestamp, name) VALUES ($1, $2, $3)', [
            removed.id,
            removed.timestamp,
            removed.name,
          ]),
        );
      }
      expect((await anonymous().call('GET', '/ready')).status).toBe(200);
    });

    it('is not ready while Redis is down, and ready again when it is back', async () => {
      const own = await ThrowawayRedis.start();
      let second: RunningApi | undefined;
      try {
        second = await startInProcess('api', {
          databaseUrl: db.url,
          extra: { REDIS_URL: own.url, REDIS_PREFIX: `ready-${randomUUID()}` },
        });
        const client = new ApiClient(second.url);
        expect((await client.call('GET', '/ready')).status).toBe(200);
        await own.down();
        const down = await client.call<{ checks: Record<string, string> }>('GET', '/ready');
        expect(down.status).toBe(503);
        expect(down.body.checks.database).toBe('ok');
        expect(down.body.checks.redis).toMatch(/^error/);
        expect((await client.call('GET', '/health')).status).toBe(200);
        await own.up();
        await waitFor('ready again', async () => (await client.call('GET', '/ready')).status === 200);
      } finally {
        await second?.close();
        await own.down();
      }
    });

    it('shuts down cleanly while Redis is down', async () => {
      const own = await ThrowawayRedis.start();
      const unhandled: unknown[] = [];
      const collect = (reason: unknown): void => void unhandled.push(reason);
      process.on('unhandledRejection', collect);
      try {
        const second = await startInProcess('api', {
          databaseUrl: db.url,
          extra: { REDIS_URL: own.url, REDIS_PREFIX: `down-${randomUUID()}` },
        });
        expect((await new ApiClient(second.url).call('GET', '/ready')).status).toBe(200);
        await own.down();
        // Every connection notices and starts reconnecting; then the process shuts down.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await second.close();
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(unhandled).toEqual([]);
      } finally {
        process.off('unhandledRejection', collect);
        await own.down();
      }
    });
  });

  describe('Redis safety', () => {
    it('refuses to boot against a Redis whose maxmemory-policy may evict jobs', async () => {
      const own = await ThrowawayRedis.start();
      try {
        await own.command((c) => c.config('SET', 'maxmemory-policy', 'allkeys-lru'));
        const env = stackEnv({ databaseUrl: db.url, extra: { REDIS_URL: own.url, REDIS_PREFIX: 'evicting' } });
        await expect(spawnProcess('worker', env, /worker started/)).rejects.toThrow(
          /maxmemory-policy is "allkeys-lru"; Murmur needs "noeviction"/,
        );
      } finally {
        await own.down();
      }
    });
  });

  describe('graceful shutdown', () => {
    const workerEnv = (): Record<string, string> => ({
      ...stackEnv({ databaseUrl: db.url, redisPrefix: redis.prefix }),
      SHUTDOWN_GRACE_MS: '120000',
      LOG_LEVEL: 'info',
    });

    it('a worker finishes the job it is running when SIGTERM arrives; the rest waits for the next worker', async () => {
      const before = await countMessages();
      // Writes to `message` wait on this lock, so the worker's ingest job is caught in the middle.
      const lock = await lockTable('message');
      let released = false;
      const worker = await spawnProcess('worker', workerEnv(), /worker started/);
      try {
        const ids = Array.from({ length: 20 }, (_, i) => `graceful-${i}`);
        for (const id of ids) {
          expect((await postInbound(channel, { messageId: id, sender: { id: 'u-grace' }, text: id })).status).toBe(202);
        }
        await waitFor('an ingest job blocked in the middle', someoneWaitsOnALock, 60_000);
        const exited = stopProcess(worker.child, 'SIGTERM');
        let exitCode: number | null | undefined;
        void exited.then((code) => (exitCode = code));
        await waitFor('the worker to begin shutting down', async () =>
          /finishing in-flight jobs/.test(worker.output()),
        );
        // The job is still running: the worker must not have exited under it.
        expect(exitCode).toBeUndefined();
        await lock.release();
        released = true;
        expect(await exited).toBe(0);
        const afterFirst = await countMessages();
        expect(afterFirst).toBeGreaterThan(before);

        // Whatever was still queued is picked up by the next worker: all 20 stored exactly once.
        const next = await spawnProcess('worker', workerEnv(), /worker started/);
        try {
          await waitFor('all messages stored', async () => (await countMessages()) === before + ids.length, 60_000);
          expect(await countStaged()).toBe(0);
          const rows = await withDb(db.url, (c) =>
            c.query('SELECT platform_message_id FROM message WHERE platform_message_id = ANY($1)', [ids]),
          );
          expect(rows.rows.map((r) => r.platform_message_id as string).sort()).toEqual([...ids].sort());
        } finally {
          await stopProcess(next.child);
        }
      } finally {
        if (!released) await lock.release();
        await stopProcess(worker.child, 'SIGKILL');
      }
    });

    it('an api answers the inbound requests it has accepted when SIGTERM arrives, then exits', async () => {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const env = { ...workerEnv(), PORT: String(port), PUBLIC_URL: url };
      const lock = await lockTable('inbound_event');
      let released = false;
      const second = await spawnProcess('api', env, /Murmur is running/);
      try {
        const inflight = postInbound(
          channel,
          { messageId: 'during-shutdown', sender: { id: 'u-late' }, text: 'in flight' },
          { url: `${url}/api/v1/inbound/${channel.id}` },
        );
        await waitFor('the inbound request to be staging', someoneWaitsOnALock, 60_000);
        const exited = stopProcess(second.child, 'SIGTERM');
        await waitFor('the api to begin shutting down', async () => /finishing in-flight work/.test(second.output()));
        // Stopped listening: new connections are refused while the accepted request is still served.
        await expect(fetch(`${url}/health`)).rejects.toThrow();
        await lock.release();
        released = true;
        expect((await inflight).status).toBe(202);
        expect(await exited).toBe(0);
        const staged = await withDb(db.url, (c) =>
          c.query("SELECT count(*)::int AS n FROM inbound_event WHERE platform_message_id = 'during-shutdown'"),
        );
        expect(staged.rows[0].n).toBe(1);
      } finally {
        if (!released) await lock.release();
        await stopProcess(second.child, 'SIGKILL');
      }
    });
  });
});
