import { join } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { pgliteDriver } from './pglite-pool';
import { PreparingClient } from './prepared-statements';

export interface DatabaseTarget {
  /** A postgres:// URL, or undefined for the embedded PGlite database under `dataDir/pg`. */
  url?: string;
  dataDir: string;
  poolSize?: number;
  /** PostgreSQL only: run statements marked with `prepared()` as named prepared statements (default true). */
  preparedStatements?: boolean;
}

export function dataSourceOptions(target: DatabaseTarget): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    synchronize: false,
    migrationsRun: false,
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
    logging: false,
  };
  if (target.url) {
    const extra = {
      max: target.poolSize ?? 20,
      idleTimeoutMillis: 60_000,
      ...(target.preparedStatements === false ? {} : { Client: PreparingClient }),
    };
    return { ...common, url: target.url, extra };
  }
  return {
    ...common,
    driver: pgliteDriver(join(target.dataDir, 'pg')),
    // TypeORM's pool size is irrelevant: the embedded pool serializes access itself.
  };
}

export function createDataSource(target: DatabaseTarget): DataSource {
  return new DataSource(dataSourceOptions(target));
}
