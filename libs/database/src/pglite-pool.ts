import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { AsyncMutex } from '@scrm/common';

/**
 * A `pg`-compatible pool over one embedded PGlite database. PGlite is a single session, so a
 * connection is handed to one query runner at a time: a transaction can never interleave with
 * another caller's statements.
 */
interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
  fields: unknown[];
}

type ConnectCallback = (err: Error | null, client: PgliteClient | null, release: () => void) => void;

class PgliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string, params?: unknown[]): Promise<PgLikeResult> {
    if (params && params.length > 0) {
      return toPgResult(sql, await this.db.query(sql, params));
    }
    const results = await this.db.exec(sql);
    return toPgResult(sql, results[results.length - 1] ?? { rows: [], fields: [] });
  }
}

function toPgResult(sql: string, r: { rows: unknown[]; affectedRows?: number; fields: unknown[] }): PgLikeResult {
  const command = (/^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sql)?.[1] ?? '').toUpperCase();
  return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length, command, fields: r.fields };
}

const databases = new Map<string, Promise<PGlite>>();

function openDatabase(dataDir: string): Promise<PGlite> {
  let db = databases.get(dataDir);
  if (!db) {
    if (dataDir !== 'memory://') mkdirSync(dataDir, { recursive: true });
    db = PGlite.create(dataDir);
    databases.set(dataDir, db);
  }
  return db;
}

export function pgliteDriver(dataDir: string): { Pool: new () => unknown } {
  const mutex = new AsyncMutex();

  class SerializedPglitePool extends EventEmitter {
    connect(callback: ConnectCallback): void {
      void (async () => {
        const release = await mutex.acquire();
        try {
          const client = new PgliteClient(await openDatabase(dataDir));
          let released = false;
          callback(null, client, () => {
            if (!released) {
              released = true;
              release();
            }
          });
        } catch (err) {
          release();
          callback(err as Error, null, () => undefined);
        }
      })();
    }

    end(callback: (err: Error | null) => void): void {
      const db = databases.get(dataDir);
      databases.delete(dataDir);
      if (!db) return callback(null);
      db.then((d) => d.close())
        .then(() => callback(null))
        .catch((err: Error) => callback(err));
    }
  }

  return { Pool: SerializedPglitePool };
}
