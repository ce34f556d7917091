import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pendingMigrations } from '@scrm/database';
import { RedisConnections } from '@scrm/redis';
import type { Redis } from 'ioredis';

export interface Readiness {
  ready: boolean;
  checks: Record<string, 'ok' | 'skipped' | string>;
}

/** A probe answers within this time even when a dependency hangs. */
const CHECK_TIMEOUT_MS = 3_000;

/** Readiness: the database answers, migrations are applied, and Redis (when configured) answers. */
@Injectable()
export class HealthService {
  private redis: Redis | undefined;
  private redisReady: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly connections: RedisConnections,
  ) {}

  async readiness(): Promise<Readiness> {
    const [database, redis] = await Promise.all([this.checkDatabase(), this.checkRedis()]);
    const checks: Readiness['checks'] = { ...database, redis };
    return { ready: Object.values(checks).every((c) => c === 'ok' || c === 'skipped'), checks };
  }

  private async checkDatabase(): Promise<{ database: string; migrations?: string }> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'));
    } catch (err) {
      return { database: describe(err) };
    }
    try {
      return { database: 'ok', migrations: (await withTimeout(pendingMigrations(this.dataSource))) ? 'pending' : 'ok' };
    } catch (err) {
      return { database: 'ok', migrations: describe(err) };
    }
  }

  private async checkRedis(): Promise<string> {
    if (!this.connections.enabled) return 'skipped';
    const redis = (this.redis ??= this.connections.create('health', { failFast: true }));
    try {
      // The probe's own connection fails fast while Redis is away; on a (re)connect in progress it waits.
      if (redis.status !== 'ready') {
        this.redisReady ??= new Promise<void>((resolve) => redis.once('ready', resolve)).finally(() => {
          this.redisReady = undefined;
        });
        await withTimeout(this.redisReady);
      }
      return (await withTimeout(redis.ping())) === 'PONG' ? 'ok' : 'error: unexpected PING answer';
    } catch (err) {
      return describe(err);
    }
  }
}

function describe(err: unknown): string {
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

function withTimeout<T>(p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
