import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { Redis } from 'ioredis';

export const ROOT = join(__dirname, '..');

/**
 * The api, the worker and the migration run as production runs them (docker/Dockerfile,
 * `npm run start:prod:*`): the compiled build under plain `node`; `npm run bench` builds first.
 * `BENCH_FROM_SOURCE=1` runs the TypeScript sources through `@swc-node/register` instead, as
 * `npm run start:api` does: no build needed to try a change, but the loader keeps the TypeScript
 * compiler and the source maps in memory (about 30 MB more live heap in each process), which makes
 * every full garbage collection longer.
 */
const FROM_SOURCE = process.env.BENCH_FROM_SOURCE === '1';

/** Node's arguments for one of our entry points, given as its TypeScript source (`apps/api/src/main.ts`). */
function entry(source: string): string[] {
  if (FROM_SOURCE) return ['-r', '@swc-node/register', source];
  const built = join('dist', source.replace(/\.ts$/, '.js'));
  if (!existsSync(join(ROOT, built))) {
    throw new Error(
      `${built} is missing: run \`npm run build\` first (npm run bench does), or set BENCH_FROM_SOURCE=1`,
    );
  }
  return [built];
}

export interface BenchStack {
  apiUrl: string;
  inboundUrl: string;
  secret: string;
  email: string;
  password: string;
  databaseUrl: string;
  /**
   * CPU seconds used so far by the api, the worker, this database's PostgreSQL backends and the Redis
   * server (the whole server's CPU: other clients of the same server count too).
   */
  cpuSeconds(): { api: number; worker: number; postgres: number; redis: number };
  stop(): Promise<void>;
}

export interface StackOptions {
  pgAdminUrl: string;
  redisUrl: string;
}

/**
 * A scratch database and Redis prefix, migrated with the real CLI, and the api and worker started as
 * two separate processes — the production shape, on loopback.
 */
