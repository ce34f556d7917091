import type { AppConfig } from '@scrm/config';
import { RedisConnections } from './redis-connections';

describe('RedisConnections', () => {
  // Nothing listens on port 1: every command fails at once on a fail-fast client.
  const connections = new RedisConnections({ redisUrl: 'redis://127.0.0.1:1', redisPrefix: 't' } as AppConfig);

  afterAll(() => connections.onApplicationShutdown());

  it('turns a failed unawaited publish into a logged 0 instead of a rejection', async () => {
    const client = connections.create('spec', { failFast: true, unawaitedCommands: true });
    await expect(client.publish('c', 'm')).resolves.toBe(0);
  });

  it('turns failed unawaited (un)subscribes into a logged 0 as well', async () => {
    const client = connections.create('spec', { failFast: true, unawaitedCommands: true });
    await expect(client.subscribe('c')).resolves.toBe(0);
    await expect(client.punsubscribe('c*')).resolves.toBe(0);
  });

  it('shuts down at once while Redis is unreachable, failing what was waiting for it', async () => {
    const own = new RedisConnections({ redisUrl: 'redis://127.0.0.1:1', redisPrefix: 't' } as AppConfig);
    // Not fail-fast: the client keeps reconnecting and holds its commands until Redis comes back.
    const client = own.create('spec');
    const waiting = client.get('k');
    await own.onApplicationShutdown();
    await expect(waiting).rejects.toThrow('Connection is closed');
    expect(client.status).toBe('end');
  });

  it('leaves other clients publishing as ioredis does', async () => {
    const client = connections.create('spec', { failFast: true });
    await expect(client.publish('c', 'm')).rejects.toThrow();
  });
});
