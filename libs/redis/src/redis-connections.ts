import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@scrm/config';

/** The commands socket.io's Redis adapter and the relay send without handling their promises. */
const UNAWAITED_COMMANDS = ['publish', 'subscribe', 'psubscribe', 'unsubscribe', 'punsubscribe'] as const;

/**
 * Hands out Redis connections for the configured REDIS_URL and closes them all on shutdown. Blocking
 * consumers (BullMQ workers, socket.io pub/sub) each need a connection of their own.
 */
@Injectable()
export class RedisConnections implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  private readonly open: Redis[] = [];

  constructor(private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.redisUrl !== undefined;
  }

  get prefix(): string {
    return this.config.redisPrefix;
  }

  /**
   * `autoPipelining` sends the commands issued in one tick as one write: for publish-only connections
   * (realtime fan-out), not for blocking consumers. `failFast` makes commands fail at once while Redis
   * is unreachable instead of waiting for it (probes must answer, not hang). `unawaitedCommands` is for
   * clients handed to socket.io's Redis adapter and the realtime relay, which call `publish` and the
   * (un)subscribe commands without handling their promises: one that fails (Redis down, or the
   * connection closed during shutdown) is logged instead of surfacing as an unhandled rejection that
   * would bring the process down.
   */
  create(
    purpose: string,
    opts: { autoPipelining?: boolean; failFast?: boolean; unawaitedCommands?: boolean } = {},
  ): Redis {
    if (!this.config.redisUrl) throw new Error('REDIS_URL is not configured');
    const client = new Redis(this.config.redisUrl, {
      maxRetriesPerRequest: opts.failFast ? 0 : null,
      enableOfflineQueue: !opts.failFast,
      lazyConnect: false,
      enableAutoPipelining: opts.autoPipelining ?? false,
    });
    client.on('error', (err: Error) => this.logger.warn(`redis (${purpose}): ${err.message}`));
    if (opts.unawaitedCommands) this.logFailures(client, purpose);
    // A connection its user closed is done: closing it again would arm ioredis's 2 s force-close
    // timer on a stream that already ended, and that timer would hold the process open.
    client.once('end', () => {
      const at = this.open.indexOf(client);
      if (at >= 0) this.open.splice(at, 1);
    });
    this.open.push(client);
    return client;
  }

  private logFailures(client: Redis, purpose: string): void {
    for (const name of UNAWAITED_COMMANDS) {
      const command = (client[name] as (...args: unknown[]) => Promise<unknown>).bind(client);
      const guarded = (...args: unknown[]): Promise<unknown> =>
        command(...args).catch((err: unknown) => {
          this.logger.warn(`redis (${purpose}): ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
          return 0;
        });
      Object.defineProperty(client, name, { value: guarded, configurable: true, writable: true });
    }
  }

  /**
   * Refuses a Redis that may evict keys (queued jobs would vanish) and warns when nothing is persisted
   * (a Redis restart would lose accepted jobs until the outbox sweepers re-enqueue them).
   */
  async assertSafeForQueues(client: Redis): Promise<void> {
    const memory = await client.info('memory');
    const policy = /maxmemory_policy:(\S+)/.exec(memory)?.[1];
    if (policy !== undefined && policy !== 'noeviction') {
      throw new Error(
        `Redis maxmemory-policy is "${policy}"; Murmur needs "noeviction" so queued jobs are never evicted`,
      );
    }
    const persistence = await client.info('persistence');
    const aof = /aof_enabled:(\d)/.exec(persistence)?.[1] === '1';
    const rdb = await client
      .config('GET', 'save')
      .then((r) => Array.isArray(r) && typeof r[1] === 'string' && r[1].trim() !== '')
      .catch(() => true);
    if (!aof && !rdb) {
      this.logger.warn('Redis persistence is off (no AOF, no RDB): a Redis restart drops queued jobs until swept');
    }
  }

  /**
   * Quits the connections that are up (their replies arrive first) and drops the others: a `QUIT` on a
   * connection that is still reconnecting would wait for a Redis that may never come back, and hold
   * the shutdown with it.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.open].map((c) => {
        if (c.status !== 'ready') {
          c.disconnect();
          return Promise.resolve();
        }
        return c.quit().catch(() => (c.status === 'end' ? undefined : c.disconnect()));
      }),
    );
    this.open.length = 0;
  }
}
