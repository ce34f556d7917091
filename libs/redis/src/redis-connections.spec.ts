import type { AppConfig } from '@scrm/config';
import { RedisConnections } from './redis-connections';

describe('RedisConnections', () => {
  // Nothing listens on port 1: every command fails at once on a fail-fast client.
  const connections = new RedisConnections({ redisUrl: 'redis://127.0.0.1:1', redisPrefix: 't' } as AppConfig);

  afterAll(() => connections.onApplicationShutdown());

  it('turns a failed unawaited publish into a logged 0 instead of a rejection', async () => {
    const client = connections.create('spec', { failFast: true, unawaitedPublish: true });
    await expect(client.publish('c', 'm')).resolves.toBe(0);
  });

  it('leaves other clients publishing as ioredis does', async () => {
    const client = connections.create('spec', { failFast: true });
    await expect(client.publish('c', 'm')).rejects.toThrow();
  });
});
