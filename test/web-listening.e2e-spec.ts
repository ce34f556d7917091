import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningApi } from '../apps/api/src/api-app';
import { ensureWebBuilt, launchBrowser } from './support/browser';
import {
  createTenant,
  createWebhookChannel,
  postInbound,
  startInProcess,
  type TenantFixture,
  type WebhookChannel,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor } from './support/test-services';

const LONG = 30_000;

async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.MURMUR_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

interface MessageBody {
  id: string;
  text: string;
  sentiment: { label: string; model: string | null } | null;
}
interface AlertBody {
  id: string;
  status: string;
}

/**
 * Sentiment and listening in a real browser against the real api: an agent corrects a message's
 * sentiment chip, the list filters by sentiment, a crisis alert raised by the real pipeline (one
 * negative post from a high-reach author) shows as a banner live and after a reload, and the listening
 * dashboard draws the trend from real buckets and takes the alert through acknowledge and resolve.
 */
describe('web listening: sentiment chips, crisis banner and dashboard', () => {
  jest.setTimeout(180_000);
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let channel: WebhookChannel;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let conversationId: string;

  beforeAll(async () => {
    ensureWebBuilt();
    db = await createTestDatabase();
    api = await startInProcess('all', { databaseUrl: db.url, redisPrefix: redis.prefix });
    tenant = await createTenant(api, 'Listening Co');
    channel = await createWebhookChannel(tenant.client);
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', viewport: { width: 1360, height: 900 } });
    page = await context.newPage();
    await page.goto(api.url);
    await page.getByLabel('Email').fill(tenant.email);
    await page.getByLabel('Password').fill(tenant.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: LONG });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('lets an agent correct the sentiment chip of an inbound message, and filters the list by sentiment', async () => {
    expect(
      (
        await postInbound(channel, {
          messageId: 'happy-1',
          sender: { id: 'cust-happy', name: 'Happy Hu' },
          text: 'Thank you so much, the new blender is wonderful and arrived early!',
        })
      ).status,
    ).toBe(202);
    const row = page.getByRole('link', { name: /Happy Hu/ });
    await row.waitFor({ timeout: LONG });
    await row.click();
    const chip = page.locator('.message.in').getByRole('combobox', { name: 'Sentiment (change to correct)' });
    await chip.waitFor({ timeout: LONG });
    conversationId = page.url().split('/').pop()!;
    const before = await chip.inputValue();
    const next = before === 'negative' ? 'neutral' : 'negative';
    await chip.selectOption(next);

    const messages = await waitFor('correction stored', async () => {
      const r = await tenant.client.call<{ items: MessageBody[] }>(
        'GET',
        `/api/v1/conversations/${conversationId}/messages`,
      );
      const m = r.body.items.find((x) => x.text.startsWith('Thank you so much'));
      return m?.sentiment?.model === 'agent' && m.sentiment.label === next ? r.body.items : undefined;
    });
    expect(messages.length).toBe(1);
    // The corrected message comes back over message.updated and the chip follows.
    await page.locator(`.message.in select[data-sentiment="${next}"]`).waitFor({ timeout: LONG });

    const filter = page.getByRole('combobox', { name: 'Sentiment', exact: true });
    await filter.selectOption(next);
    await page.getByRole('link', { name: /Happy Hu/ }).waitFor({ timeout: LONG });
    await filter.selectOption('positive');
    await page.getByText('No conversations match these filters.').waitFor({ timeout: LONG });
    await filter.selectOption('');
    await page.getByRole('link', { name: /Happy Hu/ }).waitFor({ timeout: LONG });
  });

  it('shows a crisis raised by the pipeline as a banner, live and again after a reload', async () => {
    const body = JSON.stringify({
      messageId: 'influencer-1',
      sender: { id: 'big-voice', name: 'Big Voice' },
      text: 'Still no refund after three weeks, this is a scam and I am filing a complaint',
      reach: 200_000,
    });
    expect((await postInbound(channel, body)).status).toBe(202);
    const banner = page.locator('.crisis-banner');
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.textContent()).toContain('Whole workspace');
    await shot(page, 'crisis-banner');

    await page.reload();
    await page.locator('.crisis-banner').waitFor({ timeout: LONG });
  });

  it('draws the sentiment trend from real data and acknowledges the alert', async () => {
    await page.getByRole('link', { name: 'Listening' }).click();
    const chart = page.getByRole('img', { name: /Sentiment and volume over time: 2 messages/ });
    await chart.waitFor({ timeout: LONG });
    expect(await page.locator('.chart svg rect').count()).toBeGreaterThan(0);

    const card = page.locator('.alert-card').first();
    await card.waitFor({ timeout: LONG });
    expect(await card.getAttribute('data-status')).toBe('open');
    const samples = card.getByRole('list', { name: 'Sample messages' });
    expect(await samples.textContent()).toContain('this is a scam');
    expect(await card.getByRole('list', { name: 'Affected contacts' }).textContent()).toContain('Big Voice');
    await shot(page, 'listening-dashboard');

    await card.getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator('.alert-card[data-status="acknowledged"]').waitFor({ timeout: LONG });
    // The banner only shows open crises.
    await page.locator('.crisis-banner').waitFor({ state: 'detached', timeout: LONG });
  });

  it('shows an analyst the dashboard and alerts without the lifecycle buttons or the sentiment correction', async () => {
    const invited = await tenant.client.call<{ temporaryPassword: string; email: string }>('POST', '/api/v1/members', {
      email: `analyst-${Date.now()}@example.test`,
      name: 'Ana Lyst',
      role: 'analyst',
    });
    expect(invited.status).toBe(201);
    const ctx = await browser.newContext({ locale: 'en-US' });
    try {
      const p = await ctx.newPage();
      await p.goto(api.url);
      await p.getByLabel('Email').fill(invited.body.email);
      await p.getByLabel('Password').fill(invited.body.temporaryPassword);
      await p.getByRole('button', { name: 'Sign in' }).click();
      await p.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: LONG });
      await p.goto(`${api.url}/#/dashboard`);
      await p.locator('.alert-card[data-status="acknowledged"]').waitFor({ timeout: LONG });
      expect(await p.getByRole('button', { name: 'Resolve' }).count()).toBe(0);
      await p.goto(`${api.url}/#/inbox/${conversationId}`);
      await p.locator('.message.in .sentiment').first().waitFor({ timeout: LONG });
      expect(await p.getByRole('combobox', { name: 'Sentiment (change to correct)' }).count()).toBe(0);
    } finally {
      await ctx.close();
    }
  });

  it('resolves the alert from the dashboard', async () => {
    await page.locator('.alert-card').first().getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('No alerts.').waitFor({ timeout: LONG });
    const alertId = await waitFor('alert resolved', async () => {
      const r = await tenant.client.call<{ items: AlertBody[] }>('GET', '/api/v1/crisis/alerts?status=resolved');
      return r.body.items[0]?.id;
    });
    await page.getByRole('combobox', { name: 'Alert status' }).selectOption('resolved');
    await page.locator(`.alert-card[data-alert-id="${alertId}"][data-status="resolved"]`).waitFor({ timeout: LONG });
  });

  it('saves a crisis keyword set (zh + en) and an alert webhook from the settings', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Crisis keywords' }).click();
    const panel = page.getByRole('tabpanel');
    await panel.getByRole('textbox', { name: 'Name' }).fill('Recall words');
    await panel.getByRole('textbox', { name: /Keywords/ }).fill('召回, 退款\nrecall');
    await panel.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('row', { name: /Recall words/ }).waitFor({ timeout: LONG });
    const sets = await tenant.client.call<{ items: { name: string; keywords: string[] }[]; crisisWords: string[] }>(
      'GET',
      '/api/v1/crisis/keyword-sets',
    );
    expect(sets.body.items.find((k) => k.name === 'Recall words')?.keywords).toEqual(['召回', '退款', 'recall']);
    expect(sets.body.crisisWords).toEqual(expect.arrayContaining(['召回', 'recall']));

    await page.getByRole('tab', { name: 'Alert webhooks' }).click();
    await panel.getByRole('textbox', { name: 'Name' }).fill('Ops group');
    await panel.getByRole('textbox', { name: 'URL' }).fill('https://hooks.example.test/robot');
    await panel.getByRole('combobox', { name: 'Format' }).selectOption('dingtalk');
    await panel.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('status').filter({ hasText: 'shown only now' }).waitFor({ timeout: LONG });
    await page.getByRole('row', { name: /Ops group/ }).waitFor({ timeout: LONG });
    const hooks = await tenant.client.call<{ name: string; format: string }[]>('GET', '/api/v1/crisis/webhooks');
    expect(hooks.body).toEqual([expect.objectContaining({ name: 'Ops group', format: 'dingtalk' })]);
    await shot(page, 'settings-alert-webhooks');
  });
});
