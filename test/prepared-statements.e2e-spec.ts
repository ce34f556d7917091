import type { DataSource, QueryRunner } from 'typeorm';
import { createDataSource, prepared } from '@scrm/database';
import { createTestDatabase } from './support/test-services';

interface PreparedRow {
  statement: string;
  generic_plans: string;
}

const SUM = 'SELECT $1::int + 1 AS n';

async function preparedOn(qr: QueryRunner, fragment: string): Promise<PreparedRow[]> {
  const rows = (await qr.query(
    'SELECT statement, generic_plans::text FROM pg_prepared_statements WHERE statement LIKE $1',
    [`%${fragment}%`],
  )) as PreparedRow[];
  return rows.filter((r) => !r.statement.includes('pg_prepared_statements'));
}

describe('prepared statements on PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const sources: DataSource[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    for (const ds of sources) if (ds.isInitialized) await ds.destroy();
    await db.drop();
  });

  async function open(preparedStatements?: boolean): Promise<QueryRunner> {
    const ds = createDataSource({ url: db.url, dataDir: '/tmp', poolSize: 1, preparedStatements });
    await ds.initialize();
    sources.push(ds);
    const qr = ds.createQueryRunner();
    await qr.connect();
    return qr;
  }

  it('runs a marked statement as a named prepared statement, which PostgreSQL stops planning', async () => {
    const qr = await open();
    for (let i = 0; i < 8; i++) expect(await qr.query(prepared(SUM), [i])).toEqual([{ n: i + 1 }]);
    const [row, ...more] = await preparedOn(qr, SUM);
    expect(more).toEqual([]);
    expect(row!.statement).toBe(prepared(SUM));
    // After five custom plans PostgreSQL settles on the generic plan: later executions are not planned.
    expect(Number(row!.generic_plans)).toBeGreaterThan(0);
    await qr.release();
  });

  it('leaves unmarked statements unnamed, and every statement unnamed when switched off', async () => {
    const on = await open();
    expect(await on.query('SELECT $1::int * 2 AS n', [21])).toEqual([{ n: 42 }]);
    expect(await preparedOn(on, '* 2 AS n')).toEqual([]);
    await on.release();

    const off = await open(false);
    expect(await off.query(prepared('SELECT $1::int * 3 AS n'), [14])).toEqual([{ n: 42 }]);
    expect(await preparedOn(off, '* 3 AS n')).toEqual([]);
    await off.release();
  });

  it('fails one execution after a migration changes the result, then prepares the statement afresh', async () => {
    const qr = await open();
    await qr.query('CREATE TABLE prepared_probe (a int)');
    await qr.query('INSERT INTO prepared_probe VALUES (1)');
    const probe = prepared('SELECT * FROM prepared_probe WHERE a = $1');
    expect(await qr.query(probe, [1])).toEqual([{ a: 1 }]);
    await qr.query('ALTER TABLE prepared_probe ADD COLUMN b int DEFAULT 2');
    await expect(qr.query(probe, [1])).rejects.toThrow('cached plan must not change result type');
    expect(await qr.query(probe, [1])).toEqual([{ a: 1, b: 2 }]);
    // Every later change is survived the same way, each under a name of its own.
    for (const column of ['c', 'd']) {
      await qr.query(`ALTER TABLE prepared_probe ADD COLUMN ${column} int DEFAULT 3`);
      await expect(qr.query(probe, [1])).rejects.toThrow('cached plan must not change result type');
      expect(Object.keys((await qr.query(probe, [1]))[0] as object)).toContain(column);
    }
    await qr.release();
  });
});
