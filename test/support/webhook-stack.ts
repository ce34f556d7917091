import type { ProcessRole } from '@scrm/config';
import type { RunningApi } from '../../apps/api/src/api-app';
import {
  createTenant,
  createWebhookChannel,
  startInProcess,
  type TenantFixture,
  type WebhookChannel,
} from './murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './test-services';

export interface WebhookStack {
  db: Awaited<ReturnType<typeof createTestDatabase>>;
  redis: ReturnType<typeof createRedisPrefix>;
  api: RunningApi;
  tenant: TenantFixture;
  channel: WebhookChannel;
}

/**
 * The usual stack of a test file that drives one workspace through one webhook channel: a database and
 * a Redis prefix of its own, the app started in-process as `role`, a tenant and its channel. Registers
 * the file's beforeAll and afterAll; the fields are set once the beforeAll has run.
 */
export function useWebhookStack(role: ProcessRole, tenantName: string): WebhookStack {
  const stack: Partial<WebhookStack> & Pick<WebhookStack, 'redis'> = { redis: createRedisPrefix() };
  beforeAll(async () => {
    const db = (stack.db = await createTestDatabase());
    const api = (stack.api = await startInProcess(role, { databaseUrl: db.url, redisPrefix: stack.redis.prefix }));
    stack.tenant = await createTenant(api, tenantName);
    stack.channel = await createWebhookChannel(stack.tenant.client);
  });
  afterAll(async () => {
    await stack.api?.close();
    await stack.db?.drop();
    await stack.redis.cleanup();
  });
  return stack as WebhookStack;
}

/** The contact that owns `sender`'s identity, once its message `text` is stored. */
export function contactOfMessage(dbUrl: string, workspaceId: string, sender: string, text: string): Promise<string> {
  return waitFor(`${sender}'s message`, () =>
    withDb(dbUrl, async (c) => {
      const r = await c.query<{ contact_id: string }>(
        `SELECT i.contact_id FROM message m JOIN identity i ON i.id = m.author_identity_id
          WHERE m.workspace_id = $1 AND i.platform_user_id = $2 AND m.text = $3`,
        [workspaceId, sender, text],
      );
      return r.rows[0]?.contact_id;
    }),
  );
}
