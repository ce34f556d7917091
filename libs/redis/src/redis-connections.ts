import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '@scrm/config';

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
   * is unreachable instead of waiting for it (probes must answer, not hang). `unawaitedPublish` is for
   * clients handed to socket.io's Redis adapter and emitter, which call `publish` without handling its
   * promise: a publish that fails (Redis down, or the connection already closed during shutdown) is
   * logged instead of surfacing as an unhandled rejection that would bring the process down.
   */
  create(
    purpose: string,
    opts: { autoPipelining?: boolean; failFast?: boolean; unawaitedPublish?: boolean } = {},
  ): Redis {
    if (!this.config.redisUrl) throw new Error('REDIS_URL is not configured');
    const client = new Redis(this.config.redisUrl, {
      maxRetriesPerRequest: opts.failFast ? 0 : null,
      enableOfflineQueue: !opts.failFast,
      lazyConnect: false,
      enableAutoPipelining: opts.autoPipelining ?? false,
    });
    client.on('error', (err: Error) => this.logger.warn(`redis (${purpose}): ${err.message}`));
    if (opts.unawaitedPublish) this.logFailedPublishes(client, purpose);
    // A connection its user closed is done: closing it again would arm ioredis's 2 s force-close
    // timer on a stream that already ended, and that timer would hold the process open.
    client.once('end', () => {
      const at = this.open.indexOf(client);
      if (at >= 0) this.open.splice(at, 1);
    });
    this.open.push(client);
    return client;
  }

  private logFailedPublishes(client: Redis, purpose: string): void {
    const publish = client.publish.bind(client) as (channel: string, message: string | Buffer) => Promise<number>;
    const guarded = (channel: string, message: string | Buffer): Promise<number> =>
      publish(channel, message).catch((err: unknown) => {
        this.logger.warn(`redis (${purpose}): publish failed: ${err instanceof Error ? err.message : String(err)}`);
        return 0;
      });
    Object.defineProperty(client, 'publish', { value: guarded, configurable: true, writable: true });
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

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(
      [...this.open].map((c) => c.quit().catch(() => (c.status === 'end' ? undefined : c.disconnect()))),
    );
    this.open.length = 0;
  }
}
