import { IngestService } from '@scrm/ingest';
import type { RunningApi } from '../apps/api/src/api-app';
import { createTenant, createWebhookChannel, startInProcess, type TenantFixture } from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

// Boots real services on a shared, loaded machine: generous hook and test timeouts.
jest.setTimeout(120_000);

/**
 * Files a live connector session hands over inline (a wechaty image) are stored size-capped and
 * served only to their own workspace through an authenticated URL.
 */
describe('stored attachments', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let other: TenantFixture;
  let channelId: string;
  const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(500, 7)]);

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startInProcess('all', {
      databaseUrl: db.url,
      redisPrefix: redis.prefix,
      extra: { ATTACHMENT_MAX_BYTES: '2048' },
    });
    tenant = await createTenant(api, 'Files Co');
    other = await createTenant(api, 'Other Co');
    channelId = (await createWebhookChannel(tenant.client)).id;
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  const accept = (id: string, content: Buffer, name: string): Promise<void> =>
    api.app
      .get(IngestService)
      .acceptFromSession(
        { workspaceId: tenant.workspaceId, channelId, channelType: 'webhook', identityScope: 'channel' },
        [
          {
            platformMessageId: id,
            threadKey: 'peer-1',
            sender: { platformUserId: 'peer-1', displayName: 'Peer' },
            text: '',
            attachments: [
              {
                url: `wechaty-file:${id}`,
                type: 'image',
                name,
                contentType: 'image/png',
                content: content.toString('base64'),
              },
            ],
            sentAt: new Date().toISOString(),
          },
        ],
      );

  const attachmentsOf = (id: string): Promise<{ url: string; size?: number; content?: string }[]> =>
    waitFor(`message ${id}`, async () => {
      const rows = await withDb(
        db.url,
        async (c) => (await c.query(`SELECT attachments FROM message WHERE platform_message_id = $1`, [id])).rows,
      );
      return rows[0]?.attachments as { url: string; size?: number; content?: string }[] | undefined;
    });

  it('stores a file and serves it to its workspace only', async () => {
    await accept('img-1', png, 'photo.png');
    const [a] = await attachmentsOf('img-1');
    expect(a!.url).toMatch(/^\/api\/v1\/attachments\/[0-9a-f-]{36}$/);
    expect(a!.size).toBe(png.length);
    expect(a!.content).toBeUndefined();

    const res = await fetch(`${api.url}${a!.url}`, { headers: { authorization: `Bearer ${tenant.client.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('content-disposition')).toBe('attachment');
    expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);

    expect((await fetch(`${api.url}${a!.url}`)).status).toBe(401);
    const foreign = await fetch(`${api.url}${a!.url}`, { headers: { authorization: `Bearer ${other.client.token}` } });
    expect(foreign.status).toBe(404);
  });

  it('keeps only the reference of a file over the size cap', async () => {
    await accept('img-big', Buffer.alloc(4096, 1), 'big.png');
    const [a] = await attachmentsOf('img-big');
    expect(a).toEqual({
      url: 'wechaty-file:img-big',
      type: 'image',
      name: 'big.png',
      contentType: 'image/png',
      size: 4096,
    });
    const stored = await withDb(db.url, async (c) =>
      Number((await c.query('SELECT count(*) AS n FROM attachment')).rows[0].n),
    );
    expect(stored).toBe(1);
  });
});
