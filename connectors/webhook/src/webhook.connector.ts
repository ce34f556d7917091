import { randomBytes } from 'node:crypto';
import {
  ConnectorError,
  InboundRejection,
  type ChannelConnector,
  type ChannelContext,
  type InboundHttpRequest,
  type InboundHttpResult,
  type OutboundMessage,
  type PreparedConfig,
  type SendResult,
} from '@scrm/connector-sdk';
import { parseWebhookPayload } from './webhook-payload';
import { signWebhook, verifyWebhookSignature } from './webhook-signature';

const SEND_TIMEOUT_MS = 10_000;

/**
 * The API channel: any system POSTs signed JSON messages in, and replies are POSTed, signed the same
 * way, to the channel's callback URL.
 */
export class WebhookConnector implements ChannelConnector {
  readonly type = 'webhook';
  readonly identityScope = 'channel' as const;
  readonly hasInboundUrl = true;

  constructor(private readonly toleranceSeconds: number) {}

  prepareConfig(input: Record<string, unknown>, existing?: PreparedConfig): PreparedConfig {
    const callbackUrl = input.callbackUrl ?? existing?.config.callbackUrl;
    if (callbackUrl !== undefined && callbackUrl !== null && !isHttpUrl(callbackUrl)) {
      throw new ConnectorError('INVALID', 'config.callbackUrl must be an http(s) URL');
    }
    const unknown = Object.keys(input).filter((k) => k !== 'callbackUrl');
    if (unknown.length > 0) throw new ConnectorError('INVALID', `config has unknown field(s): ${unknown.join(', ')}`);
    if (existing) {
      return { config: { callbackUrl: callbackUrl ?? null }, secrets: existing.secrets };
    }
    const secret = randomBytes(32).toString('hex');
    return { config: { callbackUrl: callbackUrl ?? null }, secrets: { secret }, reveal: { secret } };
  }

  handleInbound(ctx: ChannelContext, request: InboundHttpRequest, now: Date): InboundHttpResult {
    if (request.method !== 'POST') {
      throw new InboundRejection(400, 'VALIDATION_FAILED', 'webhook channels accept POST pushes only');
    }
    const timestamp = request.headers['x-murmur-timestamp'];
    const signature = request.headers['x-murmur-signature'];
    if (!timestamp) throw new InboundRejection(401, 'SIGNATURE_INVALID', 'missing X-Murmur-Timestamp header');
    if (!signature) throw new InboundRejection(401, 'SIGNATURE_INVALID', 'missing X-Murmur-Signature header');
    if (!/^\d{1,12}$/.test(timestamp)) {
      throw new InboundRejection(401, 'TIMESTAMP_STALE', 'X-Murmur-Timestamp must be unix seconds');
    }
    const skew = Math.abs(now.getTime() / 1000 - Number(timestamp));
    if (skew > this.toleranceSeconds) {
      throw new InboundRejection(
        401,
        'TIMESTAMP_STALE',
        `X-Murmur-Timestamp is more than ${this.toleranceSeconds} seconds away from the server's clock`,
      );
    }
    const secret = ctx.secrets.secret;
    if (!secret || !verifyWebhookSignature(secret, timestamp, request.rawBody, signature)) {
      throw new InboundRejection(401, 'SIGNATURE_INVALID', 'X-Murmur-Signature does not match the request body');
    }
    const message = parseWebhookPayload(request.rawBody, now);
    return { messages: [message], response: { status: 202, body: { accepted: true } } };
  }

  async send(ctx: ChannelContext, message: OutboundMessage): Promise<SendResult> {
    const url = ctx.config.callbackUrl;
    if (!isHttpUrl(url)) throw new ConnectorError('INVALID', 'channel has no callbackUrl configured');
    const secret = ctx.secrets.secret;
    if (!secret) throw new ConnectorError('AUTH_REVOKED', 'channel has no signing secret');
    const body = JSON.stringify({
      messageId: message.messageId,
      conversationId: message.conversationId,
      recipient: { id: message.recipient.platformUserId },
      text: message.text,
      attachments: message.attachments,
      timestamp: message.createdAt.toISOString(),
    });
    const ts = String(Math.floor(Date.now() / 1000));
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-murmur-timestamp': ts,
          'x-murmur-signature': signWebhook(secret, ts, body),
          'user-agent': 'Murmur-Webhook/1',
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
    } catch (err) {
      throw new ConnectorError('TEMPORARY', `callback unreachable: ${describe(err)}`, { cause: err });
    }
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return {};
    throw mapStatus(res.status, res.headers.get('retry-after'));
  }
}

function mapStatus(status: number, retryAfter: string | null): ConnectorError {
  const msg = `callback answered HTTP ${status}`;
  if (status === 429) {
    const seconds = Number(retryAfter);
    return new ConnectorError('RATE_LIMITED', msg, {
      retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined,
    });
  }
  if (status === 401 || status === 403) return new ConnectorError('AUTH_REVOKED', msg);
  if (status === 404 || status === 410) return new ConnectorError('NOT_FOUND', msg);
  if (status >= 500 || status === 408) return new ConnectorError('TEMPORARY', msg);
  if (status >= 300 && status < 400) return new ConnectorError('INVALID', `${msg} (redirects are not followed)`);
  return new ConnectorError('INVALID', msg);
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}

function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
