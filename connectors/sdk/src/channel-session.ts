/**
 * Long-lived connector sessions: a logged-in wechaty bot, an X poller. The worker runs exactly one
 * live session per channel across all worker processes (a lease) and hands it a host; the session
 * never touches the database itself — everything durable goes through the host.
 */
import type {
  ChannelContext,
  NormalizedInboundMessage,
  NormalizedTimelineEvent,
  OutboundMessage,
  SendResult,
} from './channel-connector';

/** What a channel's connection looks like to its admins. */
export type ChannelSessionStatus =
  'connecting' | 'waiting_for_scan' | 'online' | 'logged_out' | 'rate_limited' | 'auth_revoked' | 'degraded' | 'error';

export interface ChannelStatusReport {
  status: ChannelSessionStatus;
  /** Human-readable detail for the admins (never a secret or message text). */
  detail?: string;
  /** For `rate_limited`: when the limit lifts. */
  until?: Date;
  /** For `waiting_for_scan`: the login QR code payload to render as an image. */
  qrCode?: string;
}

export interface SessionLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface ChannelSessionHost {
  /** Durably stages inbound messages for ingest (idempotent on platformMessageId). Resolves once stored. */
  ingest(messages: NormalizedInboundMessage[]): Promise<void>;
  /** Records non-message timeline events (idempotent on platformEventId). */
  recordEvents(events: NormalizedTimelineEvent[]): Promise<void>;
  /** Updates the channel's visible status; pushed live to the workspace's admins. */
  reportStatus(report: ChannelStatusReport): Promise<void>;
  /** Per-channel durable state (polling cursors, budgets). Values are JSON. */
  loadState<T>(key: string): Promise<T | undefined>;
  saveState(key: string, value: unknown): Promise<void>;
  /** Aborted when the session must stop (lease lost, channel deleted or reconfigured, shutdown). */
  readonly signal: AbortSignal;
  readonly logger: SessionLogger;
}

export interface ChannelSession {
  /** Stops the session and releases platform resources; must resolve even if the platform is down. */
  stop(): Promise<void>;
  /**
   * Sends through the live session. Required when the connector sets `sendsThroughSession`: the
   * worker then routes every outbound message of the channel to the process holding the session.
   */
  send?(message: OutboundMessage): Promise<SendResult>;
}

/** Implemented by connectors whose channels need a live session in the worker. */
export interface SessionfulConnector {
  startSession(ctx: ChannelContext, host: ChannelSessionHost): Promise<ChannelSession>;
  /**
   * True when only the live session can send (a logged-in bot). False or absent: `send` on the
   * connector is stateless (plain HTTP, e.g. X) and runs in whichever worker picks the job up.
   */
  readonly sendsThroughSession?: boolean;
}

export function isSessionful(connector: object): connector is SessionfulConnector {
  return typeof (connector as Partial<SessionfulConnector>).startSession === 'function';
}
