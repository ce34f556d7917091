import type { Socket } from 'socket.io-client';
import { verifyWebhookSignature } from '@scrm/connector-webhook';
import type { RunningApi } from '../apps/api/src/api-app';
import {
  connectSocket,
  createTenant,
  createWebhookChannel,
  postInbound,
  startCallbackServer,
  startInProcess,
  type TenantFixture,
  type WebhookChannel,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

/**
 * One message's whole round trip on real PostgreSQL and Redis (BullMQ): signed inbound → stored →
 * live to the inbox → agent reply → signed callback → delivery status live.
 */
describe('round trip through the API channel', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let callback: Awaited<ReturnType<typeof startCallbackServer>>;
  let channel: WebhookChannel;
  let socket: Socket;
  let events: { name: string; payload: unknown }[];

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startInProcess('all', { databaseUrl: db.url, redisPrefix: redis.prefix });
    tenant = await createTenant(api, 'Round Trip Co');
    callback = await startCallbackServer();
    channel = await createWebhookChannel(tenant.client, callback.url);
    ({ socket, events } = await connectSocket(api.url, tenant.client.token!));
  });

  afterAll(async () => {
    socket?.disconnect();
    await callback?.close();
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('creates the channel with an inbound URL and a secret shown once', async () => {
    expect(channel.inboundUrl).toBe(`${api.url}/api/v1/inbound/${channel.id}`);
    expect(channel.secret).toMatch(/^[0-9a-f]{64}$/);
    const shown = await tenant.client.call<Record<string, unknown>>('GET', `/api/v1/channels/${channel.id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.secret).toBeUndefined();
    expect(JSON.stringify(shown.body)).not.toContain(channel.secret);
    expect(shown.body.secretNames).toEqual(['secret']);
    const stored = await withDb(db.url, (c) =>
      c.query('SELECT secrets_encrypted, config FROM channel WHERE id = $1', [channel.id]),
    );
    expect(stored.rows[0].secrets_encrypted).not.toContain(channel.secret);
  });

  it('carries an inbound message to the database, the live inbox, a reply and its callback', async () => {
    const eventTime = '2026-11-22T10:00:00.000Z';
    const res = await postInbound(channel, {
      messageId: 'ext-1',
      sender: { id: 'u-1', name: 'Alice' },
      text: 'hello, my order has not arrived',
      timestamp: eventTime,
      attachments: [],
    });
    expect(res.status).toBe(202);

    const created = await waitFor('message.created', async () => events.find((e) => e.name === 'message.created'));
    const payload = created.payload as {
      workspaceId: string;
      conversationId: string;
      message: Record<string, unknown>;
    };
    expect(payload.workspaceId).toBe(tenant.workspaceId);
    expect(payload.message).toMatchObject({
      direction: 'in',
      text: 'hello, my order has not arrived',
      platformMessageId: 'ext-1',
      sentAt: eventTime,
      author: { type: 'contact', name: 'Alice' },
    });

    const rows = await withDb(db.url, async (c) => ({
      contacts: (await c.query('SELECT * FROM contact WHERE workspace_id = $1', [tenant.workspaceId])).rows,
      identities: (await c.query('SELECT * FROM identity WHERE workspace_id = $1', [tenant.workspaceId])).rows,
      conversations: (await c.query('SELECT * FROM conversation WHERE workspace_id = $1', [tenant.workspaceId])).rows,
      messages: (await c.query('SELECT * FROM message WHERE workspace_id = $1', [tenant.workspaceId])).rows,
      timeline: (
        await c.query('SELECT kind FROM timeline_event WHERE workspace_id = $1 ORDER BY kind', [tenant.workspaceId])
      ).rows,
      staged: (await c.query('SELECT count(*)::int AS n FROM inbound_event')).rows[0].n as number,
    }));
    expect(rows.contacts).toHaveLength(1);
    expect(rows.contacts[0].name).toBe('Alice');
    expect(rows.identities).toEqual([
      expect.objectContaining({
        channel_type: 'webhook',
        scope_key: channel.id,
        platform_user_id: 'u-1',
        display_name: 'Alice',
      }),
    ]);
    expect(rows.conversations).toEqual([
      expect.objectContaining({ channel_id: channel.id, thread_key: 'u-1', status: 'open', unread_count: 1 }),
    ]);
    expect(rows.messages[0].sent_at.toISOString()).toBe(eventTime);
    expect(rows.timeline.map((r) => r.kind)).toEqual(['conversation.opened', 'message']);
    expect(rows.staged).toBe(0);

    const conversationId = payload.conversationId;
    const reply = await tenant.client.call<{ id: string; deliveryStatus: string }>(
      'POST',
      `/api/v1/conversations/${conversationId}/messages`,
      { text: 'Sorry! Checking now.' },
    );
    expect(reply.status).toBe(201);
    expect(reply.body.deliveryStatus).toBe('pending');

    await waitFor('callback', async () => callback.received.length > 0);
    const cb = callback.received[0]!;
    const ts = cb.headers['x-murmur-timestamp'] as string;
    expect(
      verifyWebhookSignature(channel.secret, ts, Buffer.from(cb.body), cb.headers['x-murmur-signature'] as string),
    ).toBe(true);
    expect(JSON.parse(cb.body)).toMatchObject({
      messageId: reply.body.id,
      conversationId,
      recipient: { id: 'u-1' },
      text: 'Sorry! Checking now.',
    });

    const updated = await waitFor('message.updated sent', async () =>
      events.find(
        (e) =>
          e.name === 'message.updated' &&
          (e.payload as { message: { id: string; deliveryStatus: string } }).message.deliveryStatus === 'sent',
      ),
    );
    expect((updated.payload as { message: { id: string } }).message.id).toBe(reply.body.id);
    expect(events.some((e) => e.name === 'conversation.updated')).toBe(true);

    const timeline = await tenant.client.call<{ items: { kind: string; message?: { direction: string } }[] }>(
      'GET',
      `/api/v1/contacts/${rows.contacts[0].id}/timeline`,
    );
    expect(timeline.status).toBe(200);
    const kinds = timeline.body.items.map((i) => `${i.kind}${i.message ? `:${i.message.direction}` : ''}`);
    // Newest first; the conversation opened at the same instant as the first message arrived.
    expect(kinds[0]).toBe('message:out');
    expect(kinds.slice(1).sort()).toEqual(['conversation.opened', 'message:in']);
  });

  it('reopens a resolved conversation when the customer writes again', async () => {
    const list = await tenant.client.call<{ items: { id: string }[] }>('GET', '/api/v1/conversations');
    const id = list.body.items[0]!.id;
    const resolved = await tenant.client.call<{ status: string }>('PATCH', `/api/v1/conversations/${id}`, {
      status: 'resolved',
    });
    expect(resolved.body.status).toBe('resolved');
    expect(
      (await postInbound(channel, { messageId: 'ext-2', sender: { id: 'u-1' }, text: 'still waiting' })).status,
    ).toBe(202);
    await waitFor('reopen', async () => {
      const c = await tenant.client.call<{ status: string }>('GET', `/api/v1/conversations/${id}`);
      return c.body.status === 'open';
    });
    const resolvedList = await tenant.client.call<{ items: unknown[] }>('GET', '/api/v1/conversations?status=resolved');
    expect(resolvedList.body.items).toHaveLength(0);
  });

  it('marks a reply failed with the reason when the callback keeps refusing it', async () => {
    const refusing = await startCallbackServer(() => 400);
    try {
      const ch = await createWebhookChannel(tenant.client, refusing.url);
      expect((await postInbound(ch, { messageId: 'r-1', sender: { id: 'u-9' }, text: 'hi' })).status).toBe(202);
      const conv = await waitFor('conversation', async () => {
        const l = await tenant.client.call<{ items: { id: string; channelId: string }[] }>(
          'GET',
          `/api/v1/conversations?channelId=${ch.id}`,
        );
        return l.body.items[0];
      });
      const reply = await tenant.client.call<{ id: string }>('POST', `/api/v1/conversations/${conv.id}/messages`, {
        text: 'x',
      });
      const failed = await waitFor('failed', async () => {
        const m = await tenant.client.call<{ items: { id: string; deliveryStatus: string; deliveryError: string }[] }>(
          'GET',
          `/api/v1/conversations/${conv.id}/messages`,
        );
        const mine = m.body.items.find((i) => i.id === reply.body.id);
        return mine?.deliveryStatus === 'failed' ? mine : undefined;
      });
      expect(failed.deliveryError).toContain('HTTP 400');
      expect(refusing.received).toHaveLength(1);
    } finally {
      await refusing.close();
    }
  });
});
