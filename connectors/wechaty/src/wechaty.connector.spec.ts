import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  ChannelContext,
  ChannelSession,
  ChannelSessionHost,
  ChannelStatusReport,
  NormalizedInboundMessage,
  NormalizedTimelineEvent,
} from '@scrm/connector-sdk';
import { FileBox } from 'file-box';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { WechatyConnector } from './wechaty.connector';

// Boots real services on a shared, loaded machine: generous hook and test timeouts.
jest.setTimeout(120_000);

/** Records what a session hands the worker, as the real runner's host would store it. */
class RecordingHost implements ChannelSessionHost {
  readonly messages: NormalizedInboundMessage[] = [];
  readonly events: NormalizedTimelineEvent[] = [];
  readonly statuses: ChannelStatusReport[] = [];
  readonly state = new Map<string, unknown>();
  private readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  readonly logger = { info: (): void => undefined, warn: (): void => undefined, error: (): void => undefined };

  async ingest(messages: NormalizedInboundMessage[]): Promise<void> {
    this.messages.push(...messages);
  }
  async recordEvents(events: NormalizedTimelineEvent[]): Promise<void> {
    this.events.push(...events);
  }
  async reportStatus(report: ChannelStatusReport): Promise<void> {
    this.statuses.push(report);
  }
  async loadState<T>(key: string): Promise<T | undefined> {
    return this.state.get(key) as T | undefined;
  }
  async saveState(key: string, value: unknown): Promise<void> {
    this.state.set(key, value);
  }
  get lastStatus(): ChannelStatusReport | undefined {
    return this.statuses[this.statuses.length - 1];
  }
}

