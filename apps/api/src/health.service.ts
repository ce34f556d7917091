import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { pendingMigrations } from '@scrm/database';
import { RedisConnections } from '@scrm/redis';
import type { Redis } from 'ioredis';

export interface Readiness {
  ready: boolean;
  checks: Record<string, 'ok' | 'skipped' | string>;
}

/** Readiness: the database answers, migrations are applied, and Redis (when configured) answers. */
@Injectable()
export class HealthService {
  private redis: Redis | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly connections: RedisConnections,
  ) {}

  async readiness(): Promise<Readiness> {
    const checks: Readiness['checks'] = {};
    try {
      await this.dataSource.query('SELECT 1');
      checks.database = 'ok';
      checks.migrations = (await pendingMigrations(this.dataSource)) ? 'pending' : 'ok';
    } catch (err) {
      checks.database = `error: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (this.connections.enabled) {
      this.redis ??= this.connections.create('health');
      try {
        checks.redis = (await this.redis.ping()) === 'PONG' ? 'ok' : 'error';
      } catch (err) {
        checks.redis = `error: ${err instanceof Error ? err.message : String(err)}`;
      }
    } else {
      checks.redis = 'skipped';
    }
    return { ready: Object.values(checks).every((c) => c === 'ok' || c === 'skipped'), checks };
  }
}
