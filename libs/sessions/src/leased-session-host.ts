import type { Logger } from '@nestjs/common';
import type {
  ChannelSessionHost,
  ChannelStatusReport,
  NormalizedInboundMessage,
  NormalizedTimelineEvent,
  SessionLogger,
} from '@scrm/connector-sdk';

/** What the host needs from the rest of Murmur; the runner wires it to the real services. */
export interface SessionHostPorts {
  ingest(messages: NormalizedInboundMessage[]): Promise<void>;
  recordEvents(events: NormalizedTimelineEvent[]): Promise<void>;
  reportStatus(report: ChannelStatusReport): Promise<void>;
  loadState(key: string): Promise<unknown>;
  /** False when the lease was lost (the write was refused). */
  saveState(key: string, value: unknown): Promise<boolean>;
  onLeaseLost(): void;
}

export class LeaseLostError extends Error {
  constructor(channelId: string) {
    super(`the session lease of channel ${channelId} is held by another worker`);
    this.name = 'LeaseLostError';
  }
}

/**
 * The host one live session talks to. Everything durable is refused once the session has been told to
 * stop, so a session that is slow to notice cannot write behind its successor's back.
 */
export class LeasedSessionHost implements ChannelSessionHost {
  readonly logger: SessionLogger;

  constructor(
    private readonly channelId: string,
    private readonly ports: SessionHostPorts,
    readonly signal: AbortSignal,
    nestLogger: Logger,
    workspaceId: string,
  ) {
    const fmt = (msg: string, fields?: Record<string, unknown>): string =>
      `${msg} ${JSON.stringify({ workspaceId, channelId, ...(fields ?? {}) })}`;
    this.logger = {
      info: (msg, fields) => nestLogger.log(fmt(msg, fields)),
      warn: (msg, fields) => nestLogger.warn(fmt(msg, fields)),
      error: (msg, fields) => nestLogger.error(fmt(msg, fields)),
    };
  }

  private live(): void {
    if (this.signal.aborted) throw new LeaseLostError(this.channelId);
  }

  async ingest(messages: NormalizedInboundMessage[]): Promise<void> {
    this.live();
    await this.ports.ingest(messages);
  }

  async recordEvents(events: NormalizedTimelineEvent[]): Promise<void> {
    this.live();
    await this.ports.recordEvents(events);
  }

  async reportStatus(report: ChannelStatusReport): Promise<void> {
    this.live();
    await this.ports.reportStatus(report);
  }

  async loadState<T>(key: string): Promise<T | undefined> {
    const v = await this.ports.loadState(key);
    return v === undefined || v === null ? undefined : (v as T);
  }

  async saveState(key: string, value: unknown): Promise<void> {
    this.live();
    if (!(await this.ports.saveState(key, value))) {
      this.ports.onLeaseLost();
      throw new LeaseLostError(this.channelId);
    }
  }
}
