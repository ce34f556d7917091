import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { ResolvedChannel } from '@scrm/channels';
import { AppConfig } from '@scrm/config';
import {
  ConnectorError,
  isSessionful,
  type ConnectorErrorCode,
  type OutboundMessage,
  type SendResult,
} from '@scrm/connector-sdk';
import { RedisConnections } from '@scrm/redis';
import { ChannelStatusReporter } from './channel-status-reporter.service';
import { SessionLeaseRepository } from './session-lease.repository';
import { SessionRunner } from './session-runner.service';

interface SendRequest {
  id: string;
  replyTo: string;
  workspaceId: string;
  channelId: string;
  message: Omit<OutboundMessage, 'createdAt'> & { createdAt: string };
}

type SendReply =
  | { id: string; ok: true; result: SendResult }
  | { id: string; ok: false; code: ConnectorErrorCode; message: string; resetAt?: string };

const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Delivers an outbound message. A connector that can send statelessly (X: plain HTTP) sends from
 * whichever worker runs the job. A connector that `sendsThroughSession` (a logged-in bot) must send
 * from the process holding the session: locally when that is us, otherwise as a request over Redis
 * pub/sub to the holder's channel, answered on ours. No holder, or no answer in time, is a TEMPORARY
 * failure: the message stays pending and the outbound job retries with backoff.
 */
@Injectable()
export class SessionSendRouter implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SessionSend');
  private sub: Redis | undefined;
  private pub: Redis | undefined;
  private readonly waiting = new Map<string, { resolve: (r: SendReply) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly config: AppConfig,
    private readonly redis: RedisConnections,
    private readonly runner: SessionRunner,
    private readonly leases: SessionLeaseRepository,
    private readonly status: ChannelStatusReporter,
  ) {}

  private channelOf(holder: string): string {
    return `${this.redis.prefix}:sessions:send:${holder}`;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsWorker || !this.redis.enabled) return;
    this.pub = this.redis.create('sessions-pub');
    this.sub = this.redis.create('sessions-sub');
    this.sub.on('message', (_channel: string, raw: string) => this.onMessage(raw));
    await this.sub.subscribe(this.channelOf(this.runner.holderId));
  }

  onApplicationShutdown(): void {
    for (const w of this.waiting.values()) clearTimeout(w.timer);
    this.waiting.clear();
  }

  /**
   * Sends, and when a live session's platform rate-limits it until a named reset, shows the channel as
   * `rate_limited` until then (the session returns it to online after the reset).
   */
  async send(channel: ResolvedChannel, message: OutboundMessage): Promise<SendResult> {
    try {
      return await this.route(channel, message);
    } catch (err) {
      if (
        err instanceof ConnectorError &&
        err.code === 'RATE_LIMITED' &&
        err.resetAt &&
        isSessionful(channel.connector)
      ) {
        await this.status.report(channel.context.workspaceId, channel.context.channelId, {
          status: 'rate_limited',
          detail: `${channel.type} rate limit reached on sending; queued sends go out at the reset`,
          until: err.resetAt,
        });
      }
      throw err;
    }
  }

  private async route(channel: ResolvedChannel, message: OutboundMessage): Promise<SendResult> {
    const connector = channel.connector;
    if (!isSessionful(connector) || !connector.sendsThroughSession) {
      return connector.send(channel.context, message);
    }
    const { workspaceId, channelId } = channel.context;
    const local = this.runner.localSession(workspaceId, channelId);
    if (local?.send) return local.send(message);
    const holder = await this.leases.holderOf(workspaceId, channelId);
    if (!holder || holder === this.runner.holderId || !this.pub) {
      throw new ConnectorError('TEMPORARY', 'the channel has no live session right now');
    }
    const reply = await this.request(holder, {
      id: randomUUID(),
      replyTo: this.runner.holderId,
      workspaceId,
      channelId,
      message: { ...message, createdAt: message.createdAt.toISOString() },
    });
    if (reply.ok) return reply.result;
    throw new ConnectorError(reply.code, reply.message, reply.resetAt ? { resetAt: new Date(reply.resetAt) } : {});
  }

  private request(holder: string, req: SendRequest): Promise<SendReply> {
    return new Promise<SendReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(req.id);
        reject(new ConnectorError('TEMPORARY', 'the session holder did not answer in time'));
      }, REQUEST_TIMEOUT_MS);
      this.waiting.set(req.id, { resolve, timer });
      this.pub!.publish(this.channelOf(holder), JSON.stringify({ request: req })).then(
        (receivers) => {
          if (receivers === 0) {
            clearTimeout(timer);
            this.waiting.delete(req.id);
            reject(new ConnectorError('TEMPORARY', 'the session holder is not listening'));
          }
        },
        (err: unknown) => {
          clearTimeout(timer);
          this.waiting.delete(req.id);
          reject(new ConnectorError('TEMPORARY', 'could not reach the session holder', { cause: err }));
        },
      );
    });
  }

  private onMessage(raw: string): void {
    let parsed: { request?: SendRequest; reply?: SendReply };
    try {
      parsed = JSON.parse(raw) as typeof parsed;
    } catch {
      return;
    }
    if (parsed.reply) {
      const w = this.waiting.get(parsed.reply.id);
      if (!w) return;
      clearTimeout(w.timer);
      this.waiting.delete(parsed.reply.id);
      w.resolve(parsed.reply);
      return;
    }
    if (parsed.request) void this.serve(parsed.request);
  }

  private async serve(req: SendRequest): Promise<void> {
    let reply: SendReply;
    const session = this.runner.localSession(req.workspaceId, req.channelId);
    if (!session?.send) {
      reply = { id: req.id, ok: false, code: 'TEMPORARY', message: 'the session moved to another worker' };
    } else {
      try {
        const result = await session.send({ ...req.message, createdAt: new Date(req.message.createdAt) });
        reply = { id: req.id, ok: true, result };
      } catch (err) {
        const e = err instanceof ConnectorError ? err : new ConnectorError('UNKNOWN', String(err));
        reply = {
          id: req.id,
          ok: false,
          code: e.code,
          message: e.message,
          ...(e.resetAt ? { resetAt: e.resetAt.toISOString() } : {}),
        };
      }
    }
    await this.pub?.publish(this.channelOf(req.replyTo), JSON.stringify({ reply })).catch((err: unknown) => {
      this.logger.warn(`could not answer a send request: ${String(err)}`);
    });
  }
}
