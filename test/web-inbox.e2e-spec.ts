import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningApi } from '../apps/api/src/api-app';
import { ensureWebBuilt, launchBrowser } from './support/browser';
import {
  createTenant,
  createWebhookChannel,
  postInbound,
  startCallbackServer,
  startInProcess,
  type TenantFixture,
  type WebhookChannel,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase } from './support/test-services';

const LONG = 30_000;

/**
 * The web inbox in a real browser (Debian's Chromium, headless) against the real api on PostgreSQL
 * and Redis: sign in, a signed inbound push appears live, reply with Enter until delivered, switch the
 * language, and customer markup renders as text.
 */
describe('web inbox in a browser', () => {
  jest.setTimeout(120_000);
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let tenant: TenantFixture;
  let callback: Awaited<ReturnType<typeof startCallbackServer>>;
  let channel: WebhookChannel;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    ensureWebBuilt();
    db = await createTestDatabase();
    api = await startInProcess('all', { databaseUrl: db.url, redisPrefix: redis.prefix });
    tenant = await createTenant(api, 'Browser Co');
    callback = await startCallbackServer();
    channel = await createWebhookChannel(tenant.client, callback.url);
    browser = await launchBrowser();
    context = await browser.newContext({ locale: 'en-US', timezoneId: 'Asia/Shanghai' });
    page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  });

  afterAll(async () => {
    await browser?.close();
    await callback?.close();
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('signs in and shows the inbox connected live', async () => {
    await page.goto(api.url);
    await page.getByLabel('Email').fill(tenant.email);
    await page.getByLabel('Password').fill(tenant.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ timeout: LONG });
    await page.getByRole('combobox', { name: 'Workspace' }).waitFor();
  });

  it('shows an inbound message live, replies with Enter and sees it delivered', async () => {
    const res = await postInbound(channel, {
      messageId: 'web-1',
      sender: { id: 'cust-1', name: 'Alice Wang' },
      text: 'My parcel is late, see https://example.com/track/1',
    });
    expect(res.status).toBe(202);
    const row = page.getByRole('link', { name: /Alice Wang/ });
    await row.waitFor({ timeout: LONG });
    expect(await row.textContent()).toContain('My parcel is late');
    await row.click();

    const box = page.getByRole('textbox', { name: 'Reply' });
    await box.waitFor({ timeout: LONG });
    const link = page.locator('.messages a[href="https://example.com/track/1"]');
    await link.waitFor({ timeout: LONG });

    await box.fill('Sorry about that');
    await box.press('Shift+Enter');
    await box.pressSequentially('Checking now.');
    expect(await box.inputValue()).toBe('Sorry about that\nChecking now.');
    await box.press('Enter');
    await page
      .locator('.message.out', { hasText: 'Checking now.' })
      .locator('[data-delivery-status="sent"]')
      .waitFor({ timeout: LONG });
    expect(await box.inputValue()).toBe('');
    expect(callback.received.length).toBe(1);
    expect(JSON.parse(callback.received[0]!.body)).toMatchObject({ text: 'Sorry about that\nChecking now.' });
  });

  it('switches the UI to Chinese and remembers it', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('link', { name: '收件箱' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    await page.reload();
    await page.getByRole('link', { name: '收件箱' }).waitFor({ timeout: LONG });
    await page.getByRole('combobox', { name: '语言' }).selectOption('en');
    await page.getByRole('link', { name: 'Inbox' }).waitFor();
  });

  it('renders customer markup as text and runs none of it', async () => {
    const payloads = [
      '<img src=x onerror="window.__xss=1;alert(1)">',
      '<script>window.__xss=2</script>',
      '<svg onload="window.__xss=3"></svg>',
      'click javascript:window.__xss=4 now',
    ];
    const res = await postInbound(channel, {
      messageId: 'web-xss',
      sender: { id: 'cust-xss', name: '<img src=y onerror="window.__xss=5">' },
      text: payloads.join('\n'),
    });
    expect(res.status).toBe(202);
    const row = page.getByRole('link', { name: /onerror/ });
    await row.waitFor({ timeout: LONG });
    await row.click();
    const message = page.locator('.message.in', { hasText: '<script>window.__xss=2</script>' });
    await message.waitFor({ timeout: LONG });
    const text = (await message.locator('.text').textContent()) ?? '';
    for (const p of payloads) expect(text).toContain(p);
    expect(await page.locator('.messages img, .messages svg, .messages script').count()).toBe(0);
    expect(await page.locator('.conversation-list img').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('.conversation-head h2').textContent()).toContain('<img src=y');
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(dialogs).toEqual([]);
  });
});