export async function startStack(opts: StackOptions): Promise<BenchStack> {
  const tag = randomBytes(4).toString('hex');
  const dbName = `murmur_bench_${tag}`;
  const prefix = `murmur-bench-${tag}`;
  await adminQuery(opts.pgAdminUrl, `CREATE DATABASE ${dbName}`);
  const u = new URL(opts.pgAdminUrl);
  u.pathname = `/${dbName}`;
  const databaseUrl = u.toString();
  const port = await freePort();
  const password = randomBytes(12).toString('base64url');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: databaseUrl,
    REDIS_URL: opts.redisUrl,
    REDIS_PREFIX: prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    MURMUR_SECRET_KEY: randomBytes(32).toString('hex'),
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    DB_MIGRATE: 'check',
    MURMUR_SEED_DEMO: 'false',
    MURMUR_ADMIN_EMAIL: 'bench@murmur.local',
    MURMUR_ADMIN_PASSWORD: password,
  };
  // Tuning knobs pass through, so their effect can be measured.
  for (const key of [
    'INGEST_CONCURRENCY',
    'INGEST_LINGER_MS',
    'INBOUND_STAGE_LINGER_MS',
    'SWEEP_INTERVAL_MS',
    'DATABASE_PREPARED_STATEMENTS',
  ]) {
    const value = process.env[key];
    if (value) env[key] = value;
  }
  const children: ChildProcess[] = [];
  let stopSampling = (): void => undefined;
  const stop = async (): Promise<void> => {
    stopSampling();
    await Promise.all(children.map((c) => stopChild(c)));
    await adminQuery(opts.pgAdminUrl, `DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await deletePrefix(opts.redisUrl, prefix).catch(() => undefined);
  };
  try {
    await run([...entry('tools/db/cli.ts'), 'migrate'], env);
    // The api seeds one workspace with a webhook channel and prints the channel's URL and secret once.
    const api = await startChild(
      'api',
      entry('apps/api/src/main.ts'),
      { ...env, MURMUR_SEED_DEMO: 'true' },
      /secret:\s+(\S+)/,
    );
    children.push(api.child);
    const worker = await startChild(
      'worker',
      entry('apps/worker/src/main.ts'),
      { ...env, LOG_LEVEL: 'info' },
      /worker started/,
    );
    children.push(worker.child);
    const inboundUrl = /inbound URL:\s+(\S+)/.exec(api.output())?.[1];
    const secret = /signing secret:\s+(\S+)/.exec(api.output())?.[1];
    const redisPid = await redisProcessId(opts.redisUrl);
    const postgres = new BackendsCpu(dbName);
    stopSampling = postgres.sample();
    if (!inboundUrl || !secret) throw new Error(`api did not print the demo channel:\n${api.output()}`);
    return {
      apiUrl: env.PUBLIC_URL!,
      inboundUrl,
      secret,
      email: env.MURMUR_ADMIN_EMAIL!,
      password,
      databaseUrl,
      cpuSeconds: () => ({
        api: processCpuSeconds(api.child.pid!),
        worker: processCpuSeconds(worker.child.pid!),
        postgres: postgres.seconds(),
        redis: redisPid ? processCpuSeconds(redisPid) : 0,
      }),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

const TICKS_PER_SECOND = 100;

/** utime + stime of a live process from /proc (Linux); 0 where /proc is not available. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/**
 * CPU of the PostgreSQL backends serving one database (their process title names it). Backends come
 * and go with the connection pools, so each one's last reading is kept after it exits (sampled every
 * 250 ms; at most that much of an exiting backend's time is missed).
 */
class BackendsCpu {
  private readonly lastSeen = new Map<number, number>();

  constructor(private readonly dbName: string) {}

  sample(): () => void {
    const timer = setInterval(() => this.read(), 250);
    timer.unref();
    return () => clearInterval(timer);
  }

  seconds(): number {
    this.read();
    let total = 0;
    for (const s of this.lastSeen.values()) total += s;
    return total;
  }

  private read(): void {
    let entries: string[];
    try {
      entries = readdirSync('/proc');
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (cmdline.startsWith('postgres:') && cmdline.includes(` ${this.dbName} `)) {
          this.lastSeen.set(Number(entry), processCpuSeconds(Number(entry)));
        }
      } catch {
        // the process ended meanwhile
      }
    }
  }
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function countMessages(databaseUrl: string): Promise<number> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query<{ n: number }>('SELECT count(*)::int AS n FROM message');
    return r.rows[0]!.n;
  } finally {
    await c.end();
  }
}

/**
 * When each stored message's ingest transaction began (`message.created_at`, epoch milliseconds), by
 * platform message id, for the ids with the given prefix.
 */
export async function messageCreatedAt(databaseUrl: string, idPrefix: string): Promise<Map<string, number>> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const r = await c.query<{ id: string; t: number }>(
      `SELECT platform_message_id AS id, (extract(epoch FROM created_at) * 1000)::float8 AS t
         FROM message WHERE starts_with(platform_message_id, $1)`,
      [idPrefix],
    );
    return new Map(r.rows.map((row) => [row.id, row.t]));
  } finally {
    await c.end();
  }
}

/**
 * Refreshes the planner statistics of the scratch database. Created empty, its tables have none, and
 * autovacuum analyzes at most once a minute: without this the planner would keep planning for empty
 * tables (sequential scans instead of primary-key lookups) while the benchmark fills them, which a
 * database in service does not do.
 */
export async function analyzeDatabase(databaseUrl: string): Promise<void> {
  const c = new Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    await c.query('ANALYZE');
  } finally {
    await c.end();
  }
}

/** The Redis server's process id when it runs on this machine (loopback), for its CPU time. */
async function redisProcessId(redisUrl: string): Promise<number | undefined> {
  const host = new URL(redisUrl).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost' && host !== '::1') return undefined;
  const r = new Redis(redisUrl);
  try {
    const pid = /process_id:(\d+)/.exec(await r.info('server'))?.[1];
    return pid ? Number(pid) : undefined;
  } finally {
    r.disconnect();
  }
}

async function deletePrefix(redisUrl: string, prefix: string): Promise<void> {
  const r = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

function run(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: 'pipe' });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} failed:\n${out}`))));
  });
}

/** BENCH_PROFILE=<dir> writes a V8 CPU profile of the api and the worker there (open in Chrome DevTools). */
const PROFILE_DIR = process.env.BENCH_PROFILE;

async function startChild(
  name: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<{ child: ChildProcess; output: () => string }> {
  const profile = PROFILE_DIR
    ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`, `--cpu-prof-name=${name}.cpuprofile`]
    : [];
  const nodeFlags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...profile, ...nodeFlags, ...args], {
    cwd: ROOT,
    env,
    stdio: 'pipe',
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start:\n${out}`)), 90_000);
    const check = (): void => {
      if (ready.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${out}`));
    });
  });
  try {
    await started;
  } catch (err) {
    // A process that never became ready is not in the stack's list yet: stop it here.
    await stopChild(child);
    throw err;
  }
  return { child, output: () => out };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}
