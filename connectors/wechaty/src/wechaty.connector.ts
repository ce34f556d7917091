import {
  ConnectorError,
  type ChannelConnector,
  type ChannelContext,
  type ChannelSession,
  type ChannelSessionHost,
  type OutboundMessage,
  type PreparedConfig,
  type SendResult,
  type SessionfulConnector,
} from '@scrm/connector-sdk';
import type { WechatyOptions } from 'wechaty';
import type { mock } from 'wechaty-puppet-mock';
import { createPuppet } from './wechaty-puppets';
import type { WechatySession } from './wechaty-session';
import { prepareWechatyConfig, settingsOf, type WechatySettings } from './wechaty-settings';

type Puppet = NonNullable<WechatyOptions['puppet']>;

export interface WechatyConnectorOptions {
  /** Builds the puppet for a channel; tests hand in a PuppetMock driven by their own mocker. */
  puppetFactory?: (settings: WechatySettings, ctx: ChannelContext) => Promise<Puppet>;
  /** Files up to this size are handed to Murmur inline to store; default 10 MiB. */
  maxAttachmentBytes?: number;
}

/**
 * Personal WeChat / WeCom accounts through a wechaty bot: one live session per channel, run by the
 * worker. Replies go through that live session, so they are sent by the process holding it.
 */
export class WechatyConnector implements ChannelConnector, SessionfulConnector {
  readonly type = 'wechaty';
  // Contact ids are only stable within the logged-in account.
  readonly identityScope = 'channel' as const;
  readonly hasInboundUrl = false;
  // Only the logged-in bot can send: the worker routes each reply to the process holding the session.
  readonly sendsThroughSession = true;
  private readonly sessions = new Map<string, WechatySession>();
  private readonly mockers = new Map<string, mock.Mocker>();

  constructor(private readonly options: WechatyConnectorOptions = {}) {}

  prepareConfig(input: Record<string, unknown>, existing?: PreparedConfig): PreparedConfig {
    return prepareWechatyConfig(input, existing);
  }

  async startSession(ctx: ChannelContext, host: ChannelSessionHost): Promise<ChannelSession> {
    const settings = settingsOf(ctx.config, ctx.secrets);
    const puppet = await (this.options.puppetFactory ?? createPuppet)(settings, ctx);
    const mocker = mockerOfPuppet(puppet);
    // wechaty is heavy to load: only processes that run a session pay for it.
    const { WechatySession: Session } = await import('./wechaty-session');
    const session = await Session.start(
      puppet,
      settings,
      host,
      `murmur-${ctx.channelId}`,
      this.options.maxAttachmentBytes ?? 10 * 1024 * 1024,
    );
    this.sessions.set(ctx.channelId, session);
    if (mocker) this.mockers.set(ctx.channelId, mocker);
    return {
      send: (message) => session.send(message),
      stop: async () => {
        if (this.sessions.get(ctx.channelId) === session) this.sessions.delete(ctx.channelId);
        if (mocker && this.mockers.get(ctx.channelId) === mocker) this.mockers.delete(ctx.channelId);
        await session.stop();
      },
    };
  }

  /**
   * Development and test hook: the mocker behind a running `wechaty-puppet-mock` session in this
   * process, to play the WeChat side (scan, login, contacts and rooms talking, logout). Undefined for
   * every real puppet and for sessions held by another process.
   */
  mockerOf(channelId: string): mock.Mocker | undefined {
    return this.mockers.get(channelId);
  }

  async send(ctx: ChannelContext, message: OutboundMessage): Promise<SendResult> {
    const session = this.sessions.get(ctx.channelId);
    if (!session) {
      throw new ConnectorError('TEMPORARY', 'the WeChat session for this channel is not running in this process');
    }
    return session.send(message);
  }
}

/** PuppetMock exposes the mocker that drives it; real puppets have none. */
function mockerOfPuppet(puppet: Puppet): mock.Mocker | undefined {
  const candidate = (puppet as unknown as { mocker?: unknown }).mocker;
  return candidate && typeof candidate === 'object' && 'scan' in candidate && 'login' in candidate
    ? (candidate as mock.Mocker)
    : undefined;
}
