import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import type { RunningApi } from '../apps/api/src/api-app';
import { XApiFake, type FakePost } from './fakes/x-api-fake';
import { ensureWebBuilt, launchBrowser } from './support/browser';
import {
  connectSocket,
  createTenant,
  startCallbackServer,
  startInProcess,
  type TenantFixture,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';
import { xChannelConfig } from './support/x-channel-config';

jest.setTimeout(180_000);

const BRAND = '100';
const QUERY = 'murmurcrm';
const VIP = '400';

interface AlertSample {
  kind: string;
  id: string;
  conversationId: string | null;
  channelType: string;
  author: string | null;
  authorHandle: string | null;
  text: string;
  reach: number | null;
  sentiment: { label: string; confidence: number | null } | null;
  platformId: string | null;
  url: string | null;
  sentAt: string;
}

interface AlertBody {
  id: string;
  topic: { key: string; name: string };
  rules: string[];
  window: { start: string; end: string };
  samples: AlertSample[];
  messageCount: number;
  hitCount: number;
  contacts: { id: string; name: string | null; lifecycleStage: string; tagged: boolean }[];
  terms: { term: string }[];
}

const CALM = [
  'murmurcrm made our support team so much faster, great job',
  'Trying murmurcrm for the shop this week',
  'murmurcrm has a nice clean inbox, thanks',
  'Reading the murmurcrm docs today',
];
const SPIKE = [
  'murmurcrm lost all our customer data, this is a scam and I want a refund',
  'murmurcrm is down again, terrible service, nobody answers, total scam',
  'Worst purchase ever: murmurcrm broke our inbox, I want a refund now',
  'murmurcrm support ignored us for a week, terrible, filing a complaint',
];

/**
 * A crisis on one X listening query, end to end: two calm days of hits for the query, then a burst
 * of complaints, all found by polling search on the fake X API. The query's alert must carry the
 * negative hits as samples (author, handle, link, sentiment), their authors as contacts with the VIP
 * first, terms from the hits, and a readable topic name — over REST, socket.io, the webhook and in
 * the web app, and still after the query is removed from the channel.
 */
describe('crisis alert on an X listening query', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let fake: XApiFake;
  let receiver: Awaited<ReturnType<typeof startCallbackServer>>;
  let socket: Socket;
  let browser: Browser | undefined;
  let events: { name: string; payload: unknown }[];
  let channelId: string;
  let topicKey: string;
  let vipContactId: string;
  let burst: FakePost[];
  let live: AlertBody;
  let alert: AlertBody;

  const hitCount = (): Promise<number> =>
    withDb(
      db.url,
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM timeline_event WHERE kind = 'x.mention'`)).rows[0].n as number,
    );
  const queryTrendTotal = async (): Promise<number> => {
    const q = new URLSearchParams({
      topic: topicKey,
      from: new Date(Date.now() - 3 * 86_400_000).toISOString(),
      to: new Date(Date.now() + 3_600_000).toISOString(),
      bucketMinutes: '60',
    });
    const res = await tenant.client.call<{ points: { total: number }[] }>('GET', `/api/v1/crisis/trend?${q}`);
    return res.body.points.reduce((n, p) => n + p.total, 0);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    fake = new XApiFake(BRAND);
    fake.pageSize = 100;
    fake.addUser({ id: BRAND, name: 'Murmur Brand', username: 'murmurbrand' });
    fake.addUser({ id: VIP, name: 'Vera', username: 'vera', followers: 5 });
    for (let i = 0; i < 12; i++) {
      fake.addUser({ id: String(500 + i), name: `Critic ${i}`, username: `critic${i}`, followers: 100 + i });
      fake.addUser({ id: String(600 + i), name: `Fan ${i}`, username: `fan${i}`, followers: 20 });
    }
    // Two calm days of hits for the query, one every 30 minutes; the VIP-to-be posts among them.
    const now = Date.now();
    for (let t = now - 50 * 3_600_000, i = 0; t < now - 30 * 60_000; t += 30 * 60_000, i++) {
      fake.addPost({
        text: CALM[i % CALM.length]!,
        author_id: i === 3 ? VIP : String(600 + (i % 12)),
        created_at: new Date(t).toISOString(),
      });
    }
    await fake.start();
    api = await startInProcess('all', {
      databaseUrl: db.url,
      redisPrefix: redis.prefix,
      extra: { SESSION_RECONCILE_MS: '200' },
    });
    tenant = await createTenant(api, 'Listening Co');
    receiver = await startCallbackServer();
    const hook = await tenant.client.call('POST', '/api/v1/crisis/webhooks', {
      name: 'ops',
      url: receiver.url,
      format: 'json',
    });
    expect(hook.status).toBe(201);
    ({ socket, events } = await connectSocket(api.url, tenant.client.token!));

    const created = await tenant.client.call<{ id: string }>('POST', '/api/v1/channels', {
      type: 'x',
      name: 'Brand on X',
      config: xChannelConfig(fake.url, BRAND, [QUERY]),
    });
    expect(created.status).toBe(201);
    channelId = created.body.id;
    topicKey = `x-query:${channelId}:${createHash('sha256').update(QUERY).digest('hex').slice(0, 12)}`;
    const calm = fake.posts.length;
    await waitFor('the calm hits stored', async () => (await hitCount()) === calm, 60_000);
    // The history must be counted before the burst, or the burst would look like the topic's first data.
    await waitFor('the calm hits counted', async () => (await queryTrendTotal()) === calm, 60_000);

    vipContactId = await withDb(
      db.url,
      async (c) =>
        (
          await c.query(
            `SELECT contact_id FROM timeline_event WHERE kind = 'x.mention' AND data->>'authorHandle' = 'vera'`,
          )
        ).rows[0].contact_id as string,
    );
    const vip = await tenant.client.call('PATCH', `/api/v1/contacts/${vipContactId}`, { lifecycleStage: 'vip' });
    expect(vip.status).toBe(200);
  });

  afterAll(async () => {
    await browser?.close();
    socket?.disconnect();
    await receiver?.close();
    await api?.close();
    await fake?.close();
    await db?.drop();
    await redis.cleanup();
  });

  afterEach(() => {
    expect(fake.violations).toEqual([]);
  });

  it('opens an alert on the query whose samples are its negative hits, live over socket.io', async () => {
    expect(events.some((e) => e.name === 'alert.created')).toBe(false);
    const start = Date.now() - 10 * 60_000;
    burst = Array.from({ length: 12 }, (_, i) =>
      fake.addPost({
        text: SPIKE[i % SPIKE.length]!,
        // The VIP has the smallest reach of all, and still comes first among the contacts.
        author_id: i === 11 ? VIP : String(500 + i),
        created_at: new Date(start + i * 40_000).toISOString(),
      }),
    );
    const created = await waitFor(
      'alert.created on the query',
      async () =>
        events.find(
          (e) => e.name === 'alert.created' && (e.payload as { alert: AlertBody }).alert.topic.key === topicKey,
        ),
      90_000,
    );
    live = (created.payload as { alert: AlertBody }).alert;
    expect(live.topic.name).toBe(`X listening: "${QUERY}" (Brand on X)`);
    expect(live.samples.length).toBeGreaterThan(0);
    expect(live.samples.every((s) => s.kind === 'listening_hit')).toBe(true);
    expect(live.hitCount).toBeGreaterThan(0);
    expect(live.contacts.length).toBeGreaterThan(0);
  });

  it('carries the hits, their authors (VIP first) and terms from the hits over REST', async () => {
    // Buckets and alert are written in one transaction: once the burst is counted, the alert holds it.
    const calm = fake.posts.length - burst.length;
    await waitFor('the burst counted', async () => (await queryTrendTotal()) === calm + burst.length, 60_000);
    const list = await tenant.client.call<{ items: AlertBody[] }>(
      'GET',
      `/api/v1/crisis/alerts?topic=${encodeURIComponent(topicKey)}`,
    );
    expect(list.body.items).toHaveLength(1);
    alert = list.body.items[0]!;
    expect(alert.topic).toEqual({ key: topicKey, name: `X listening: "${QUERY}" (Brand on X)` });
    expect(alert.messageCount).toBe(0);

    // The alert holds the burst's negative hits inside its window (event time); the VIP's came last.
    const inWindow = burst.filter(
      (p) =>
        Date.parse(p.created_at!) >= Date.parse(alert.window.start) &&
        Date.parse(p.created_at!) < Date.parse(alert.window.end),
    );
    expect(inWindow.length).toBeGreaterThanOrEqual(5);
    expect(inWindow.some((p) => p.author_id === VIP)).toBe(true);
    expect(alert.hitCount).toBe(inWindow.length);
    const byPostId = new Map(inWindow.map((p) => [p.id, p]));
    expect(alert.samples).toHaveLength(5);
    for (const s of alert.samples) {
      const post = byPostId.get(s.platformId!)!;
      expect(post).toBeDefined();
      const handle = post.author_id === VIP ? 'vera' : `critic${Number(post.author_id) - 500}`;
      expect(s).toMatchObject({
        kind: 'listening_hit',
        conversationId: null,
        channelType: 'x',
        authorHandle: handle,
        text: post.text,
        url: `https://x.com/${handle}/status/${post.id}`,
        sentAt: post.created_at,
        sentiment: { label: 'negative' },
      });
      expect(s.author).toContain(`@${handle}`);
    }
    // Widest reach first: the authors with the most followers.
    const reaches = inWindow.map((p) => (p.author_id === VIP ? 5 : 100 + Number(p.author_id) - 500));
    expect(alert.samples.map((s) => s.reach)).toEqual(reaches.sort((x, y) => y - x).slice(0, 5));
    // Every author is a known contact; the VIP, with the smallest reach, comes first.
    expect(alert.contacts).toHaveLength(inWindow.length);
    expect(alert.contacts[0]).toMatchObject({ id: vipContactId, lifecycleStage: 'vip' });
    expect(alert.contacts.slice(1).every((c) => c.lifecycleStage !== 'vip')).toBe(true);
    expect(alert.terms.map((t) => t.term)).toEqual(expect.arrayContaining(['scam']));

    const one = await tenant.client.call<AlertBody>('GET', `/api/v1/crisis/alerts/${alert.id}`);
    expect(one.body.samples).toEqual(alert.samples);
    // The socket.io payload is the same view.
    expect(live.id).toBe(alert.id);
    expect(live.samples).toEqual(alert.samples);
    expect(live.contacts[0]!.id).toBe(vipContactId);

    // A page of several alerts reads its samples together: each alert still gets its own.
    const page = await tenant.client.call<{ items: AlertBody[] }>('GET', '/api/v1/crisis/alerts');
    expect(page.body.items.length).toBeGreaterThan(1);
    for (const item of page.body.items) {
      const own = await tenant.client.call<AlertBody>('GET', `/api/v1/crisis/alerts/${item.id}`);
      expect(item.samples.length).toBeGreaterThan(0);
      expect(item.samples).toEqual(own.body.samples);
    }
  });

  it('sends the hits to the alert webhook', async () => {
    const delivered = await waitFor('webhook delivery of the query’s alert', async () =>
      receiver.received.find((r) => (JSON.parse(r.body) as { alert: AlertBody }).alert.id === alert.id),
    );
    const body = JSON.parse(delivered.body) as { alert: AlertBody };
    expect(body.alert.topic.name).toBe(`X listening: "${QUERY}" (Brand on X)`);
    expect(body.alert.samples[0]).toMatchObject({ kind: 'listening_hit', conversationId: null });
    expect(body.alert.contacts.length).toBeGreaterThan(0);
  });

  it('shows the alert in the web app under its readable name, with the hits and the VIP', async () => {
    ensureWebBuilt();
    browser = await launchBrowser();
    const page = await (
      await browser.newContext({ locale: 'en-US', viewport: { width: 1360, height: 900 } })
    ).newPage();
    await page.goto(api.url);
    await page.getByLabel('Email').fill(tenant.email);
    await page.getByLabel('Password').fill(tenant.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const name = `X listening: "${QUERY}" (Brand on X)`;
    const banner = page.locator(`.crisis-banner[data-alert-id="${alert.id}"]`);
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toContain(name);
    expect(await banner.textContent()).toContain(`${alert.hitCount} listening hits`);

    await page.getByRole('link', { name: 'Listening' }).click();
    // The query is a topic of the sentiment trend too.
    await page.locator(`select option[value="${topicKey}"]`).waitFor({ state: 'attached' });
    expect(await page.locator(`select option[value="${topicKey}"]`).textContent()).toBe(name);
    const card = page.locator(`.alert-card[data-alert-id="${alert.id}"]`);
    await card.waitFor({ timeout: 30_000 });
    expect(await card.locator('header strong').textContent()).toBe(name);
    const samples = card.getByRole('list', { name: 'Sample listening hits' });
    const first = alert.samples[0]!;
    expect(await samples.textContent()).toContain(first.text);
    expect(await samples.textContent()).toContain(`@${first.authorHandle}`);
    expect(await samples.getByRole('link', { name: 'open post' }).first().getAttribute('href')).toBe(first.url);
    const contacts = card.getByRole('list', { name: 'Affected contacts' });
    expect(await contacts.locator('li').first().textContent()).toContain('VIP');
  });

  it('lists the query among the topics detection watches, as the trend reads it', async () => {
    const topics = await tenant.client.call<{ items: { key: string; name: string; kind: string }[] }>(
      'GET',
      '/api/v1/crisis/topics',
    );
    expect(topics.status).toBe(200);
    expect(topics.body.items).toEqual([
      { key: 'workspace', name: 'Whole workspace', kind: 'workspace' },
      { key: topicKey, name: `X listening: "${QUERY}" (Brand on X)`, kind: 'x-query' },
    ]);
    expect(await queryTrendTotal()).toBeGreaterThan(0);
  });

  it('keeps a readable topic name after the query is removed from the channel', async () => {
    const res = await tenant.client.call('PATCH', `/api/v1/channels/${channelId}`, {
      name: 'Renamed channel',
      config: { queries: ['somethingelse'] },
    });
    expect(res.status).toBe(200);
    const after = await tenant.client.call<AlertBody>('GET', `/api/v1/crisis/alerts/${alert.id}`);
    expect(after.body.topic).toEqual({ key: topicKey, name: `X listening: "${QUERY}" (Brand on X)` });
    expect(after.body.samples).toEqual(alert.samples);
  });
  it('grows the alert with one negative post from a wide-reach author (the influencer rule)', async () => {
    fake.addUser({ id: '900', name: 'Big Voice', username: 'bigvoice', followers: 600_000 });
    const res = await tenant.client.call('PATCH', `/api/v1/channels/${channelId}`, { config: { queries: [QUERY] } });
    expect(res.status).toBe(200);
    const influencer = fake.addPost({
      text: 'murmurcrm deleted our whole customer history, terrible and a total scam',
      author_id: '900',
      created_at: new Date().toISOString(),
    });
    const updated = await waitFor(
      'alert.updated with the influencer rule',
      async () =>
        events.find(
          (e) =>
            e.name === 'alert.updated' &&
            (e.payload as { alert: AlertBody }).alert.id === alert.id &&
            (e.payload as { alert: AlertBody }).alert.rules.includes('influencer'),
        ),
      90_000,
    );
    const grown = (updated.payload as { alert: AlertBody }).alert;
    expect(grown.topic.key).toBe(topicKey);
    expect(grown.samples.some((s) => s.kind === 'listening_hit' && s.platformId === influencer.id)).toBe(true);
  });
});
