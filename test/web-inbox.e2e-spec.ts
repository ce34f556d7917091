import jsQR from 'jsqr';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { IngestService } from '@scrm/ingest';
import { RealtimePublisher } from '@scrm/realtime';
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
import { createRedisPrefix, createTestDatabase, waitFor } from './support/test-services';

const LONG = 30_000;

/** With MURMUR_SCREENSHOTS=<dir>, the test also saves the screenshots shown in the docs. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.MURMUR_SCREENSHOTS;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png` });
}

/**
 * Holds the answer to the page's next request matching `url`: the server answers at once (`answered`),
 * the page gets that answer only when `deliver` is called, which resolves once the page has it.
 */
async function holdNextAnswer(page: Page, url: RegExp): Promise<{ answered: Promise<void>; deliver(): Promise<void> }> {
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route(
    url,
    async (route) => {
      const response = await route.fetch();
      answer();
      await released;
      await route.fulfill({ response });
    },
    { times: 1 },
  );
  return {
    answered,
    deliver: async () => {
      const arrived = page.waitForResponse(url);
      release();
      await arrived;
    },
  };
}

/** Reads a QR code drawn as an SVG data URL of unit squares (`M{x} {y}h1v1h-1z`): rasterized, then decoded. */
function decodeSvgQr(dataUrl: string): string | undefined {
  const svg = Buffer.from(dataUrl.replace(/^data:image\/svg\+xml;base64,/, ''), 'base64').toString('utf8');
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const scale = 4;
  const width = size * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [, x, y] of svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++) {
      for (let dx = 0; dx < scale; dx++) {
        const p = ((Number(y) * scale + dy) * width + Number(x) * scale + dx) * 4;
        pixels.fill(0, p, p + 3);
      }
    }
  }
  return jsQR(pixels, width, width)?.data;
}

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
  /** A customer message through the API channel, which accepts it. */
  const pushAccepted = async (message: Parameters<typeof postInbound>[1]): Promise<void> => {
    expect((await postInbound(channel, message)).status).toBe(202);
  };
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
    context = await browser.newContext({
      locale: 'en-US',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1360, height: 800 },
    });
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

  it('inserts a canned response with /, and works alongside a second agent: presence, typing, soft lock, mention', async () => {
    expect(
      (
        await tenant.client.call('POST', '/api/v1/canned-responses', {
          shortcut: 'thanks',
          content: 'Thank you {{contact.name}}!',
        })
      ).status,
    ).toBe(201);
    const conversationUrl = page.url();
    await page.reload();
    const box = page.getByRole('textbox', { name: 'Reply' });
    await box.waitFor({ timeout: LONG });
    await box.pressSequentially('/than');
    await page.getByRole('option', { name: /thanks/ }).waitFor({ timeout: LONG });
    await box.press('Enter');
    expect(await box.inputValue()).toBe('Thank you Alice Wang!');
    await box.fill('');

    const invited = await tenant.client.call<{ temporaryPassword: string; email: string }>('POST', '/api/v1/members', {
      email: `agent-two-${Date.now()}@example.test`,
      name: 'Agent Two',
      role: 'agent',
    });
    expect(invited.status).toBe(201);
    const second = await browser.newContext({ locale: 'en-US' });
    try {
      const page2 = await second.newPage();
      await page2.goto(conversationUrl);
      await page2.getByLabel('Email').fill(invited.body.email);
      await page2.getByLabel('Password').fill(invited.body.temporaryPassword);
      await page2.getByRole('button', { name: 'Sign in' }).click();
      const box2 = page2.getByRole('textbox', { name: 'Reply' });
      await box2.waitFor({ timeout: LONG });

      await page.getByText('Also viewing: Agent Two').waitFor({ timeout: LONG });
      await page2.getByText('Also viewing: Browser Co').waitFor({ timeout: LONG });
      await box2.pressSequentially('I am on it');
      await page.getByText('Agent Two is typing…').waitFor({ timeout: LONG });

      // The soft lock: a second agent sending while another is typing is asked first.
      await box.fill('Sending anyway');
      await box.press('Enter');
      const warning = page.getByRole('alert').filter({ hasText: 'Another agent is replying' });
      await warning.waitFor({ timeout: LONG });
      await warning.getByRole('button', { name: 'Send' }).click();
      await page.locator('.message.out', { hasText: 'Sending anyway' }).waitFor({ timeout: LONG });

      await page.getByRole('radio', { name: 'Note' }).click();
      const note = page.getByRole('textbox', { name: 'Private note' });
      await note.fill('@Agent Two please double-check the tracking link');
      await note.press('Enter');
      await page2.getByRole('status').filter({ hasText: 'Browser Co mentioned you' }).waitFor({ timeout: LONG });
      await page2.locator('.note', { hasText: 'please double-check' }).waitFor({ timeout: LONG });
      await page.getByRole('radio', { name: 'Reply' }).click();
      await shot(page2, 'mention-notification');
    } finally {
      await second.close();
    }
    await shot(page, 'conversation');
  });

  it('assigns, resolves, and reopens when the customer writes again', async () => {
    const head = page.locator('.conversation-head');
    await head.getByRole('combobox', { name: 'Assignee' }).selectOption({ label: 'Browser Co' });
    await page
      .getByRole('link', { name: /Alice Wang/ })
      .locator('.assignee', { hasText: 'Browser Co' })
      .waitFor({
        timeout: LONG,
      });
    await page.locator('.filters').getByRole('combobox', { name: 'Status' }).selectOption('');
    await head.getByRole('combobox', { name: 'Status' }).selectOption('resolved');
    const row = page.getByRole('link', { name: /Alice Wang/ });
    await row.locator('.status-resolved').waitFor({ timeout: LONG });
    await pushAccepted({ messageId: 'web-2', sender: { id: 'cust-1' }, text: 'one more thing' });
    await row.locator('.status-open').waitFor({ timeout: LONG });
    expect(await head.getByRole('combobox', { name: 'Status' }).inputValue()).toBe('open');
    await page.locator('.message.in', { hasText: 'one more thing' }).waitFor({ timeout: LONG });
  });

  it("edits the contact's lifecycle stage, tags and attributes from the keyboard", async () => {
    const defined = await tenant.client.call('POST', '/api/v1/contact-attributes', {
      key: 'plan',
      label: 'Plan',
      type: 'choice',
      options: ['free', 'pro'],
    });
    expect(defined.status).toBe(201);
    await page.reload();
    const panel = page.locator('.contact-panel');
    const stage = panel.getByRole('combobox', { name: 'Lifecycle stage' });
    await stage.waitFor({ timeout: LONG });
    await stage.focus();
    await stage.selectOption('vip');
    await panel.getByRole('textbox', { name: 'New tag' }).focus();
    await page.keyboard.type('wholesale');
    await page.keyboard.press('Enter');
    const remove = panel.getByRole('button', { name: 'Remove tag wholesale' });
    await remove.waitFor({ timeout: LONG });
    await panel.getByRole('combobox', { name: 'Plan' }).selectOption('pro');
    await panel.getByRole('button', { name: 'Save attributes' }).press('Enter');
    await panel.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: LONG });

    const list = await tenant.client.call<{ items: { contactId: string; contact: { name: string } }[] }>(
      'GET',
      '/api/v1/conversations',
    );
    const contactId = list.body.items.find((c) => c.contact?.name === 'Alice Wang')!.contactId;
    const read = () =>
      tenant.client.call<{ lifecycleStage: string; tags: { name: string }[]; attributes: Record<string, unknown> }>(
        'GET',
        `/api/v1/contacts/${contactId}`,
      );
    expect((await read()).body).toMatchObject({
      lifecycleStage: 'vip',
      tags: [{ name: 'wholesale' }],
      attributes: { plan: 'pro' },
    });
    await remove.press('Enter');
    await remove.waitFor({ state: 'detached', timeout: LONG });
    expect((await read()).body.tags).toEqual([]);
  });

  it('filters the inbox by a saved segment', async () => {
    // A second customer, not a VIP: only the VIP contact belongs to the segment.
    await pushAccepted({ messageId: 'web-seg', sender: { id: 'cust-seg', name: 'Carl Segment' }, text: 'hi' });
    const saved = await tenant.client.call('POST', '/api/v1/segments', {
      name: 'VIPs',
      filter: { match: 'all', conditions: [{ type: 'lifecycle', stages: ['vip'] }] },
    });
    expect(saved.status).toBe(201);
    await page.reload();
    const filters = page.locator('.filters');
    await filters.getByRole('combobox', { name: 'Status' }).selectOption('');
    await page.getByRole('link', { name: /Carl Segment/ }).waitFor({ timeout: LONG });
    await filters.getByRole('combobox', { name: 'Segment' }).selectOption({ label: 'VIPs' });
    await page.getByRole('link', { name: /Carl Segment/ }).waitFor({ state: 'detached', timeout: LONG });
    await page.getByRole('link', { name: /Alice Wang/ }).waitFor({ timeout: LONG });
    await filters.getByRole('combobox', { name: 'Segment' }).selectOption('');
    await page.getByRole('link', { name: /Carl Segment/ }).waitFor({ timeout: LONG });
    // Read, so later badge counts concern only their own customers.
    const list = await tenant.client.call<{ items: { id: string; contact: { name: string } }[] }>(
      'GET',
      '/api/v1/conversations?status=',
    );
    const carl = list.body.items.find((c) => c.contact?.name === 'Carl Segment')!;
    expect((await tenant.client.call('POST', `/api/v1/conversations/${carl.id}/read`)).status).toBeLessThan(300);
    await page.getByRole('link', { name: 'Carl Segment', exact: true }).waitFor({ timeout: LONG });
  });

  it('switches the UI to Chinese and remembers it', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN');
    await page.getByRole('link', { name: '收件箱' }).waitFor();
    expect(await page.evaluate('document.documentElement.lang')).toBe('zh-CN');
    await page.reload();
    await page.getByRole('link', { name: '收件箱' }).waitFor({ timeout: LONG });
    await page.getByRole('textbox', { name: '回复' }).waitFor({ timeout: LONG });
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

  it('shows stored images inline and other files as links with their name and size', async () => {
    // A 1×1 PNG, as a live session (wechaty) hands files over inline.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      'base64',
    );
    const pdf = Buffer.from('%PDF-1.4\n% not really a document\n');
    await api.app
      .get(IngestService)
      .acceptFromSession(
        { workspaceId: tenant.workspaceId, channelId: channel.id, channelType: 'webhook', identityScope: 'channel' },
        [
          {
            platformMessageId: 'web-files',
            threadKey: 'cust-files',
            sender: { platformUserId: 'cust-files', displayName: 'Carol Files' },
            text: 'photo and invoice',
            attachments: [
              {
                url: 'wechaty-file:1',
                type: 'image',
                name: 'photo.png',
                contentType: 'image/png',
                content: png.toString('base64'),
              },
              {
                url: 'wechaty-file:2',
                type: 'file',
                name: 'invoice.pdf',
                contentType: 'application/pdf',
                content: pdf.toString('base64'),
              },
              { url: 'javascript:window.__xss=6', type: 'file', name: 'trap.txt', size: 10 },
            ],
            sentAt: new Date().toISOString(),
          },
        ],
      );
    const row = page.getByRole('link', { name: /Carol Files/ });
    await row.waitFor({ timeout: LONG });
    await row.click();
    const files = page
      .locator('.message.in', { hasText: 'photo and invoice' })
      .getByRole('list', { name: 'Attachments' });
    const img = files.getByRole('img', { name: 'photo.png' });
    await img.waitFor({ timeout: LONG });
    await waitFor(
      'thumbnail decoded',
      async () => (await img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)) === 1,
    );
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    const invoice = files.getByRole('link', { name: `invoice.pdf (${pdf.length} B)` });
    await invoice.waitFor({ timeout: LONG });
    expect(await invoice.getAttribute('href')).toMatch(/^\/api\/v1\/attachments\/[0-9a-f-]{36}$/);
    const download = page.waitForEvent('download');
    await invoice.click();
    expect((await download).suggestedFilename()).toBe('invoice.pdf');
    expect(await files.getByText('trap.txt (10 B)').count()).toBe(1);
    expect(await files.getByRole('link', { name: /trap/ }).count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('sorts the list on the server and badges what this agent has not read', async () => {
    await pushAccepted({ messageId: 'web-dan', sender: { id: 'cust-dan', name: 'Dan Badge' }, text: 'hello?' });
    const dan = page.getByRole('link', { name: 'Dan Badge, 1 unread' });
    await dan.waitFor({ timeout: LONG });
    const sort = page.locator('.filters').getByRole('combobox', { name: 'Sort by' });
    const titles = (): Promise<string[]> => page.locator('.conversation-list .title').allTextContents();
    await sort.selectOption({ label: 'Waiting longest' });
    // Alice's last message is the oldest still unanswered; Dan has waited the shortest time.
    await waitFor('waiting order', async () => {
      const t = await titles();
      return t[0] === 'Alice Wang' && t[t.length - 1] === 'Dan Badge';
    });
    await sort.selectOption({ label: 'Latest activity' });
    await waitFor('latest order', async () => (await titles())[0] === 'Dan Badge');
    await dan.click();
    await page.locator('.message.in', { hasText: 'hello?' }).waitFor({ timeout: LONG });
    await page.getByRole('link', { name: 'Dan Badge', exact: true }).waitFor({ timeout: LONG });
    expect(await page.locator('.conversation-list .badge').count()).toBe(0);
  });

  it('connects a webhook channel and sets round-robin assignment from the settings', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('tab', { name: 'Channels' }).waitFor({ timeout: LONG });
    await page.getByRole('textbox', { name: 'Name' }).fill('Shop API');
    await page.getByRole('button', { name: 'Connect an API (webhook) channel' }).click();
    const shown = page.getByRole('status').filter({ hasText: 'shown only now' });
    await shown.waitFor({ timeout: LONG });
    expect(await shown.textContent()).toMatch(/[0-9a-f]{64}/);
    const row = page.getByRole('row', { name: /Shop API/ });
    await row.waitFor({ timeout: LONG });
    await row.getByRole('combobox', { name: 'Assignment' }).selectOption('round_robin');
    const channels = await tenant.client.call<{ id: string; name: string }[]>('GET', '/api/v1/channels');
    const shop = channels.body.find((c) => c.name === 'Shop API')!;
    await waitFor('policy saved', async () => {
      const p = await tenant.client.call<{ mode: string }>('GET', `/api/v1/channels/${shop.id}/assignment`);
      return p.body.mode === 'round_robin';
    });
    await shot(page, 'settings-channels');
  });

  it("draws a channel's login QR code as an image when a scan is awaited", async () => {
    const payload = 'https://login.weixin.qq.com/l/IYQK7w2Zxg==';
    api.app.get(RealtimePublisher).publishToAdmins(tenant.workspaceId, 'channel.updated', {
      workspaceId: tenant.workspaceId,
      channel: {
        id: channel.id,
        type: 'webhook',
        status: 'waiting_for_scan',
        statusDetail: null,
        statusUntil: null,
        lastError: null,
        qrCode: payload,
      },
    });
    const img = page.getByRole('img', { name: 'WeChat login QR code' });
    await img.waitFor({ timeout: LONG });
    const src = (await img.getAttribute('src')) ?? '';
    expect(src).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(decodeSvgQr(src)).toBe(payload);
    expect(await page.getByText(payload).count()).toBe(0);
  });

  it('keeps a live change that arrives while the list is being read', async () => {
    await page.getByRole('link', { name: 'Inbox' }).click();
    await page.locator('.filters').getByRole('combobox', { name: 'Status' }).selectOption('');
    await pushAccepted({ messageId: 'web-erin', sender: { id: 'cust-erin', name: 'Erin Race' }, text: 'hi' });
    const erin = page.getByRole('link', { name: /Erin Race/ });
    await erin.locator('.status-open').waitFor({ timeout: LONG });
    const list = await tenant.client.call<{ items: { id: string; contact: { name: string | null } | null }[] }>(
      'GET',
      '/api/v1/conversations?limit=50',
    );
    const erinId = list.body.items.find((c) => c.contact?.name === 'Erin Race')!.id;

    // The next list read is answered by the server at once, but reaches the page only after a change
    // made meanwhile has been delivered live: its answer is older than what the page already shows.
    const held = await holdNextAnswer(page, /\/api\/v1\/conversations\?/);
    const sort = page.locator('.filters').getByRole('combobox', { name: 'Sort by' });
    await sort.selectOption({ label: 'Waiting longest' });
    await held.answered;
    expect((await tenant.client.call('PATCH', `/api/v1/conversations/${erinId}`, { status: 'pending' })).status).toBe(
      200,
    );
    await erin.locator('.status-pending').waitFor({ timeout: LONG });
    await held.deliver();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await erin.locator('.status-pending').count()).toBe(1);
    await sort.selectOption({ label: 'Latest activity' });
  });

  it('keeps a message that arrives live while the conversation is being read', async () => {
    const erin = page.getByRole('link', { name: /Erin Race/ });
    // The conversation's messages are read by the server at once, but reach the page only after a new
    // customer message has been delivered live.
    const held = await holdNextAnswer(page, /\/api\/v1\/conversations\/[0-9a-f-]+\/messages\?/);
    await erin.click();
    await held.answered;
    await pushAccepted({ messageId: 'web-erin-2', sender: { id: 'cust-erin' }, text: 'are you there?' });
    const live = page.locator('.message.in', { hasText: 'are you there?' });
    await live.waitFor({ timeout: LONG });
    await held.deliver();
    await page.locator('.message.in', { hasText: 'hi' }).first().waitFor({ timeout: LONG });
    expect(await live.count()).toBe(1);
  });
});
