import { AppConfig } from '@scrm/config';
import {
  ConnectorError,
  type ChannelConnector,
  type ChannelSession,
  type OutboundMessage,
  type SessionfulConnector,
} from '@scrm/connector-sdk';
import { RedisConnections } from '@scrm/redis';
import { SessionSendRouter } from '@scrm/sessions';
import type { ResolvedChannel } from '@scrm/channels';
import { stackEnv } from './support/murmur-harness';
import { createRedisPrefix } from './support/test-services';

/**
 * Outbound for connectors that can only send through their live session (a logged-in bot): a worker
 * without the session hands the send to the holder over real Redis pub/sub and gets its answer.
 */
describe('sending through a session held by another worker', () => {
  const redis = createRedisPrefix();
  const received: OutboundMessage[] = [];
  let sessionSend: (m: OutboundMessage) => Promise<{ platformMessageId?: string }>;
  const session: ChannelSession = { stop: () => Promise.resolve(), send: (m) => sessionSend(m) };
  let holder: string | undefined = 'worker-b';
  const routers: { router: SessionSendRouter; connections: RedisConnections }[] = [];

  const connector = {
    type: 'bot',
    identityScope: 'channel',
    hasInboundUrl: false,
    sendsThroughSession: true,
    prepareConfig: () => ({ config: {}, secrets: {} }),
    send: () => Promise.reject(new Error('a session-bound connector cannot send statelessly')),
    startSession: () => Promise.resolve(session),
  } as ChannelConnector & SessionfulConnector;
  const channel: ResolvedChannel = {
    type: 'bot',
    connector,
    context: { channelId: 'ch-1', workspaceId: 'ws-1', config: {}, secrets: {} },
  };
  const message: OutboundMessage = {
    messageId: 'm-1',
    conversationId: 'cv-1',
    threadKey: 'peer-1',
    recipient: { platformUserId: 'peer-1' },
    text: 'hello from another worker',
    attachments: [],
    createdAt: new Date('2026-11-30T10:00:00.000Z'),
  };

  function router(holderId: string, local: ChannelSession | undefined): SessionSendRouter {
    const config = new AppConfig(
      'worker',
      stackEnv({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/unused', redisPrefix: redis.prefix }),
    );
    const connections = new RedisConnections(config);
    const runner = {
      holderId,
      localSession: (ws: string, ch: string) => (ws === 'ws-1' && ch === 'ch-1' ? local : undefined),
    };
    const leases = { holderOf: () => Promise.resolve(holder) };
    const status = { report: () => Promise.resolve() };
    const r = new SessionSendRouter(config, connections, runner as never, leases as never, status as never);
    routers.push({ router: r, connections });
    return r;
  }

  let a: SessionSendRouter;

  beforeAll(async () => {
    a = router('worker-a', undefined);
    const b = router('worker-b', session);
    await a.onApplicationBootstrap();
    await b.onApplicationBootstrap();
  });

  afterAll(async () => {
    for (const { router: r, connections } of routers) {
      r.onApplicationShutdown();
      await connections.onApplicationShutdown();
    }
    await redis.cleanup();
  });

  it('runs the send in the holder and returns its platform message id', async () => {
    sessionSend = (m) => {
      received.push(m);
      return Promise.resolve({ platformMessageId: 'platform-1' });
    };
    await expect(a.send(channel, message)).resolves.toEqual({ platformMessageId: 'platform-1' });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ messageId: 'm-1', text: 'hello from another worker' });
    expect(received[0]!.createdAt).toEqual(message.createdAt);
  });

  it('carries the holder’s connector error code back', async () => {
    sessionSend = () => Promise.reject(new ConnectorError('RATE_LIMITED', 'slow down'));
    await expect(a.send(channel, message)).rejects.toMatchObject({ code: 'RATE_LIMITED', message: 'slow down' });
  });

  it('fails as TEMPORARY (the job retries) when no worker holds the session', async () => {
    holder = undefined;
    await expect(a.send(channel, message)).rejects.toMatchObject({ code: 'TEMPORARY' });
    holder = 'worker-gone';
    await expect(a.send(channel, message)).rejects.toMatchObject({ code: 'TEMPORARY' });
  });
});
