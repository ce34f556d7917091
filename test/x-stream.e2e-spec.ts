import type { RunningApi } from '../apps/api/src/api-app';
import { XApiFake } from './fakes/x-api-fake';
import { createTenant, startInProcess, type TenantFixture } from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

jest.setTimeout(120_000);

/** Listening on X's filtered stream: rules synced from the queries, hits stored, reconnect after a drop. */
describe('X filtered stream', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let fake: XApiFake;

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = new XApiFake('100');
    fake.addUser({ id: '300', name: 'Bob', username: 'bob', followers: 40 });
    await fake.start();
    api = await startInProcess('all', {
      databaseUrl: db.url,
      redisPrefix: redis.prefix,
      extra: { SESSION_RECONCILE_MS: '200' },
    });
    tenant = await createTenant(api, 'Stream Co');
  });

  afterAll(async () => {
    await api?.close();
    await fake?.close();
    await db?.drop();
    await redis.cleanup();
  });

  const mentions = (): Promise<string[]> =>
    withDb(db.url, async (c) =>
      (await c.query(`SELECT data->>'postId' AS id FROM timeline_event WHERE kind = 'x.mention'`)).rows.map(
        (r: { id: string }) => r.id,
      ),
    );

  it('syncs the rules, stores stream hits, and reconnects after the stream drops', async () => {
    fake.rules.push({ id: '1', value: 'old query', tag: 'murmur:0000000000000000' });
    fake.rules.push({ id: '2', value: 'someone else’s rule', tag: 'other-app' });
    const created = await tenant.client.call<{ id: string }>('POST', '/api/v1/channels', {
      type: 'x',
      name: 'X',
      config: {
        bearerToken: 'b',
        appKey: 'k',
        appSecret: 's',
        accessToken: 't',
        accessSecret: 'a',
        userId: '100',
        queries: ['murmurcrm'],
        stream: true,
        apiBaseUrl: fake.url,
        pollSeconds: 1,
      },
    });
    expect(created.status).toBe(201);
    await waitFor(
      'the stream connected',
      async () => fake.streamConnections >= 1 && fake.rules.some((r) => r.value === 'murmurcrm'),
    );
    expect(fake.rules.map((r) => r.value).sort()).toEqual(['murmurcrm', 'someone else’s rule']);

    const first = fake.addPost({ text: 'murmurcrm keeps crashing', author_id: '300' });
    expect(fake.pushToStream(first)).toBe(1);
    await waitFor('the first hit', async () => (await mentions()).includes(first.id));

    fake.dropStreams();
    await waitFor(
      'the stream reconnected',
      async () => fake.streamConnections >= 2 && fake.pushToStream(fake.posts[0]!) >= 1,
    );
    const second = fake.addPost({ text: 'murmurcrm works again', author_id: '300' });
    fake.pushToStream(second);
    await waitFor('the hit after the reconnect', async () => (await mentions()).includes(second.id));
    expect((await mentions()).filter((id) => id === first.id)).toHaveLength(1);
    // With the stream on, the queries are not also polled through search.
    expect(fake.requests.some((r) => r.path === '/2/tweets/search/recent')).toBe(false);
    expect(fake.violations).toEqual([]);
  });
});