async function until<T>(what: string, fn: () => T | undefined | false, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('wechaty connector with wechaty-puppet-mock', () => {
  const mocker = new mock.Mocker();
  const connector = new WechatyConnector({ puppetFactory: async () => new PuppetMock({ mocker }) as never });
  const prepared = connector.prepareConfig({ puppet: 'wechaty-puppet-mock', messagesPerMinute: 600, jitterMs: 0 });
  const ctx: ChannelContext = {
    channelId: 'ch-1',
    workspaceId: 'ws-1',
    config: prepared.config,
    secrets: prepared.secrets,
  };
  const host = new RecordingHost();
  let session: ChannelSession;
  let files: Server;
  let filesUrl: string;
  const brand = mocker.createContact({ name: 'Brand' });
  const alice = mocker.createContact({ name: 'Alice' });
  const bob = mocker.createContact({ name: 'Bob' });
  const aliceInbox: string[] = [];
  alice.on('message', (m) => {
    if (m.talker().id === brand.id) aliceInbox.push(m.text() ?? `[${m.type()}]`);
  });

  beforeAll(async () => {
    files = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(Buffer.from('89504e470d0a1a0a', 'hex'));
    });
    await new Promise<void>((r) => files.listen(0, '127.0.0.1', () => r()));
    filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
    session = await connector.startSession(ctx, host);
  });

  afterAll(async () => {
    await session?.stop();
    await new Promise<void>((r) => files.close(() => r()));
  });

  it('validates its configuration and keeps the puppet-service token secret', () => {
    expect(() => connector.prepareConfig({ puppet: 'wechaty-puppet-unknown' })).toThrow(/config.puppet/);
    expect(() => connector.prepareConfig({ puppet: 'wechaty-puppet-service', endpoint: '127.0.0.1:8788' })).toThrow(
      /token is required/,
    );
    const p = connector.prepareConfig({
      puppet: 'wechaty-puppet-service',
      endpoint: '127.0.0.1:8788',
      token: 'insecure_abc',
      tlsInsecure: true,
    });
    expect(p.config).toEqual({
      puppet: 'wechaty-puppet-service',
      endpoint: '127.0.0.1:8788',
      tlsInsecure: true,
      messagesPerMinute: 20,
      jitterMs: 2000,
    });
    expect(p.secrets).toEqual({ token: 'insecure_abc' });
  });

  it('reports the QR code to scan, then online with the pacing once logged in', async () => {
    mocker.scan('https://login.weixin.qq.com/l/mock-qr', 2);
    const scan = await until('scan status', () => host.statuses.find((s) => s.status === 'waiting_for_scan'));
    expect(scan.qrCode).toBe('https://login.weixin.qq.com/l/mock-qr');
    mocker.login(brand);
    const online = await until('online', () => host.statuses.find((s) => s.status === 'online'));
    expect(online.detail).toContain('600 messages/minute');
  });

  it('ingests 1:1 text and image messages from a contact', async () => {
    alice.say('hello, is my order shipped?').to(brand);
    alice.say(FileBox.fromBase64(Buffer.from('89504e47', 'hex').toString('base64'), 'receipt.png')).to(brand);
    await until('two messages', () => host.messages.length >= 2 && true);
    const text = host.messages.find((m) => m.text === 'hello, is my order shipped?')!;
    expect(text).toMatchObject({
      threadKey: alice.id,
      isGroup: false,
      sender: { platformUserId: alice.id, displayName: 'Alice' },
      direction: 'in',
    });
    const image = host.messages.find((m) => m.attachments.length > 0)!;
    expect(image.attachments[0]).toMatchObject({
      type: 'image',
      name: 'receipt.png',
      contentType: 'image/png',
      size: 4,
      content: Buffer.from('89504e47', 'hex').toString('base64'),
    });
    expect(image.threadKey).toBe(alice.id);
  });

  it('ingests room messages with mentions as one group conversation, each speaker an identity', async () => {
    const room = mocker.createRoom({ topic: 'VIP customers', memberIdList: [brand.id, alice.id, bob.id] });
    bob.say('@Brand any discount today?', [brand]).to(room);
    alice.say('me too').to(room);
    const fromBob = await until('bob in room', () => host.messages.find((m) => m.text.includes('discount')));
    expect(fromBob).toMatchObject({
      threadKey: room.id,
      isGroup: true,
      threadName: 'VIP customers',
      sender: { platformUserId: bob.id, displayName: 'Bob' },
      mentions: [brand.id],
      direction: 'in',
    });
    const fromAlice = await until('alice in room', () => host.messages.find((m) => m.text === 'me too'));
    expect(fromAlice.threadKey).toBe(room.id);
    expect(fromAlice.sender.platformUserId).toBe(alice.id);
  });

  it('ingests a re-emitted message only once', async () => {
    const before = host.messages.length;
    alice.say('only once please').to(brand);
    const m = await until('message', () => host.messages.find((x) => x.text === 'only once please'));
    mocker.puppet.emit('message', { messageId: m.platformMessageId });
    mocker.puppet.emit('message', { messageId: m.platformMessageId });
    alice.say('a marker after the re-emits').to(brand);
    await until('marker', () => host.messages.find((x) => x.text === 'a marker after the re-emits'));
    expect(host.messages.length).toBe(before + 2);
  });

  it('records messages the account sent from a phone as outbound', async () => {
    brand.say('sent from my phone').to(alice);
    const out = await until('self message', () => host.messages.find((m) => m.text === 'sent from my phone'));
    expect(out).toMatchObject({ direction: 'out', threadKey: alice.id, sender: { platformUserId: alice.id } });
  });

  it('sends replies to a contact (text and image) and to a room with a mention, without re-ingesting them', async () => {
    const before = host.messages.length;
    await connector.send(ctx, {
      messageId: 'm-1',
      conversationId: 'c-1',
      threadKey: alice.id,
      recipient: { platformUserId: alice.id },
      text: 'Your parcel ships today',
      attachments: [{ url: `${filesUrl}/label.png`, type: 'image', name: 'label.png' }],
      createdAt: new Date(),
    });
    await until('alice got the reply', () => aliceInbox.includes('Your parcel ships today'));
    await until('alice got the image', () => aliceInbox.length >= 2);

    const room = [...mocker.cacheRoomPayload.values()].find((r) => r.topic === 'VIP customers')!;
    await connector.send(ctx, {
      messageId: 'm-2',
      conversationId: 'c-2',
      threadKey: room.id,
      recipient: { platformUserId: room.id },
      text: '10% off today',
      attachments: [],
      mentions: [bob.id],
      createdAt: new Date(),
    });
    const inRoom = await until('room reply', () =>
      [...mocker.cacheMessagePayload.values()].find((p) => p.roomId === room.id && p.talkerId === brand.id),
    );
    expect(inRoom.text).toBe('@Bob 10% off today');

    alice.say('marker after replies').to(brand);
    await until('marker', () => host.messages.find((m) => m.text === 'marker after replies'));
    expect(host.messages.slice(before).map((m) => m.text)).toEqual(['marker after replies']);
  });

  it('paces a burst of replies and shows the queue in the status', async () => {
    const burst = [1, 2, 3].map((i) =>
      connector.send(ctx, {
        messageId: `b-${i}`,
        conversationId: 'c-1',
        threadKey: alice.id,
        recipient: { platformUserId: alice.id },
        text: `burst ${i}`,
        attachments: [],
        createdAt: new Date(),
      }),
    );
    await Promise.all(burst);
    expect(aliceInbox.filter((t) => t.startsWith('burst'))).toEqual(['burst 1', 'burst 2', 'burst 3']);
    expect(host.statuses.some((s) => s.status === 'online' && /\d+ waiting/.test(s.detail ?? ''))).toBe(true);
    expect(host.lastStatus).toMatchObject({ status: 'online' });
    expect(host.lastStatus!.detail).not.toContain('waiting');
  });

  it('records room join, leave and topic changes as timeline events', async () => {
    const room = mocker.createRoom({ topic: 'Launch', memberIdList: [brand.id, alice.id, bob.id] });
    const carol = mocker.createContact({ name: 'Carol' });
    room.add(carol).by(alice);
    room.remove(bob).by(alice);
    room.topic('Launch day').by(alice);
    await until('three events', () => host.events.filter((e) => e.threadKey === room.id).length >= 3 && true);
    const kinds = host.events.filter((e) => e.threadKey === room.id).map((e) => `${e.kind}:${e.platformUserId}`);
    expect(kinds.sort()).toEqual(
      [`room.member_joined:${carol.id}`, `room.member_left:${bob.id}`, `room.topic_changed:${alice.id}`].sort(),
    );
    const topic = host.events.find((e) => e.kind === 'room.topic_changed')!;
    expect(topic.data).toMatchObject({ topic: 'Launch day', previous: 'Launch' });
  });

  it('reports logged_out when the account logs out, and refuses to send after', async () => {
    await mocker.puppet.logout();
    await until('logged out', () => host.statuses.find((s) => s.status === 'logged_out'));
    await expect(
      connector.send(ctx, {
        messageId: 'x',
        conversationId: 'c',
        threadKey: alice.id,
        recipient: { platformUserId: alice.id },
        text: 'hi',
        attachments: [],
        createdAt: new Date(),
      }),
    ).rejects.toMatchObject({ code: 'TEMPORARY' });
  });
});
