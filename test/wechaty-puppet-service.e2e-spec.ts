import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type {
  ChannelContext,
  ChannelSession,
  ChannelSessionHost,
  ChannelStatusReport,
  NormalizedInboundMessage,
} from '@scrm/connector-sdk';
import { log as serviceLog, PuppetServer } from 'wechaty-puppet-service';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { WechatyConnector } from '@scrm/connector-wechaty';

// Boots real services on a shared, loaded machine: generous hook and test timeouts.
jest.setTimeout(120_000);

// The puppet server logs every lookup the mock cannot answer; the test asserts behaviour, not logs.
serviceLog.level('silent');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * The production path: the connector builds its own PuppetService from the channel configuration and
 * talks gRPC to a local PuppetServer that wraps a mock puppet.
 */
describe('wechaty connector over wechaty-puppet-service', () => {
  const mocker = new mock.Mocker();
  const token = 'insecure_murmur_test_token';
  let server: PuppetServer;
  let session: ChannelSession | undefined;
  const messages: NormalizedInboundMessage[] = [];
  const statuses: ChannelStatusReport[] = [];
  const controller = new AbortController();
  const host: ChannelSessionHost = {
    ingest: async (m) => void messages.push(...m),
    recordEvents: async () => undefined,
    reportStatus: async (s) => void statuses.push(s),
    loadState: async () => undefined,
    saveState: async () => undefined,
    signal: controller.signal,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  };

  afterAll(async () => {
    controller.abort();
    await session?.stop();
    await server?.stop();
  });

  it('logs in through the puppet server, ingests a message and sends a reply', async () => {
    const endpoint = `127.0.0.1:${await freePort()}`;
    server = new PuppetServer({ endpoint, token, puppet: new PuppetMock({ mocker }), tls: { disable: true } });
    await server.start();

    const connector = new WechatyConnector();
    const prepared = connector.prepareConfig({
      puppet: 'wechaty-puppet-service',
      endpoint,
      token,
      tlsInsecure: true,
      messagesPerMinute: 600,
      jitterMs: 0,
    });
    const ctx: ChannelContext = {
      channelId: 'ch-svc',
      workspaceId: 'ws-1',
      config: prepared.config,
      secrets: prepared.secrets,
    };
    session = await connector.startSession(ctx, host);

    const brand = mocker.createContact({ name: 'Brand' });
    const alice = mocker.createContact({ name: 'Alice' });
    const received: string[] = [];
    alice.on('message', (m) => void (m.talker().id === brand.id && received.push(m.text() ?? '')));
    mocker.scan('https://login.weixin.qq.com/l/svc-qr', 2);
    const scan = await until('scan', () => statuses.find((s) => s.status === 'waiting_for_scan'));
    expect(scan.qrCode).toBe('https://login.weixin.qq.com/l/svc-qr');
    mocker.login(brand);
    await until('online', () => statuses.find((s) => s.status === 'online'));

    alice.say('hello over grpc').to(brand);
    const m = await until('message', () => messages.find((x) => x.text === 'hello over grpc'));
    expect(m).toMatchObject({ threadKey: alice.id, direction: 'in', sender: { platformUserId: alice.id } });

    await connector.send(ctx, {
      messageId: 'r-1',
      conversationId: 'c-1',
      threadKey: alice.id,
      isGroup: false,
      recipient: { platformUserId: alice.id },
      text: 'hi from Murmur',
      attachments: [],
      createdAt: new Date(),
    });
    await until('reply at the contact', () => received.includes('hi from Murmur'));
  }, 60_000);
});
