import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Runs a function in one database transaction. Repositories take the EntityManager it hands out, so a
 * service can combine several repositories' writes atomically without importing typeorm.
 */
@Injectable()
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }
}

export type { EntityManager } from 'typeorm';

/**
 * Runs raw SQL and returns its rows. TypeORM hands back `[rows, count]` for UPDATE/DELETE and `rows`
 * otherwise; callers always want the rows.
 */
export async function sqlRows<T>(em: EntityManager, sql: string, params: unknown[] = []): Promise<T[]> {
  const raw: unknown = await em.query(sql, params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number') {
    return raw[0] as T[];
  }
  return raw as T[];
}
