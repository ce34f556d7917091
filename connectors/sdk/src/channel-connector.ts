/**
 * The contract between Murmur and a channel. A connector turns platform events into normalized
 * inbound messages and sends outbound ones; it never touches the database or imports an app.
 */

export interface Attachment {
  url: string;
  type?: string;
  name?: string;
  size?: number;
}

/** Where a sender's id is unique: inside this connected account, or across the whole platform. */
export type IdentityScope = 'channel' | 'platform';

export interface NormalizedInboundMessage {
  /** The platform's own message id: ingest is idempotent on it. */
  platformMessageId: string;
  /** The platform's thread: a 1:1 peer, a group, a post thread. One thread is one conversation. */
  threadKey: string;
  isGroup?: boolean;
  threadName?: string;
  sender: {
    platformUserId: string;
    displayName?: string;
    avatarUrl?: string;
  };
  text: string;
  attachments: Attachment[];
  /** Event time, ISO-8601, as the platform reports it. */
  sentAt: string;
  /** `out` for messages the brand's own account sent from elsewhere (e.g. a phone). Default `in`. */
  direction?: 'in' | 'out';
  /**
   * How many people the message can reach, when the platform says: the author's followers (X), the
   * group's member count (WeChat groups). Crisis detection weighs negative messages by it.
   */
  reach?: number;
}

export interface ChannelContext {
  channelId: string;
  workspaceId: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
}

export interface OutboundMessage {
  messageId: string;
  conversationId: string;
  threadKey: string;
  recipient: { platformUserId: string };
  text: string;
  attachments: Attachment[];
  createdAt: Date;
  /** True when no person wrote it (a rule or automation): platforms may forbid automated public replies. */
  automated?: boolean;
  /** The platform id of the latest inbound message in the thread, for platforms that reply to a post. */
  inReplyToPlatformMessageId?: string;
}

export interface SendResult {
  platformMessageId?: string;
}

export interface InboundHttpRequest {
  method: string;
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  rawBody: Buffer;
}

export interface InboundHttpResult {
  messages: NormalizedInboundMessage[];
  /** What to answer the platform once the messages are durably accepted. */
  response: { status: number; body?: unknown; contentType?: string };
}

export interface PreparedConfig {
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  /** Generated secrets shown to the user once, in the create response. */
  reveal?: Record<string, string>;
}

export interface ChannelConnector {
  readonly type: string;
  readonly identityScope: IdentityScope;
  /** Whether the channel receives pushes on an inbound URL. */
  readonly hasInboundUrl: boolean;

  /**
   * Validates user-supplied configuration and splits it into public config and secrets. On update,
   * `existing` holds the stored values so omitted secrets are kept. Throws ConnectorError('INVALID').
   */
  prepareConfig(input: Record<string, unknown>, existing?: PreparedConfig): PreparedConfig;

  /** Verifies and parses one inbound push. Throws InboundRejection for requests to refuse. */
  handleInbound?(ctx: ChannelContext, request: InboundHttpRequest, now: Date): InboundHttpResult;

  /** Sends one message. Throws ConnectorError with the mapped code on failure. */
  send(ctx: ChannelContext, message: OutboundMessage): Promise<SendResult>;
}

export const CHANNEL_CONNECTORS = Symbol('CHANNEL_CONNECTORS');
