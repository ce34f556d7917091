import {
  ConnectorError,
  InboundRejection,
  type ChannelConnector,
  type ChannelContext,
  type ChannelSession,
  type ChannelSessionHost,
  type InboundHttpRequest,
  type InboundHttpResult,
  type OutboundMessage,
  type PreparedConfig,
  type SendResult,
  type SessionfulConnector,
} from '@scrm/connector-sdk';
import { ApiResponseError } from 'twitter-api-v2';
import { createXClients } from './x-client.factory';
import { prepareXConfig, readXConfig, readXSecrets, type XChannelConfig } from './x-config';
import { mapXError } from './x-errors';
import { DM_THREAD, POST_THREAD, dmPeer, dmThreadKey } from './x-normalize';
import { XPoller } from './x-poller';
import { XPostBudget } from './x-post-budget';
import { XSendPause, type XSendEndpoint } from './x-send-pause';
import { crcResponseToken, parseAccountActivity, verifyXSignature } from './x-webhook';

/**
 * The X channel: a live session polls mentions, listening queries and DMs (see x-poller.ts); the
 * Account Activity webhook may push the same events (answered CRC, verified signatures). Sending is
 * plain HTTP, so it runs from any worker without the session.
 */
export class XConnector implements ChannelConnector, SessionfulConnector {
  readonly type = 'x';
  readonly identityScope = 'platform' as const;
  readonly hasInboundUrl = true;
  readonly sendsThroughSession = false;

  prepareConfig(input: Record<string, unknown>, existing?: PreparedConfig): PreparedConfig {
    return prepareXConfig(input, existing);
  }

  async startSession(ctx: ChannelContext, host: ChannelSessionHost): Promise<ChannelSession> {
    const config = readXConfig(ctx.config);
    const clients = createXClients(config, readXSecrets(ctx.secrets));
    return Promise.resolve(
      new XPoller(
        config,
        clients,
        host,
        new XPostBudget(ctx.store, config.monthlyPostBudget),
        new XSendPause(ctx.store),
      ),
    );
  }

  handleInbound(ctx: ChannelContext, request: InboundHttpRequest, now: Date): InboundHttpResult {
    const secret = ctx.secrets.appSecret;
    if (!secret) throw new InboundRejection(403, 'FORBIDDEN', 'channel has no consumer secret');
    const crc = request.query.crc_token;
    if (request.method === 'GET') {
      if (!crc) throw new InboundRejection(400, 'VALIDATION_FAILED', 'crc_token query parameter is required');
      return { messages: [], response: { status: 200, body: { response_token: crcResponseToken(secret, crc) } } };
    }
    if (!verifyXSignature(secret, request.rawBody, request.headers['x-twitter-webhooks-signature'])) {
      throw new InboundRejection(401, 'SIGNATURE_INVALID', 'x-twitter-webhooks-signature does not match the body');
    }
    let messages;
    try {
      messages = parseAccountActivity(request.rawBody, readXConfig(ctx.config).userId, now);
    } catch {
      throw new InboundRejection(400, 'VALIDATION_FAILED', 'body is not an Account Activity JSON payload');
    }
    return { messages, response: { status: 200 } };
  }

  async send(ctx: ChannelContext, message: OutboundMessage): Promise<SendResult> {
    const config = readXConfig(ctx.config);
    const endpoint = sendEndpoint(message.threadKey);
    if (endpoint === 'replies' && message.automated) {
      // X's automation rules forbid unsolicited automated @mention replies; only DMs may be automated.
      throw new ConnectorError('INVALID', 'automated public replies on X are not allowed; reply by DM or by hand');
    }
    const pause = new XSendPause(ctx.store);
    // While X's window is spent, ask X nothing: the caller waits for the reset.
    await pause.check(endpoint);
    const budget = new XPostBudget(ctx.store, config.monthlyPostBudget);
    // Reserved before asking X, atomically: racing workers cannot overspend the last posts.
    const over = await budget.reserve();
    // Not retryable: the budget comes back next month, far beyond any retry.
    if (over) throw new ConnectorError('INVALID', over);
    try {
      return await this.post(ctx, config, message, endpoint);
    } catch (err) {
      const e = mapXError(err);
      // X answered with an error, so nothing was posted. (A request lost on the way may have posted.)
      if (e.cause instanceof ApiResponseError) await budget.release();
      if (e.code === 'RATE_LIMITED' && e.resetAt) await pause.pause(endpoint, e.resetAt);
      throw e;
    }
  }

  isPublicThread(threadKey: string): boolean {
    return threadKey.startsWith(POST_THREAD);
  }

  privateThreadFor(ctx: ChannelContext, platformUserId: string): string | undefined {
    const brand = readXConfig(ctx.config).userId;
    if (!/^\d+$/.test(platformUserId) || platformUserId === brand) return undefined;
    return dmThreadKey(brand, platformUserId);
  }

  /** Posts the reply or DM; X's errors propagate unmapped (send maps them). */
  private async post(
    ctx: ChannelContext,
    config: XChannelConfig,
    message: OutboundMessage,
    endpoint: XSendEndpoint,
  ): Promise<SendResult> {
    const { user } = createXClients(config, readXSecrets(ctx.secrets));
    if (endpoint === 'dms') {
      const conversationId = message.threadKey.slice(DM_THREAD.length);
      const peer = dmPeer(conversationId, config.userId);
      const res = await user.v2.post<{ data: { dm_event_id: string } }>(
        peer ? `dm_conversations/with/${peer}/messages` : `dm_conversations/${conversationId}/messages`,
        { text: message.text },
      );
      return { platformMessageId: res.data.dm_event_id };
    }
    const replyTo = message.inReplyToPlatformMessageId ?? message.threadKey.slice(POST_THREAD.length);
    const res = await user.v2.post<{ data: { id: string } }>('tweets', {
      text: message.text,
      reply: { in_reply_to_tweet_id: replyTo },
    });
    return { platformMessageId: res.data.id };
  }
}

function sendEndpoint(threadKey: string): XSendEndpoint {
  if (threadKey.startsWith(DM_THREAD)) return 'dms';
  if (threadKey.startsWith(POST_THREAD)) return 'replies';
  throw new ConnectorError('INVALID', 'conversation is not an X post thread or DM conversation');
}
