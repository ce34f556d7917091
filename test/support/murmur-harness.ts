import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { AppConfig, type ProcessRole } from '@scrm/config';
import { AuthService } from '@scrm/auth';
import { WorkspaceService } from '@scrm/workspace';
import { signWebhook } from '@scrm/connector-webhook';
import { startApi, type RunningApi } from '../../apps/api/src/api-app';
import { REDIS_URL, TEST_JWT_SECRET, TEST_SECRET_KEY } from './env';

export const ROOT = join(__dirname, '..', '..');

export interface StackEnv {
  databaseUrl?: string;
  redisPrefix?: string;
  dataDir?: string;
  extra?: Record<string, string>;
}

export function stackEnv(s: StackEnv): Record<string, string> {
  const env: Record<string, string> = {
    JWT_SECRET: TEST_JWT_SECRET,
    MURMUR_SECRET_KEY: TEST_SECRET_KEY,
    LOG_LEVEL: 'warn',
    MURMUR_SEED_DEMO: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    ...(s.extra ?? {}),
  };
  if (s.databaseUrl) {
    env.DATABASE_URL = s.databaseUrl;
    env.DB_MIGRATE = 'check';
  }
  if (s.redisPrefix) {
    env.REDIS_URL = REDIS_URL;
    env.REDIS_PREFIX = s.redisPrefix;
  }
  if (s.dataDir) env.DATA_DIR = s.dataDir;
  return env;
}

/** Boots the api in this process (role `all` also consumes jobs). */
export async function startInProcess(role: ProcessRole, s: StackEnv): Promise<RunningApi> {
  const port = await freePort();
  const env = { ...stackEnv(s), PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` };
  return startApi(new AppConfig(role, env));
}

// Children still running when the test process exits (a failed or timed-out test) are killed with it.
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** Kills whatever this test file spawned and did not stop (a failed or timed-out start). */
export async function killSpawned(): Promise<void> {
  await Promise.all([...live].map((child) => stopProcess(child, 'SIGKILL')));
}

export interface SpawnedProcess {
  child: ChildProcess;
  output: () => string;
  match: RegExpMatchArray;
}

/** Spawns a real process (`api` or `worker`) from the TypeScript sources and waits until it is up. */
export async function spawnProcess(
  kind: 'api' | 'worker' | 'all',
  env: Record<string, string>,
  readyPattern: RegExp,
  startTimeoutMs = 120_000,
): Promise<SpawnedProcess> {
  const entry = kind === 'worker' ? 'apps/worker/src/main.ts' : 'apps/api/src/main.ts';
  const args = ['-r', '@swc-node/register', entry, ...(kind === 'all' ? ['--with-worker'] : [])];
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(DATABASE_URL|REDIS_URL|REDIS_PREFIX|DATA_DIR|PORT|MURMUR_|JWT_SECRET|DB_MIGRATE)/.test(k),
    ),
  );
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...clean, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} did not start in time:\n${out}`));
    }, startTimeoutMs);
    const check = (): void => {
      const m = out.match(readyPattern);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited with ${code} before it was ready:\n${out}`));
    });
  });
  return { child, output: () => out, match };
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  // A process ended by a signal has no exit code, only a signal code.
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

/** A separate api process on PostgreSQL + Redis, reachable at `url` (its banner is the ready signal). */
export async function spawnApi(s: StackEnv): Promise<SpawnedProcess & { url: string }> {
  const port = await freePort();
  const env = { ...stackEnv(s), PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` };
  const p = await spawnProcess('api', env, /Murmur is running at (\S+)/);
  return { ...p, url: p.match[1]! };
}

/** A separate worker process consuming the same Redis queues. */
export function spawnWorker(s: StackEnv): Promise<SpawnedProcess> {
  // Its ready line is an info-level log.
  return spawnProcess('worker', { ...stackEnv(s), LOG_LEVEL: 'info' }, /"msg":"worker started"/);
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    public token?: string,
  ) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body: parsed as T };
  }

  async login(email: string, password: string): Promise<void> {
    const r = await this.call<{ accessToken: string }>('POST', '/api/v1/auth/login', { email, password });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.token = r.body.accessToken;
  }
}

export interface TenantFixture {
  workspaceId: string;
  userId: string;
  email: string;
  password: string;
  client: ApiClient;
}

/** A workspace with an owner, created through the app's own services, and a logged-in client. */
export async function createTenant(api: RunningApi, name: string): Promise<TenantFixture> {
  const email = `${name.toLowerCase().replace(/\W+/g, '-')}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const password = 'correct horse battery staple';
  const userId = await api.app.get(AuthService).createUser(email, name, password);
  const ws = await api.app.get(WorkspaceService).createWithOwner(name, userId);
  const client = new ApiClient(api.url);
  await client.login(email, password);
  return { workspaceId: ws.id, userId, email, password, client };
}

export interface WebhookChannel {
  id: string;
  inboundUrl: string;
  secret: string;
}

export async function createWebhookChannel(client: ApiClient, callbackUrl?: string): Promise<WebhookChannel> {
  const r = await client.call<WebhookChannel>('POST', '/api/v1/channels', {
    type: 'webhook',
    name: 'API channel',
    config: callbackUrl ? { callbackUrl } : {},
  });
  if (r.status !== 201) throw new Error(`channel create failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

export interface InboundMessage {
  messageId: string;
  sender: { id: string; name?: string };
  text: string;
  timestamp?: string;
  attachments?: unknown[];
}

export async function postInbound(
  channel: Pick<WebhookChannel, 'inboundUrl' | 'secret'>,
  message: InboundMessage | string,
  opts: { timestamp?: number; signature?: string | null; url?: string } = {},
): Promise<{ status: number; body: unknown }> {
  const body = typeof message === 'string' ? message : JSON.stringify(message);
  const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-murmur-timestamp': ts };
  const sig = opts.signature === undefined ? signWebhook(channel.secret, ts, body) : opts.signature;
  if (sig !== null) headers['x-murmur-signature'] = sig;
  const res = await fetch(opts.url ?? channel.inboundUrl, { method: 'POST', headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body: parsed };
}

/** A socket.io client that records every event it receives. */
export async function connectSocket(
  baseUrl: string,
  token: string,
): Promise<{ socket: Socket; events: { name: string; payload: unknown }[] }> {
  const socket = io(baseUrl, { path: '/socket.io', auth: { token }, transports: ['websocket'], reconnection: false });
  const events: { name: string; payload: unknown }[] = [];
  socket.onAny((name: string, payload: unknown) => events.push({ name, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => {
      socket.disconnect();
      reject(err);
    });
  });
  return { socket, events };
}

export interface ReceivedCallback {
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local HTTP server standing in for a customer system's callback endpoint. */
export async function startCallbackServer(respond: (n: number) => number = () => 200): Promise<{
  url: string;
  received: ReceivedCallback[];
  close(): Promise<void>;
}> {
  const received: ReceivedCallback[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = respond(received.length);
      res.end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}
