import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Client } from 'pg';
import { REDIS_URL } from './env';
import { withDb } from './test-services';

/** Every table that holds tenant rows, read from the live schema so new tables are included automatically. */
export async function tenantTables(c: Client): Promise<string[]> {
  const { rows } = await c.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'workspace_id'
      ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

/**
 * Every row a workspace owns (its own row included), as comparable JSON: two snapshots are equal
 * exactly when nothing of the workspace was created, changed or deleted in between.
 */
export async function snapshotWorkspace(dbUrl: string, workspaceId: string): Promise<Record<string, unknown[]>> {
  return withDb(dbUrl, async (c) => {
    const out: Record<string, unknown[]> = {};
    out.workspace = (await c.query('SELECT * FROM workspace WHERE id = $1', [workspaceId])).rows;
    for (const table of await tenantTables(c)) {
      const { rows } = await c.query(`SELECT * FROM "${table}" WHERE workspace_id = $1`, [workspaceId]);
      out[table] = rows
        .map((r: Record<string, unknown>) => JSON.stringify(r))
        .sort()
        .map((s) => JSON.parse(s) as unknown);
    }
    return out;
  });
}

/** Row counts of the tables an inbound message can touch, for "nothing was stored" assertions. */
export async function ingestCounts(dbUrl: string): Promise<Record<string, number>> {
  return withDb(dbUrl, async (c) => {
    const out: Record<string, number> = {};
    for (const t of ['inbound_event', 'message', 'conversation', 'contact', 'identity', 'timeline_event']) {
      out[t] = (await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${t}"`)).rows[0]!.n;
    }
    return out;
  });
}

/** Jobs in any state in one BullMQ queue under a Redis prefix (the app uses `<REDIS_PREFIX>:bull`). */
export async function queuedJobs(redisPrefix: string, queue: string): Promise<Record<string, number>> {
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const q = new Queue(queue, { connection, prefix: `${redisPrefix}:bull` });
  try {
    return await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused', 'completed', 'failed');
  } finally {
    await q.close();
    await connection.quit();
  }
}

export function totalJobs(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
