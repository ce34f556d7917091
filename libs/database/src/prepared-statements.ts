import { createHash } from 'node:crypto';
import { Client, type QueryResult } from 'pg';

/**
 * Marks a hot statement to run as a named prepared statement on PostgreSQL: each pooled connection
 * parses it once, and after a few executions PostgreSQL keeps a generic plan, so neither parsing nor
 * planning is paid per execution (about a fifth of PostgreSQL's CPU time per message on the ingest
 * path at a steady 500 msg/s, docs/benchmarks.md). The mark is a leading comment, so the embedded
 * database and a connection without the preparing client run the text unchanged.
 *
 * Only for statements whose text is fixed (parameters as `$n`, arrays for batches) and which name
 * their result columns: a prepared statement that selects `*` of a table fails with "cached plan must
 * not change result type" once a migration adds a column.
 */
export function prepared(sql: string): string {
  return PREPARED_MARK + sql;
}

const PREPARED_MARK = '/* prepared */ ';

/** Server-side prepared statement names, one per marked text. */
const names = new Map<string, string>();

function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `murmur_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * The node-postgres client of the pool (`extra.Client`): it sends marked statements as named
 * prepared statements and everything else as before.
 */
export class PreparingClient extends Client {
  /** Statements whose cached plan PostgreSQL refused after a schema change, with their new name. */
  private readonly renamed = new Map<string, string>();
  private renames = 0;

  override query(...args: unknown[]): never {
    const [text, values] = args;
    if (args.length !== 2 || typeof text !== 'string' || !text.startsWith(PREPARED_MARK) || !Array.isArray(values)) {
      return (super.query as (...a: unknown[]) => never)(...args);
    }
    const base = statementName(text);
    const name = this.renamed.get(base) ?? base;
    const run = super.query({ name, text, values }) as Promise<QueryResult>;
    return run.catch((err: unknown) => {
      // The statement was prepared before a migration changed its result: this execution fails (its
      // transaction is already aborted), and the next one prepares the text again under a new name.
      if (isStalePlan(err)) this.renamed.set(base, `${base}_${++this.renames}`);
      throw err;
    }) as never;
  }
}

function isStalePlan(err: unknown): boolean {
  return (
    typeof err === 'object' &&
    err !== null &&
    (err as { code?: unknown }).code === '0A000' &&
    String((err as { message?: unknown }).message).includes('cached plan must not change result type')
  );
}
