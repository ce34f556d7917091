/**
 * `npm run bench`: signed inbound messages through the webhook API channel, against real PostgreSQL and
 * Redis, with the api and the worker as separate processes and socket.io clients watching the inbox.
 *
 * Phases: a short warm-up (then a burst that opens the sender's 256 connections, and ANALYZE,
 * as autovacuum would have done on a database in service), a fixed offered rate (default 500 msg/s),
 * then saturation (a closed loop of concurrent senders). For each measured phase it reports the
 * sustained rate of messages persisted and published (`message.created` seen by a client) and the
 * latency from the inbound POST to that event, as JSON.
 *
 * Options (`npm run bench -- --rate=500 ...`): --rate, --seconds, --saturation (message count),
 * --concurrency (saturation senders), --clients (socket.io watchers), --warmup (message count),
 * --maxSeconds (saturation sending time cap).
 * Environment: BENCH_PG_URL (admin connection, default postgres://postgres@127.0.0.1:5432/postgres),
 * BENCH_REDIS_URL (default redis://127.0.0.1:6379), BENCH_PROFILE (a folder for V8 CPU profiles of the api
 * and the worker), BENCH_NODE_FLAGS (extra Node flags for both). Loopback only; a scratch database and Redis
 * prefix are created and removed.
 */
import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { signWebhook } from '@scrm/connector-webhook';
import {
  analyzeDatabase,
  countMessages,
  messageCreatedAt,
  processCpuSeconds,
  startStack,
  type BenchStack,
} from './bench-stack';
import { percentiles, type Percentiles } from './bench-stats';
import type { WatcherCommand, WatcherReply } from './socket-watchers';

interface Options {
  rate: number;
  seconds: number;
  saturation: number;
  concurrency: number;
  clients: number;
  warmup: number;
  /** Saturation stops sending after this many seconds even if not all messages went out. */
  maxSeconds: number;
}

interface Sent {
  at: number;
  status: number;
  /** When the HTTP answer arrived; unset for a request that failed. */
  answeredAt?: number;
}

interface PhaseResult {
  phase: string;
  offeredRate: number | null;
  messages: number;
  accepted: number;
  rejected: number;
  /** HTTP status (or `network` for a failed connection) → count, for what was not accepted. */
  rejections: Record<string, number>;
  sendSeconds: number;
  /** Messages persisted and published per second: count / (last event − first send). */
  sustainedPerSecond: number;
  /** Inbound POST start → `message.created` at the first client, and at the last of all clients. */
  latencyMs: { firstClient: Percentiles; allClients: Percentiles };
  httpAcceptMs: Percentiles;
  stagesMs: { accepted: Percentiles; acceptedToStored: Percentiles; storedToFirstClient: Percentiles };
  delivered: { toFirstClient: number; toAllClients: number };
  /**
   * CPU milliseconds per message spent by the api, the worker and PostgreSQL during the phase — a
   * figure that, unlike rates, does not depend on what else the machine is running.
   */
  cpuMsPerMessage: { api: number; worker: number; postgres: number };
  /**
   * The rest of the machine's work per message: the Redis server (all of its clients), this
   * process (HTTP client, signing) and the socket.io watchers' process.
   */
  harnessCpuMsPerMessage: { redis: number; sender: number; watchers: number };
}

const wallClock = (): number => performance.timeOrigin + performance.now();

function parseOptions(argv: string[]): Options {
  const opts: Options = {
    rate: 500,
    seconds: 20,
    saturation: 20_000,
    concurrency: 96,
    clients: 20,
    warmup: 1000,
    maxSeconds: 60,
  };
  for (const arg of argv) {
    const m = /^--(\w+)=(\d+)$/.exec(arg);
    if (!m || !(m[1]! in opts)) throw new Error(`unknown option ${arg}`);
    opts[m[1] as keyof Options] = Number(m[2]);
  }
  return opts;
}

/**
 * A pool of at most `maxSockets` keep-alive connections, kept from phase to phase as a webhook sender in
 * service keeps its pool (the api holds idle connections for `HTTP_KEEPALIVE_SECONDS`, longer than the
 * pauses between phases); a request finding every connection busy waits for one, and that wait counts
 * in its latency. A phase that opened a hundred new connections at once measured, in its first
 * seconds, how long this machine takes to accept them rather than the pipeline.
 */
class Sender {
  private readonly agent: Agent;
  private readonly url: URL;

