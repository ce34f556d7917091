/**
 * The contract between Murmur and a channel. A connector turns platform events into normalized
 * inbound messages and sends outbound ones; it never touches the database or imports an app.
 */

export interface Attachment {
  url: string;
  type?: string;
  name?: string;
  size?: number;
  /** MIME type of the stored bytes. */
  contentType?: string;
  /**
   * The file itself (base64), for connectors that hold it (a wechaty session). Murmur stores it, up to
   * ATTACHMENT_MAX_BYTES, and replaces `url` with an authenticated `/api/v1/attachments/:id` URL.
   */
  content?: string;
  /**
   * A platform media reference (e.g. a WeChat MediaId) that the connector's `fetchMedia` downloads.
   * Murmur fetches it after the message is stored, so a slow or failed download never loses the message.
   */
  mediaRef?: string;
  /** Set by Murmur: `pending` while `mediaRef` awaits download, `unavailable` when it could not be had. */
  status?: 'pending' | 'unavailable';
  /** Why the file is unavailable: the connector error code and reason (never message content). */
  error?: string;
}

/** A file downloaded from the platform by `fetchMedia`. */
export interface FetchedMedia {
  data: Buffer;
  contentType?: string;
  /** The file name the platform gave, if any. */
  name?: string;
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
    /** The platform's verified badge (X); stored on the identity. */
    verified?: boolean;
    /** The sender's follower count (X); stored on the identity. */
    followers?: number;
    /**
     * The WeChat unionid, when the platform reports it: the same person across the accounts of one
     * WeChat Open Platform. Identities sharing it in a workspace are merged automatically.
     */
    unionId?: string;
  };
  text: string;
  attachments: Attachment[];
  /** Event time, ISO-8601, as the platform reports it. */
  sentAt: string;
  /** Platform user ids @mentioned in a group message. */
  mentions?: string[];
  /** `out` for messages the brand's own account sent from elsewhere (e.g. a phone). Default `in`. */
  direction?: 'in' | 'out';
  /**
   * How many people the message can reach, when the platform says: the author's followers (X), the
   * group's member count (WeChat groups). Crisis detection weighs negative messages by it.
   */
  reach?: number;
}

/**
 * Small per-channel key/value state shared by every process serving the channel: cached access tokens,
 * claimed nonces, pull cursors. Keys are scoped to the channel by the host; values are JSON.
 */
export interface ConnectorStore {
  get<T>(key: string): Promise<T | undefined>;
  /** The live values of these keys in one read; absent or expired keys are left out of the map. */
  getMany<T>(keys: string[]): Promise<Map<string, T>>;
  /** Stores a value; with `ttlMs` it disappears after that long. */
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  /**
   * Stores `value` only when the key is absent (or expired) — atomically across processes. Resolves
   * `claimed: true` when this call stored it, otherwise the value already held.
   */
  claim(key: string, value: string, ttlMs: number): Promise<{ claimed: boolean; value: string }>;
  /**
   * Adds `delta` to the counter at `key` (absent or expired: 0; never below 0) only while the result
   * stays at or below `max` — in one atomic step across processes, so racing callers can never push
   * it past `max`. Resolves the new value, or `null` (nothing changed) when it would exceed `max`.
   * With `ttlMs` the counter disappears that long after its last change.
   */
  addUpTo(key: string, delta: number, max: number, ttlMs?: number): Promise<number | null>;
  delete(key: string): Promise<void>;
}

export interface ChannelContext {
  channelId: string;
  workspaceId: string;
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  /** Shared channel state; the API and worker always provide it. */
  store?: ConnectorStore;
}

/** A non-message event on a conversation or contact timeline (room join/leave, subscribe, topic change). */
export interface NormalizedTimelineEvent {
  /** Dedupe key from the platform, unique within the channel. */
  platformEventId: string;
  kind: string;
  threadKey?: string;
  platformUserId?: string;
  displayName?: string;
  /** The user's verified badge and follower count, when the platform says (X); stored on the identity. */
  verified?: boolean;
  followers?: number;
  /** The WeChat unionid of `platformUserId`, when reported (see NormalizedInboundMessage.sender). */
  unionId?: string;
  data: Record<string, unknown>;
  occurredAt: string;
}

export interface OutboundMessage {
  messageId: string;
  conversationId: string;
  threadKey: string;
  /** Whether the thread is a group (room) rather than a 1:1 chat. */
  isGroup?: boolean;
  recipient: { platformUserId: string };
  text: string;
  attachments: Attachment[];
  /** Platform user ids to @mention (group threads only). */
  mentions?: string[];
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
  /** Timeline events (subscribe, unsubscribe…) recorded durably with the messages. */
  events?: NormalizedTimelineEvent[];
  /**
   * What to answer the platform once the messages are durably accepted. A string body with a
   * `contentType` is sent verbatim (e.g. `text/plain` "success" or an echoed challenge).
   */
  response: { status: number; body?: unknown; contentType?: string };
  /** Runs after messages and events are durably accepted (e.g. advance a pull cursor). */
  afterAccept?: () => Promise<void>;
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

  /**
   * Verifies and parses one inbound request (a push, or a GET verification challenge). Throws
   * InboundRejection for requests to refuse. May be async when it must consult `ctx.store` or pull
   * messages from the platform.
   */
  handleInbound?(
    ctx: ChannelContext,
    request: InboundHttpRequest,
    now: Date,
  ): InboundHttpResult | Promise<InboundHttpResult>;

  /**
   * Downloads the media behind an attachment's `mediaRef`, reading at most `maxBytes` (larger files
   * throw ConnectorError('INVALID')). Throws ConnectorError with the mapped code on failure:
   * NOT_FOUND for expired or unknown media, retryable codes for trouble worth another attempt.
   */
  fetchMedia?(ctx: ChannelContext, mediaRef: string, maxBytes: number): Promise<FetchedMedia>;

  /** Sends one message. Throws ConnectorError with the mapped code on failure. */
  send(ctx: ChannelContext, message: OutboundMessage): Promise<SendResult>;

  /**
   * For platforms with public threads and private messages (X), both present or both absent: whether a
   * thread is public (a post thread), and the thread key of the 1:1 private conversation with a user
   * (undefined when there can be none, e.g. with the brand account itself).
   */
  isPublicThread?(threadKey: string): boolean;
  privateThreadFor?(ctx: ChannelContext, platformUserId: string): string | undefined;
}

export const CHANNEL_CONNECTORS = Symbol('CHANNEL_CONNECTORS');
