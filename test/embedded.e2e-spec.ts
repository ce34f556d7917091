import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { verifyWebhookSignature } from '@scrm/connector-webhook';
import {
  ApiClient,
  connectSocket,
  freePort,
  killSpawned,
  postInbound,
  spawnProcess,
  startCallbackServer,
  stopProcess,
  type SpawnedProcess,
} from './support/murmur-harness';
import { waitFor } from './support/test-services';

interface Banner {
  url: string;
  email: string;
  password: string;
  inboundUrl: string;
  secret: string;
}

function readBanner(out: string): Banner {
  const field = (re: RegExp): string => {
    const m = re.exec(out);
    if (!m) throw new Error(`banner line ${String(re)} missing from:\n${out}`);
    return m[1]!;
  };
  return {
    url: field(/Murmur is running at (\S+)/),
    email: field(/Demo login: (\S+)/),
    password: field(/Password: +(\S+) +\(shown once/),
    inboundUrl: field(/Demo webhook channel inbound URL: (\S+)/),
    secret: field(/Demo webhook signing secret: +(\S+)/),
  };
}

/** The banner names localhost; the test talks to the loopback address the process listens on. */
const loopback = (url: string): string => url.replace('//localhost:', '//127.0.0.1:');

/**
 * The embedded default exactly as `npm start` runs it — one real child process with no DATABASE_URL
 * and no REDIS_URL (PGlite under DATA_DIR, the in-process queue) — seeds a demo workspace, prints how
 * to log in, and carries a message's whole round trip; its data survives a restart.
 */
describe('embedded mode (npm start: PGlite and the in-process queue)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'murmur-embedded-'));
  let port: number;
  let proc: SpawnedProcess | undefined;
  let banner: Banner;
  let base: string;
  let client: ApiClient;
  let socket: Socket | undefined;
  let callback: Awaited<ReturnType<typeof startCallbackServer>>;

  // What `npm start` runs, with only the port, bind address and data directory chosen by the test.
  const start = (): Promise<SpawnedProcess> =>
    spawnProcess(
      'all',
      { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      /Murmur is running at [\s\S]*Password:.*\n/,
    );

  beforeAll(async () => {
    port = await freePort();
    callback = await startCallbackServer();
    proc = await start();
    banner = readBanner(proc.output());
    base = loopback(banner.url);
    client = new ApiClient(base);
  });

  afterAll(async () => {
    socket?.disconnect();
    if (proc) await stopProcess(proc.child);
    await killSpawned();
    await callback?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints the URL, the storage in use and the demo login on first start', () => {
    const out = proc!.output();
    expect(banner.url).toBe(`http://localhost:${port}`);
    expect(out).toContain(`API docs: http://localhost:${port}/api/docs`);
    expect(out).toContain(`Database: embedded (PGlite) in ${dataDir}/pg; queue: in-process; role: all`);
    expect(banner.email).toBe('admin@murmur.local');
    expect(banner.password.length).toBeGreaterThanOrEqual(12);
    expect(banner.inboundUrl).toMatch(new RegExp(`^http://localhost:${port}/api/v1/inbound/[0-9a-f-]{36}$`));
    expect(banner.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(dataDir, 'pg'))).toBe(true);
  });

  it('serves the inbox page, the health probes and the API docs', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    await page.arrayBuffer();
    expect((await client.call('GET', '/health')).status).toBe(200);
    expect(await client.call('GET', '/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
    const docs = await client.call<{ paths: Record<string, unknown> }>('GET', '/api/docs-json');
    expect(Object.keys(docs.body.paths)).toContain('/api/v1/inbound/{channelId}');
  });

  it('completes the round trip: signed inbound → live event → REST reply → signed callback → sent', async () => {
    await client.login(banner.email, banner.password);
    const live = await connectSocket(base, client.token!);
    socket = live.socket;
    const events = live.events;
    const channelId = banner.inboundUrl.split('/').pop()!;
    const patched = await client.call('PATCH', `/api/v1/channels/${channelId}`, {
      config: { callbackUrl: callback.url },
    });
    expect(patched.status).toBe(200);

    const eventTime = '2026-11-22T10:00:00.000Z';
    const res = await postInbound(
      { inboundUrl: loopback(banner.inboundUrl), secret: banner.secret },
      {
        messageId: 'emb-1',
        sender: { id: 'u-emb', name: 'Emma' },
        text: 'hello from the embedded mode',
        timestamp: eventTime,
      },
    );
    expect(res.status).toBe(202);

    const created = await waitFor(
      'message.created',
      async () => events.find((e) => e.name === 'message.created'),
      60_000,
    );
    const payload = created.payload as { conversationId: string; message: Record<string, unknown> };
    expect(payload.message).toMatchObject({
      direction: 'in',
      text: 'hello from the embedded mode',
      platformMessageId: 'emb-1',
      sentAt: eventTime,
      author: { type: 'contact', name: 'Emma' },
    });

    const reply = await client.call<{ id: string; deliveryStatus: string }>(
      'POST',
      `/api/v1/conversations/${payload.conversationId}/messages`,
      { text: 'Hi Emma!' },
    );
    expect(reply.status).toBe(201);
    expect(reply.body.deliveryStatus).toBe('pending');

    await waitFor('the callback', async () => callback.received.length > 0, 60_000);
    const cb = callback.received[0]!;
    const ts = cb.headers['x-murmur-timestamp'] as string;
    expect(
      verifyWebhookSignature(banner.secret, ts, Buffer.from(cb.body), cb.headers['x-murmur-signature'] as string),
    ).toBe(true);
    expect(JSON.parse(cb.body)).toMatchObject({
      messageId: reply.body.id,
      conversationId: payload.conversationId,
      recipient: { id: 'u-emb' },
      text: 'Hi Emma!',
    });

    await waitFor(
      'message.updated sent',
      async () =>
        events.some(
          (e) =>
            e.name === 'message.updated' &&
            (e.payload as { message: { id: string; deliveryStatus: string } }).message.id === reply.body.id &&
            (e.payload as { message: { deliveryStatus: string } }).message.deliveryStatus === 'sent',
        ),
      60_000,
    );
  });

  it('keeps its data and prints no new password after a graceful restart', async () => {
    socket?.disconnect();
    socket = undefined;
    expect(await stopProcess(proc!.child, 'SIGTERM')).toBe(0);
    proc = await start();
    const out = proc.output();
    expect(out).toContain('Demo login: admin@murmur.local');
    expect(out).not.toContain(banner.password);
    expect(out).not.toContain(banner.secret);

    const again = new ApiClient(base);
    await again.login(banner.email, banner.password);
    const list = await again.call<{ items: { lastMessage: { text: string } }[] }>('GET', '/api/v1/conversations');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]!.lastMessage.text).toBe('Hi Emma!');
  });
});