  constructor(
    inboundUrl: string,
    private readonly secret: string,
    maxSockets: number,
  ) {
    this.url = new URL(inboundUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  /** POSTs one signed message; resolves with the HTTP status and when the answer came. */
  post(messageId: string, senderId: string): Promise<{ status: number; answeredAt: number }> {
    const body = JSON.stringify({
      messageId,
      sender: { id: senderId, name: `Customer ${senderId}` },
      text: `benchmark message ${messageId}: where is my order? it was due yesterday`,
      timestamp: new Date().toISOString(),
      attachments: [],
    });
    const ts = String(Math.floor(Date.now() / 1000));
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-murmur-timestamp': ts,
            'x-murmur-signature': signWebhook(this.secret, ts, body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, answeredAt: wallClock() }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

class Watchers {
  private readonly child: ChildProcess;
  private pending: ((r: WatcherReply) => void) | undefined;

  constructor() {
    this.child = fork(join(__dirname, 'socket-watchers.ts'), [], { execArgv: ['-r', '@swc-node/register'] });
    this.child.on('message', (r: WatcherReply) => {
      const p = this.pending;
      this.pending = undefined;
      p?.(r);
    });
  }

  ask(cmd: WatcherCommand): Promise<WatcherReply> {
    return new Promise((resolve) => {
      this.pending = resolve;
      this.child.send(cmd);
    });
  }

  cpuSeconds(): number {
    return this.child.pid ? processCpuSeconds(this.child.pid) : 0;
  }

  stop(): void {
    if (this.child.connected) this.child.send({ type: 'stop' } satisfies WatcherCommand);
  }
}

const round = (n: number): number => Math.round(n * 10) / 10;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends `count` messages at `rate`/s (open loop) or as fast as `concurrency` senders allow (closed loop). */
async function drive(
  sender: Sender,
  phase: string,
  count: number,
  mode: { rate: number } | { concurrency: number; maxSeconds: number },
): Promise<Map<string, Sent>> {
  const sent = new Map<string, Sent>();
  const inFlight = new Set<Promise<void>>();
  const one = (i: number, at: number): Promise<void> => {
    const id = `${phase}-${i}`;
    const entry: Sent = { at, status: 0 };
    sent.set(id, entry);
    const p = sender
      .post(id, `c-${i % 400}`)
      .then(
        (r) => {
          entry.status = r.status;
          entry.answeredAt = r.answeredAt;
        },
        () => {
          entry.status = -1;
        },
      )
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };
  if ('rate' in mode) {
    const t0 = wallClock();
    let next = 0;
    while (next < count) {
      const due = Math.min(count, Math.floor(((wallClock() - t0) * mode.rate) / 1000) + 1);
      // Latency is measured from the scheduled instant, so a sender falling behind is not hidden.
      for (; next < due; next++) void one(next, t0 + (next * 1000) / mode.rate);
      await sleep(2);
    }
  } else {
    let next = 0;
    const stopAt = wallClock() + mode.maxSeconds * 1000;
    const lane = async (): Promise<void> => {
      while (next < count && wallClock() < stopAt) {
        const i = next++;
        await one(i, wallClock());
      }
    };
    await Promise.all(Array.from({ length: mode.concurrency }, lane));
  }
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  return sent;
}

async function runPhase(
  stack: BenchStack,
  sender: Sender,
  watchers: Watchers,
  clients: number,
  phase: string,
  count: number,
  mode: { rate: number } | { concurrency: number; maxSeconds: number },
): Promise<PhaseResult> {
  const cpuBefore = stack.cpuSeconds();
  const harnessBefore = harnessCpuSeconds(watchers);
  const started = wallClock();
  const sent = await drive(sender, phase, count, mode);
  const sendSeconds = (wallClock() - started) / 1000;
  const accepted = [...sent.values()].filter((s) => s.status === 202).length;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const p = await watchers.ask({ type: 'progress' });
    if (p.type === 'progress' && p.complete >= accepted) break;
    if (Date.now() > deadline) break;
    await sleep(100);
  }
  const cpuAfter = stack.cpuSeconds();
  const harnessAfter = harnessCpuSeconds(watchers);
  const report = await watchers.ask({ type: 'collect' });
  const rows = report.type === 'report' ? report.rows : [];
  const first: number[] = [];
  const all: number[] = [];
  let lastEvent = started;
  let firstSend = Infinity;
  for (const [id, firstAt, lastAt, n] of rows) {
    const s = sent.get(id);
    if (!s) continue;
    firstSend = Math.min(firstSend, s.at);
    lastEvent = Math.max(lastEvent, firstAt);
    first.push(firstAt - s.at);
    if (n === clients) all.push(lastAt - s.at);
  }
  // Where the time goes: POST → 202 (staged), 202 → the ingest transaction that stored the message
  // began (its created_at), and that → message.created at the first client.
  const storedAt = await messageCreatedAt(stack.databaseUrl, `${phase}-`);
  const staged: number[] = [];
  const queued: number[] = [];
  const published: number[] = [];
  /** Per message: sent at, to the first client, and the three stages (ms), for `BENCH_SAMPLES`. */
  const samples: number[][] = [];
  for (const [id, firstAt] of rows) {
    const s = sent.get(id);
    const at = storedAt.get(id);
    if (!s?.answeredAt || at === undefined) continue;
    staged.push(s.answeredAt - s.at);
    queued.push(at - s.answeredAt);
    published.push(firstAt - at);
    samples.push([s.at, firstAt - s.at, s.answeredAt - s.at, at - s.answeredAt, firstAt - at]);
  }
  if (process.env.BENCH_SAMPLES) {
    writeFileSync(
      join(process.env.BENCH_SAMPLES, `${phase}.json`),
      JSON.stringify(samples.sort((a, b) => a[0] - b[0])),
    );
  }
  const http = [...sent.values()].map((s) => (s.answeredAt ?? NaN) - s.at).filter((n) => Number.isFinite(n));
  const rejections: Record<string, number> = {};
  for (const s of sent.values()) {
    if (s.status === 202) continue;
    const key = s.status === -1 ? 'network' : String(s.status);
    rejections[key] = (rejections[key] ?? 0) + 1;
  }
  /** CPU seconds spent in the phase, as milliseconds per message delivered. */
  const msPerMessage = (seconds: number): number => Math.round((seconds * 100_000) / Math.max(1, first.length)) / 100;
  return {
    phase,
    offeredRate: 'rate' in mode ? mode.rate : null,
    messages: sent.size,
    accepted,
    rejected: sent.size - accepted,
    rejections,
    sendSeconds: round(sendSeconds),
    sustainedPerSecond: Math.round(first.length / ((lastEvent - firstSend) / 1000)),
    latencyMs: { firstClient: percentiles(first), allClients: percentiles(all) },
    httpAcceptMs: percentiles(http),
    stagesMs: {
      accepted: percentiles(staged),
      acceptedToStored: percentiles(queued),
      storedToFirstClient: percentiles(published),
    },
    delivered: { toFirstClient: first.length, toAllClients: all.length },
    cpuMsPerMessage: {
      api: msPerMessage(cpuAfter.api - cpuBefore.api),
      worker: msPerMessage(cpuAfter.worker - cpuBefore.worker),
      postgres: msPerMessage(cpuAfter.postgres - cpuBefore.postgres),
    },
    harnessCpuMsPerMessage: {
      redis: msPerMessage(cpuAfter.redis - cpuBefore.redis),
      sender: msPerMessage(harnessAfter.sender - harnessBefore.sender),
      watchers: msPerMessage(harnessAfter.watchers - harnessBefore.watchers),
    },
  };
}

function harnessCpuSeconds(watchers: Watchers): { sender: number; watchers: number } {
  const own = process.cpuUsage();
  return { sender: (own.user + own.system) / 1e6, watchers: watchers.cpuSeconds() };
}

async function login(stack: BenchStack): Promise<string> {
  const res = await fetch(`${stack.apiUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: stack.email, password: stack.password }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const machine = {
    date: new Date().toISOString(),
    nproc: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: loadavg().map(round),
  };
  process.stderr.write(`starting PostgreSQL database, api and worker processes…\n`);
  const stack = await startStack({
    pgAdminUrl: process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redisUrl: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
  });
  const watchers = new Watchers();
  const connections = Math.max(opts.concurrency, 256);
  const sender = new Sender(stack.inboundUrl, stack.secret, connections);
  try {
    const token = await login(stack);
    const ready = await watchers.ask({ type: 'start', url: stack.apiUrl, token, clients: opts.clients });
    if (ready.type !== 'ready') throw new Error(`socket clients failed: ${JSON.stringify(ready)}`);
    const phases: PhaseResult[] = [];
    const say = (r: PhaseResult): void => {
      process.stderr.write(
        `${r.phase}: ${r.sustainedPerSecond} msg/s, p50/p95/p99 ${r.latencyMs.firstClient.p50}/` +
          `${r.latencyMs.firstClient.p95}/${r.latencyMs.firstClient.p99} ms\n`,
      );
    };
    const warmup = await runPhase(stack, sender, watchers, opts.clients, 'warmup', opts.warmup, { rate: 250 });
    say(warmup);
    // Every sender's connection is opened before anything is measured (a closed-loop burst, one request
    // per connection at a time), so no measured phase begins by opening a crowd of new connections.
    const pool = await runPhase(stack, sender, watchers, opts.clients, 'connections', connections * 2, {
      concurrency: connections,
      maxSeconds: 60,
    });
    await analyzeDatabase(stack.databaseUrl);
    const fixed = await runPhase(stack, sender, watchers, opts.clients, 'fixed', opts.rate * opts.seconds, {
      rate: opts.rate,
    });
    say(fixed);
    phases.push(fixed);
    const saturation = await runPhase(stack, sender, watchers, opts.clients, 'saturation', opts.saturation, {
      concurrency: opts.concurrency,
      maxSeconds: opts.maxSeconds,
    });
    say(saturation);
    phases.push(saturation);
    const stored = await countMessages(stack.databaseUrl);
    const summary = {
      benchmark: 'ingest: signed webhook POST → persisted → message.created on socket.io',
      machine,
      setup: {
        processes: 'api and worker as separate Node processes; PostgreSQL and Redis (BullMQ) on loopback',
        plannerStatistics: 'ANALYZE after the warm-up',
        socketClients: opts.clients,
        senders: `${opts.rate} msg/s open loop, then ${opts.concurrency} concurrent closed-loop senders`,
        messagesStored: stored,
        messagesAccepted: phases.reduce((n, p) => n + p.accepted, warmup.accepted + pool.accepted),
      },
      phases,
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  } finally {
    sender.close();
    watchers.stop();
    await stack.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
