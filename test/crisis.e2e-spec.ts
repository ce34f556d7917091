import { createHmac } from 'node:crypto';
import type { Socket } from 'socket.io-client';
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
import { CrisisDetectionService, CrisisPendingSweeper } from '@scrm/crisis';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

interface AlertBody {
  id: string;
  status: string;
  severity: string;
  rules: string[];
  topic: { key: string };
  window: { start: string; end: string };
  figures: Record<string, unknown>[];
  samples: { id: string; conversationId: string; text: string }[];
  contacts: { id: string }[];
  terms: { term: string }[];
  acknowledged: { by: string; at: string } | null;
}

const CALM = [
  'Thanks, the package arrived today and it looks great',
  'What time does the store open on Saturday?',
  '收到了，质量很好，谢谢客服',
  '请问这个型号有黑色的吗',
  'Love the new colours, great job team',
  'Can I change the delivery address for my order?',
];
const SPIKE = [
  'Still no refund after three weeks, this is a scam and I am filing a complaint',
  '下单十天了还没发货，客服也不回，我要投诉退款',
  'Your product broke after one day, worst purchase ever, I want a refund now',
  '太差了，质量有问题，坚决退款，要去12315投诉',
  'Terrible service, on hold for two hours and nobody helps, total scam',
  '垃圾产品，骗子公司，已经曝光了',
];

/**
 * A crisis pushed through the API channel on real PostgreSQL and Redis: two calm days of history in
 * event time, then a burst of complaints. The alert must open within 15 minutes of the burst's start
 * (event time), reach the socket.io room and a signed webhook, raise the conversations' priority, and
 * stay invisible to another workspace.
 */
