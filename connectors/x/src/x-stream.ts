import { createHash } from 'node:crypto';
import { ETwitterStreamEvent, type TweetStream, type TwitterApi } from 'twitter-api-v2';
import type { ChannelSessionHost } from '@scrm/connector-sdk';
import { mapXError } from './x-errors';
import { postToMention, postToMessage, usersById, type XPost, type XUser } from './x-normalize';

const RULE_TAG_PREFIX = 'murmur:';
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;
const KEEP_ALIVE_MS = 30_000;

interface StreamItem {
  data?: XPost;
  includes?: { users?: XUser[] };
  matching_rules?: { id?: string; tag?: string }[];
}

export function ruleTag(query: string): string {
  return `${RULE_TAG_PREFIX}${createHash('sha256').update(query).digest('hex').slice(0, 16)}`;
}

/**
 * The filtered stream for the listening queries (app-only bearer): rules are synced from the queries
 * (only rules Murmur tagged are touched), then the stream is held open and reopened with exponential
 * backoff when it drops; a 429 waits for X's reset. Hits become mentions on the author's timeline,
 * or messages when they address the brand.
 */
export class XStreamListener {
  private stream: TweetStream | undefined;
  private wake: (() => void) | undefined;
  readonly done: Promise<void>;
  /** Connections opened so far (tests and logs). */
  connections = 0;

  constructor(
    private readonly client: TwitterApi,
    private readonly queries: string[],
    private readonly brandUserId: string,
    private readonly host: ChannelSessionHost,
  ) {
    host.signal.addEventListener('abort', () => {
      this.stream?.close();
      this.wake?.();
    });
    this.done = this.run().catch((err: unknown) => {
      if (!host.signal.aborted) host.logger.error('X stream stopped', { error: String(err) });
    });
  }

  private async run(): Promise<void> {
    let backoff = FIRST_BACKOFF_MS;
    while (!this.host.signal.aborted) {
      try {
        await this.syncRules();
        const dropped = await this.listen(() => {
          backoff = FIRST_BACKOFF_MS;
        });
        if (this.host.signal.aborted) return;
        this.host.logger.warn('X stream dropped; reconnecting', { ms: backoff, reason: dropped });
      } catch (err) {
        if (this.host.signal.aborted) return;
        const e = mapXError(err);
        if (e.code === 'AUTH_REVOKED') {
          await this.host.reportStatus({ status: 'auth_revoked', detail: `X refused the stream (${e.message})` });
          return;
        }
        if (e.code === 'RATE_LIMITED') backoff = Math.max(backoff, e.retryAfterMs ?? MAX_BACKOFF_MS);
        this.host.logger.warn('X stream connect failed', { code: e.code, ms: backoff });
      }
      await this.sleep(backoff);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  private async syncRules(): Promise<void> {
    const current = await this.client.v2.streamRules();
    const ours = (current.data ?? []).filter((r) => r.tag?.startsWith(RULE_TAG_PREFIX));
    const wanted = new Map(this.queries.map((q) => [ruleTag(q), q]));
    const stale = ours.filter((r) => wanted.get(r.tag!) !== r.value).map((r) => r.id);
    if (stale.length > 0) await this.client.v2.updateStreamRules({ delete: { ids: stale } });
    const kept = new Set(ours.filter((r) => !stale.includes(r.id)).map((r) => r.tag));
    const add = [...wanted].filter(([tag]) => !kept.has(tag)).map(([tag, value]) => ({ tag, value }));
    if (add.length > 0) await this.client.v2.updateStreamRules({ add });
  }

  /** Resolves when the connection ends. */
  private async listen(onData: () => void): Promise<string> {
    const stream = this.client.v2.searchStream({
      expansions: ['author_id'],
      'tweet.fields': [
        'id',
        'text',
        'author_id',
        'created_at',
        'conversation_id',
        'in_reply_to_user_id',
        'lang',
        'entities',
      ],
      'user.fields': ['id', 'name', 'username', 'profile_image_url', 'verified', 'public_metrics'],
      autoConnect: false,
    });
    this.stream = stream;
    const ended = new Promise<string>((resolve) => {
      stream.on(ETwitterStreamEvent.ConnectionClosed, () => resolve('closed'));
      stream.on(ETwitterStreamEvent.ConnectionLost, () => resolve('keep-alive timeout'));
    });
    let chain = Promise.resolve();
    stream.on(ETwitterStreamEvent.Data, (item: StreamItem) => {
      onData();
      chain = chain
        .then(() => this.handle(item))
        .catch((err: unknown) => {
          this.host.logger.warn('X stream item not stored', { error: String(err) });
        });
    });
    await stream.connect({ autoReconnect: false, keepAliveTimeout: KEEP_ALIVE_MS });
    this.connections++;
    const reason = await ended;
    await chain;
    return reason;
  }

  private async handle(item: StreamItem): Promise<void> {
    const post = item.data;
    if (!post || post.author_id === this.brandUserId) return;
    const users = usersById(item.includes?.users);
    const addressed =
      post.in_reply_to_user_id === this.brandUserId ||
      (post.entities?.mentions ?? []).some((m) => m.id === this.brandUserId);
    if (addressed) {
      await this.host.ingest([postToMessage(post, users, new Date())]);
      return;
    }
    const tag = item.matching_rules?.[0]?.tag;
    const query = this.queries.find((q) => ruleTag(q) === tag) ?? '';
    await this.host.recordEvents([postToMention(post, users, query, new Date())]);
  }

  private sleep(ms: number): Promise<void> {
    if (this.host.signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  async stop(): Promise<void> {
    this.stream?.close();
    this.wake?.();
    await this.done;
  }
}
