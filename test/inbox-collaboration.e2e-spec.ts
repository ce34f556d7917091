import type { Socket } from 'socket.io-client';
import type { RunningApi } from '../apps/api/src/api-app';
import {
  ApiClient,
  connectSocket,
  createTenant,
  createWebhookChannel,
  postInbound,
  startCallbackServer,
  startInProcess,
  type TenantFixture,
  type WebhookChannel,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor } from './support/test-services';

interface Conv {
  id: string;
  status: string;
  unreadCount: number;
  labelIds: string[];
  snoozedUntil: string | null;
}
type Events = { name: string; payload: unknown }[];

/**
 * The inbox's collaboration endpoints on real PostgreSQL and Redis: team, labels, canned responses,
 * notes with live mentions, snooze that a scheduled sweep reopens, read state, retrying a failed reply,
 * presence and typing in conversation rooms, roles, and isolation between workspaces.
 */
describe('inbox collaboration', () => {
  jest.setTimeout(90_000);
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let owner: TenantFixture;
  let other: TenantFixture;
  let agent2: ApiClient & { id?: string };
  let analyst: ApiClient;
  let channel: WebhookChannel;
  let conv: Conv;
  const sockets: Socket[] = [];
  let accept = true;
  let callback: Awaited<ReturnType<typeof startCallbackServer>>;

  const addMember = async (name: string, role: string): Promise<{ client: ApiClient; userId: string }> => {
    const email = `${name.toLowerCase().replace(/\W+/g, '')}-${Math.random().toString(36).slice(2, 7)}@example.test`;
    const r = await owner.client.call<{ userId: string; temporaryPassword: string }>('POST', '/api/v1/members', {
      email,
      name,
      role,
    });
    expect(r.status).toBe(201);
    const client = new ApiClient(api.url);
    await client.login(email, r.body.temporaryPassword);
    return { client, userId: r.body.userId };
  };

  const socketOf = async (client: ApiClient): Promise<{ socket: Socket; events: Events }> => {
    const s = await connectSocket(api.url, client.token!);
    sockets.push(s.socket);
    return s;
  };

  const joinRoom = (socket: Socket, conversationId: string): Promise<{ ok: boolean; error?: string }> =>
    new Promise((resolve) => socket.emit('conversation.join', { conversationId }, resolve));

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startInProcess('all', {
      databaseUrl: db.url,
      redisPrefix: redis.prefix,
      extra: { SWEEP_INTERVAL_MS: '200', OUTBOUND_ATTEMPTS: '1' },
    });
    owner = await createTenant(api, 'Collab Co');
    other = await createTenant(api, 'Other Co');
    callback = await startCallbackServer(() => (accept ? 200 : 400));
    channel = await createWebhookChannel(owner.client, callback.url);
    expect(
      (await postInbound(channel, { messageId: 'c-1', sender: { id: 'cust', name: 'Mei' }, text: 'hi' })).status,
    ).toBe(202);
    conv = await waitFor('conversation', async () => {
      const l = await owner.client.call<{ items: Conv[] }>('GET', '/api/v1/conversations');
      return l.body.items[0];
    });
    const a2 = await addMember('Agent Two', 'agent');
    agent2 = Object.assign(a2.client, { id: a2.userId });
    analyst = (await addMember('Ana Lyst', 'analyst')).client;
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await callback?.close();
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('lists the team and keeps roles to owners and admins', async () => {
    const members = await owner.client.call<{ name: string; role: string }[]>('GET', '/api/v1/members');
    expect(members.body.map((m) => `${m.name}:${m.role}`).sort()).toEqual([
      'Agent Two:agent',
      'Ana Lyst:analyst',
      'Collab Co:owner',
    ]);
    expect(
      (await agent2.call('POST', '/api/v1/members', { email: 'x@example.test', name: 'X', role: 'agent' })).status,
    ).toBe(403);
    expect((await owner.client.call('PATCH', `/api/v1/members/${owner.userId}`, { role: 'agent' })).status).toBe(409);
    expect((await other.client.call('PATCH', `/api/v1/members/${agent2.id}`, { role: 'admin' })).status).toBe(404);
    expect(
      (await owner.client.call('POST', '/api/v1/members', { email: 'bad', name: 'X', role: 'agent' })).status,
    ).toBe(400);
  });

  it('creates labels, applies them, filters by them, and isolates them per workspace', async () => {
    const vip = await owner.client.call<{ id: string }>('POST', '/api/v1/labels', { name: 'VIP', color: '#aa0000' });
    expect(vip.status).toBe(201);
    expect((await owner.client.call('POST', '/api/v1/labels', { name: 'VIP' })).status).toBe(409);
    expect((await owner.client.call('POST', '/api/v1/labels', { name: 'x', color: 'red' })).status).toBe(400);
    expect((await agent2.call('POST', '/api/v1/labels', { name: 'agents-cannot' })).status).toBe(403);
    const set = await agent2.call<Conv>('PUT', `/api/v1/conversations/${conv.id}/labels`, { labelIds: [vip.body.id] });
    expect(set.status).toBe(200);
    expect(set.body.labelIds).toEqual([vip.body.id]);
    const filtered = await owner.client.call<{ items: Conv[] }>('GET', `/api/v1/conversations?labelId=${vip.body.id}`);
    expect(filtered.body.items.map((c) => c.id)).toEqual([conv.id]);

    const theirs = await other.client.call<{ id: string }>('POST', '/api/v1/labels', { name: 'VIP' });
    expect(theirs.status).toBe(201);
    expect(
      (await owner.client.call('PUT', `/api/v1/conversations/${conv.id}/labels`, { labelIds: [theirs.body.id] }))
        .status,
    ).toBe(400);
    expect(
      (await other.client.call('PUT', `/api/v1/conversations/${conv.id}/labels`, { labelIds: [theirs.body.id] }))
        .status,
    ).toBe(404);
    expect((await other.client.call('DELETE', `/api/v1/labels/${vip.body.id}`)).status).toBe(404);
    expect((await analyst.call('PUT', `/api/v1/conversations/${conv.id}/labels`, { labelIds: [] })).status).toBe(403);
  });

  it('keeps canned responses per workspace with unique shortcuts', async () => {
    const c = await owner.client.call<{ id: string; content: string }>('POST', '/api/v1/canned-responses', {
      shortcut: 'hello',
      content: 'Hi {{contact.name}}, thanks for writing!',
    });
    expect(c.status).toBe(201);
    expect((await agent2.call('POST', '/api/v1/canned-responses', { shortcut: 'hello', content: 'x' })).status).toBe(
      409,
    );
    expect(
      (await agent2.call('POST', '/api/v1/canned-responses', { shortcut: 'has space', content: 'x' })).status,
    ).toBe(400);
    const list = await agent2.call<{ shortcut: string; content: string }[]>('GET', '/api/v1/canned-responses');
    expect(list.body).toEqual([expect.objectContaining({ shortcut: 'hello', content: c.body.content })]);
    expect((await other.client.call<unknown[]>('GET', '/api/v1/canned-responses')).body).toEqual([]);
    expect((await other.client.call('DELETE', `/api/v1/canned-responses/${c.body.id}`)).status).toBe(404);
    expect((await analyst.call('POST', '/api/v1/canned-responses', { shortcut: 'a', content: 'x' })).status).toBe(403);
  });

  it('adds a private note and notifies only the mentioned agent, live', async () => {
    const mine = await socketOf(owner.client);
    const theirs = await socketOf(agent2);
    const outsider = await socketOf(other.client);
    const note = await owner.client.call<{ id: string; mentionedUserIds: string[] }>(
      'POST',
      `/api/v1/conversations/${conv.id}/notes`,
      { text: '@Agent Two can you take this one?' },
    );
    expect(note.status).toBe(201);
    expect(note.body.mentionedUserIds).toEqual([agent2.id]);
    const mention = await waitFor('note.mentioned', async () => theirs.events.find((e) => e.name === 'note.mentioned'));
    expect(mention.payload).toMatchObject({
      conversationId: conv.id,
      note: { id: note.body.id },
      by: { name: 'Collab Co' },
    });
    await waitFor('note.created', async () => mine.events.some((e) => e.name === 'note.created'));
    expect(mine.events.some((e) => e.name === 'note.mentioned')).toBe(false);
    expect(outsider.events.some((e) => e.name.startsWith('note.'))).toBe(false);
    const notes = await agent2.call<{ id: string }[]>('GET', `/api/v1/conversations/${conv.id}/notes`);
    expect(notes.body.map((n) => n.id)).toEqual([note.body.id]);
    expect((await other.client.call('GET', `/api/v1/conversations/${conv.id}/notes`)).status).toBe(404);
    expect((await analyst.call('POST', `/api/v1/conversations/${conv.id}/notes`, { text: 'x' })).status).toBe(403);
    expect((await analyst.call('POST', `/api/v1/conversations/${conv.id}/messages`, { text: 'x' })).status).toBe(403);
  });

  it('shares presence and typing only within the conversation room', async () => {
    const a = await socketOf(owner.client);
    const b = await socketOf(agent2);
    const outsider = await socketOf(other.client);
    expect(await joinRoom(a.socket, conv.id)).toMatchObject({ ok: true });
    expect(await joinRoom(b.socket, conv.id)).toMatchObject({ ok: true });
    expect(await joinRoom(outsider.socket, conv.id)).toEqual({ ok: false, error: 'NOT_FOUND' });
    const both = await waitFor('two viewers', async () =>
      a.events.find((e) => e.name === 'presence.updated' && (e.payload as { viewers: unknown[] }).viewers.length === 2),
    );
    expect((both.payload as { viewers: { name: string }[] }).viewers.map((v) => v.name)).toEqual([
      'Agent Two',
      'Collab Co',
    ]);
    b.socket.emit('typing', { conversationId: conv.id, typing: true });
    outsider.socket.emit('typing', { conversationId: conv.id, typing: true });
    const typing = await waitFor('typing', async () => a.events.find((e) => e.name === 'typing'));
    expect(typing.payload).toEqual({ conversationId: conv.id, userId: agent2.id, name: 'Agent Two', typing: true });
    b.socket.disconnect();
    await waitFor('one viewer', async () =>
      a.events.some(
        (e, i) =>
          i > a.events.indexOf(both) &&
          e.name === 'presence.updated' &&
          (e.payload as { viewers: unknown[] }).viewers.length === 1,
      ),
    );
    expect(a.events.filter((e) => e.name === 'typing')).toHaveLength(1);
    expect(b.events.some((e) => e.name === 'typing')).toBe(false);
  });

  it('clears unread counts when read', async () => {
    await postInbound(channel, { messageId: 'c-2', sender: { id: 'cust' }, text: 'again' });
    await waitFor('unread', async () => {
      const c = await owner.client.call<Conv>('GET', `/api/v1/conversations/${conv.id}`);
      return c.body.unreadCount >= 2;
    });
    const read = await agent2.call<Conv>('POST', `/api/v1/conversations/${conv.id}/read`);
    expect(read.status).toBe(200);
    expect(read.body.unreadCount).toBe(0);
    expect((await other.client.call('POST', `/api/v1/conversations/${conv.id}/read`)).status).toBe(404);
  });

  it('reopens a snoozed conversation when its time comes', async () => {
    const past = await owner.client.call('PATCH', `/api/v1/conversations/${conv.id}`, {
      status: 'snoozed',
      snoozedUntil: new Date(Date.now() - 1000).toISOString(),
    });
    expect(past.status).toBe(400);
    const until = new Date(Date.now() + 1500).toISOString();
    const snoozed = await owner.client.call<Conv>('PATCH', `/api/v1/conversations/${conv.id}`, {
      status: 'snoozed',
      snoozedUntil: until,
    });
    expect(snoozed.body).toMatchObject({ status: 'snoozed', snoozedUntil: until });
    const reopened = await waitFor('reopened', async () => {
      const c = await owner.client.call<Conv>('GET', `/api/v1/conversations/${conv.id}`);
      return c.body.status === 'open' ? c.body : undefined;
    });
    expect(reopened.snoozedUntil).toBeNull();
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(until));
  });

  it('retries a failed reply until it is sent', async () => {
    accept = false;
    const reply = await owner.client.call<{ id: string }>('POST', `/api/v1/conversations/${conv.id}/messages`, {
      text: 'first try',
    });
    const status = async (): Promise<string | undefined> => {
      const m = await owner.client.call<{ items: { id: string; deliveryStatus: string }[] }>(
        'GET',
        `/api/v1/conversations/${conv.id}/messages`,
      );
      return m.body.items.find((i) => i.id === reply.body.id)?.deliveryStatus;
    };
    await waitFor('failed', async () => (await status()) === 'failed');
    expect(
      (await other.client.call('POST', `/api/v1/conversations/${conv.id}/messages/${reply.body.id}/retry`)).status,
    ).toBe(404);
    accept = true;
    const retried = await agent2.call<{ deliveryStatus: string }>(
      'POST',
      `/api/v1/conversations/${conv.id}/messages/${reply.body.id}/retry`,
    );
    expect(retried.status).toBe(200);
    expect(retried.body.deliveryStatus).toBe('pending');
    await waitFor('sent', async () => (await status()) === 'sent');
    expect(
      (await owner.client.call('POST', `/api/v1/conversations/${conv.id}/messages/${reply.body.id}/retry`)).status,
    ).toBe(409);
  });
});