describe('crisis detection through the API channel', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let other: TenantFixture;
  let channel: WebhookChannel;
  let receiver: Awaited<ReturnType<typeof startCallbackServer>>;
  let hookSecret: string;
  let socket: Socket;
  let events: { name: string; payload: unknown }[];
  let alert: AlertBody;
  let calmCount = 0;

  const calmStart = Date.parse('2026-03-01T00:00:00Z');
  const onset = Date.parse('2026-03-02T10:00:00Z');

  const messageCount = (): Promise<number> =>
    withDb(db.url, async (c) => (await c.query('SELECT count(*)::int AS n FROM message')).rows[0].n as number);

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startInProcess('all', { databaseUrl: db.url, redisPrefix: redis.prefix });
    tenant = await createTenant(api, 'Crisis Co');
    other = await createTenant(api, 'Other Co');
    channel = await createWebhookChannel(tenant.client);
    receiver = await startCallbackServer();
    const hook = await tenant.client.call<{ id: string; secret: string }>('POST', '/api/v1/crisis/webhooks', {
      name: 'ops',
      url: receiver.url,
      format: 'json',
    });
    expect(hook.status).toBe(201);
    hookSecret = hook.body.secret;
    ({ socket, events } = await connectSocket(api.url, tenant.client.token!));

    // Two calm days: a message every 30 minutes, one mild complaint every 6 hours.
    const calm: Parameters<typeof postInbound>[1][] = [];
    for (let t = calmStart, i = 0; t < onset; t += 30 * 60_000, i++) {
      calm.push({
        messageId: `calm-${i}`,
        sender: { id: `c-${i % 17}`, name: `Customer ${i % 17}` },
        text: i % 12 === 5 ? 'The app was a bit slow this morning, annoying' : CALM[i % CALM.length]!,
        timestamp: new Date(t).toISOString(),
      });
    }
    for (let i = 0; i < calm.length; i += 16) {
      const res = await Promise.all(calm.slice(i, i + 16).map((m) => postInbound(channel, m)));
      expect(res.every((r) => r.status === 202)).toBe(true);
    }
    calmCount = calm.length;
    await waitFor('calm history stored', async () => (await messageCount()) === calmCount, 60_000);
  }, 120_000);

  afterAll(async () => {
    socket?.disconnect();
    await receiver?.close();
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('scores every inbound message before it is published', async () => {
    const created = events.filter((e) => e.name === 'message.created');
    expect(created.length).toBeGreaterThan(0);
    for (const e of created) {
      const m = (e.payload as { message: { sentiment: { label: string; model: string; language: string } | null } })
        .message;
      expect(m.sentiment).not.toBeNull();
      expect(['positive', 'negative', 'neutral']).toContain(m.sentiment!.label);
      expect(m.sentiment!.model).toBeTruthy();
    }
    expect(events.some((e) => e.name === 'alert.created')).toBe(false);
  });

  it('opens one alert within 15 minutes of the onset in event time, live and to the webhook', async () => {
    // 14 complaints over 10 minutes of event time, from different customers.
    const burst = Array.from({ length: 14 }, (_, i) => ({
      messageId: `spike-${i}`,
      sender: { id: `angry-${i}`, name: `Angry ${i}` },
      text: SPIKE[i % SPIKE.length]!,
      timestamp: new Date(onset + i * 43_000).toISOString(),
      reach: 100 + i,
    }));
    for (const m of burst) expect((await postInbound(channel, m)).status).toBe(202);

    const created = await waitFor('alert.created', async () => events.find((e) => e.name === 'alert.created'), 60_000);
    alert = (created.payload as { workspaceId: string; alert: AlertBody }).alert;
    expect((created.payload as { workspaceId: string }).workspaceId).toBe(tenant.workspaceId);
    expect(alert.topic.key).toBe('workspace');
    expect(alert.status).toBe('open');
    expect(alert.rules.length).toBeGreaterThan(0);
    const end = Date.parse(alert.window.end);
    expect(Date.parse(alert.window.start)).toBeGreaterThanOrEqual(onset - 5 * 60_000);
    expect(end).toBeGreaterThan(onset);
    expect(end - onset).toBeLessThanOrEqual(15 * 60_000);
    expect(alert.samples.length).toBeGreaterThan(0);
    expect(alert.contacts.length).toBeGreaterThan(0);
    expect(alert.figures[0]).toEqual(expect.objectContaining({ rule: alert.rules[0] }));

    const delivered = await waitFor('webhook delivery', async () =>
      receiver.received.find((r) => r.headers['x-murmur-event'] === 'alert.created'),
    );
    const ts = delivered.headers['x-murmur-timestamp'] as string;
    const expected = `sha256=${createHmac('sha256', hookSecret).update(`${ts}.`).update(delivered.body).digest('hex')}`;
    expect(delivered.headers['x-murmur-signature']).toBe(expected);
    expect(JSON.parse(delivered.body)).toMatchObject({ event: 'alert.created', alert: { id: alert.id } });

    // The burst is one crisis: later firings grow the same alert.
    await waitFor('all burst messages stored', async () => (await messageCount()) >= calmCount + burst.length, 60_000);
    const list = await tenant.client.call<{ items: AlertBody[] }>('GET', '/api/v1/crisis/alerts');
    expect(list.status).toBe(200);
    expect(list.body.items.map((a) => a.id)).toEqual([alert.id]);
  });

  it('raises the priority of conversations that are part of the alert', async () => {
    const conversationId = alert.samples[0]!.conversationId;
    await waitFor('priority raised', async () => {
      const c = await tenant.client.call<{ priority: string }>('GET', `/api/v1/conversations/${conversationId}`);
      return ['high', 'urgent'].includes(c.body.priority);
    });
  });

  it('records who acknowledged and resolved it, and publishes alert.updated', async () => {
    const ack = await tenant.client.call<AlertBody>('POST', `/api/v1/crisis/alerts/${alert.id}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    expect(ack.body.acknowledged?.by).toBe(tenant.userId);
    await waitFor('alert.updated', async () =>
      events.find(
        (e) => e.name === 'alert.updated' && (e.payload as { alert: AlertBody }).alert.status === 'acknowledged',
      ),
    );
    const resolved = await tenant.client.call<AlertBody>('POST', `/api/v1/crisis/alerts/${alert.id}/resolve`);
    expect(resolved.body.status).toBe('resolved');
  });

  it('keeps alerts, trends and corrections inside their workspace', async () => {
    expect((await other.client.call('GET', `/api/v1/crisis/alerts/${alert.id}`)).status).toBe(404);
    expect((await other.client.call('POST', `/api/v1/crisis/alerts/${alert.id}/acknowledge`)).status).toBe(404);
    const list = await other.client.call<{ items: unknown[] }>('GET', '/api/v1/crisis/alerts');
    expect(list.body.items).toHaveLength(0);
    const range = `from=2026-03-01T00:00:00Z&to=2026-03-03T00:00:00Z&bucketMinutes=60`;
    const mine = await tenant.client.call<{ points: { negative: number }[] }>('GET', `/api/v1/crisis/trend?${range}`);
    expect(mine.status).toBe(200);
    expect(mine.body.points.reduce((a, p) => a + p.negative, 0)).toBeGreaterThan(10);
    const theirs = await other.client.call<{ points: unknown[] }>('GET', `/api/v1/crisis/trend?${range}`);
    expect(theirs.body.points).toHaveLength(0);
    const messageId = alert.samples[0]!.id;
    expect(
      (await other.client.call('PUT', `/api/v1/messages/${messageId}/sentiment`, { label: 'positive' })).status,
    ).toBe(404);
  });

  it('stores an agent correction (who, old → new) and exports it for training', async () => {
    const messageId = alert.samples[0]!.id;
    const bad = await tenant.client.call<{ message: string }>('PUT', `/api/v1/messages/${messageId}/sentiment`, {
      label: 'angry',
    });
    expect(bad.status).toBe(400);
    const res = await tenant.client.call('PUT', `/api/v1/messages/${messageId}/sentiment`, { label: 'neutral' });
    expect(res.status).toBe(204);
    const list = await tenant.client.call<{ messageId: string; userId: string; oldLabel: string; newLabel: string }[]>(
      'GET',
      '/api/v1/sentiment/corrections',
    );
    expect(list.body).toEqual([
      expect.objectContaining({ messageId, userId: tenant.userId, oldLabel: 'negative', newLabel: 'neutral' }),
    ]);
    const exported = await tenant.client.call<string>('GET', '/api/v1/sentiment/corrections/export');
    expect(exported.status).toBe(200);
    // One correction is one line, which the client's JSON parsing already turned into an object.
    const line = (
      typeof exported.body === 'string' ? JSON.parse(exported.body.trim().split('\n')[0]!) : exported.body
    ) as Record<string, unknown>;
    expect(line).toMatchObject({ label: 'neutral', source: 'agent_corrections' });
    expect(typeof line.text).toBe('string');
  });
  it('counts every message once: a re-run job adds nothing, and a lost job is swept up', async () => {
    const counts = (): Promise<{ total: number; pending: number; messages: number }> =>
      withDb(db.url, async (c) => {
        const r = await c.query(
          `SELECT (SELECT COALESCE(sum(total), 0)::int FROM crisis_bucket
                    WHERE workspace_id = $1 AND topic_key = 'workspace' AND channel_type = '*') AS total,
                  (SELECT count(*)::int FROM crisis_pending WHERE workspace_id = $1) AS pending,
                  (SELECT count(*)::int FROM message WHERE workspace_id = $1 AND direction = 'in') AS messages`,
          [tenant.workspaceId],
        );
        return r.rows[0] as { total: number; pending: number; messages: number };
      });
    const settled = await waitFor('everything counted', async () => {
      const c = await counts();
      return c.pending === 0 && c.total === c.messages ? c : undefined;
    });

    // The same job again (a retry after a crash past its commit) counts nothing twice.
    const ids = await withDb(db.url, async (c) =>
      (
        await c.query(`SELECT id FROM message WHERE workspace_id = $1 AND direction = 'in'`, [tenant.workspaceId])
      ).rows.map((r: { id: string }) => r.id),
    );
    await api.app.get(CrisisDetectionService).detect(tenant.workspaceId, ids);
    expect(await counts()).toEqual(settled);

    // A message stored with its outbox row whose detection job never ran: the sweeper enqueues it.
    await withDb(db.url, async (c) => {
      const r = await c.query(
        `INSERT INTO message (workspace_id, conversation_id, channel_id, direction, author_identity_id, text, attachments,
                              platform_message_id, sent_at, sentiment_label, sentiment_score, sentiment_confidence)
         SELECT workspace_id, conversation_id, channel_id, 'in', author_identity_id, 'lost job', '[]', 'lost-1',
                sent_at + interval '1 minute', 'negative', -0.8, 0.9
           FROM message WHERE workspace_id = $1 AND direction = 'in' ORDER BY sent_at DESC LIMIT 1
         RETURNING id`,
        [tenant.workspaceId],
      );
      await c.query(
        `INSERT INTO crisis_pending (workspace_id, item_id, kind, created_at) VALUES ($1, $2, 'message', now() - interval '1 hour')`,
        [tenant.workspaceId, r.rows[0].id],
      );
    });
    expect(await api.app.get(CrisisPendingSweeper).sweep()).toBe(1);
    await waitFor('swept message counted', async () => {
      const c = await counts();
      return c.pending === 0 && c.total === settled.total + 1;
    });

    // A re-scoring that changed a label recounts the bucket instead of adding to it.
    const negatives = (): Promise<number> =>
      withDb(db.url, async (c) => {
        const r = await c.query(
          `SELECT COALESCE(sum(negative), 0)::int AS n FROM crisis_bucket
            WHERE workspace_id = $1 AND topic_key = 'workspace' AND channel_type = '*'`,
          [tenant.workspaceId],
        );
        return r.rows[0].n as number;
      });
    const before = await negatives();
    const lost = await withDb(db.url, async (c) => {
      const r = await c.query(
        `UPDATE message SET sentiment_label = 'positive' WHERE workspace_id = $1 AND platform_message_id = 'lost-1' RETURNING id`,
        [tenant.workspaceId],
      );
      return r.rows[0].id as string;
    });
    await api.app.get(CrisisDetectionService).detect(tenant.workspaceId, [lost], [], true);
    expect(await negatives()).toBe(before - 1);
    expect((await counts()).total).toBe(settled.total + 1);
  });
  it('pages through alerts created in one transaction without skipping any', async () => {
    const ids = await withDb(db.url, async (c) => {
      const r = await c.query(
        `INSERT INTO crisis_alert (workspace_id, topic_key, severity, window_start, window_end, last_fired_at)
         SELECT $1, 'keywords:' || n, 'low', now(), now(), now() FROM generate_series(1, 3) AS n RETURNING id`,
        [tenant.workspaceId],
      );
      return r.rows.map((row: { id: string }) => row.id);
    });
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { status: number; body: { items: AlertBody[]; nextCursor: string | null } } =
        await tenant.client.call('GET', `/api/v1/crisis/alerts?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((a) => a.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(expect.arrayContaining([...ids, alert.id]));
    expect(new Set(seen).size).toBe(seen.length);
  });
});
