import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './murmur-harness';
import { waitFor } from './test-services';

/**
 * A Redis server of the test's own on a free loopback port, for tests that change server settings or
 * stop Redis: the shared Redis other suites use is never touched.
 */
export class ThrowawayRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<ThrowawayRedis> {
    const r = new ThrowawayRedis(await freePort());
    await r.up();
    return r;
  }

  /** (Re)starts the server on the same port, without persistence. */
  async up(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await waitFor('throwaway redis', () => this.command((c) => c.ping()).then((p) => p === 'PONG'));
  }

  async down(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async command<T>(fn: (c: Redis) => Promise<T>): Promise<T> {
    const c = new Redis(this.url, { maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    try {
      await c.connect();
      return await fn(c);
    } finally {
      c.disconnect();
    }
  }
}
