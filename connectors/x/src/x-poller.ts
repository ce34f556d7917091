import { createHash } from 'node:crypto';
import type { TwitterApi } from 'twitter-api-v2';
import {
  ConnectorError,
  type ChannelSession,
  type ChannelSessionHost,
  type ChannelStatusReport,
} from '@scrm/connector-sdk';
import type { XClients } from './x-client.factory';
import type { XChannelConfig } from './x-config';
import { mapXError } from './x-errors';
import type { XPostBudget } from './x-post-budget';
import type { XSendPause } from './x-send-pause';
import { XStreamListener } from './x-stream';
import {
  dmToMessage,
  postToMention,
  postToMessage,
  usersById,
  type XDmEvent,
  type XPost,
  type XUser,
} from './x-normalize';

const POST_FIELDS = 'id,text,author_id,created_at,conversation_id,in_reply_to_user_id,lang,entities';
const USER_FIELDS = 'id,name,username,profile_image_url,verified,public_metrics';
const DM_FIELDS = 'id,text,event_type,created_at,sender_id,dm_conversation_id';
/** Pages fetched per endpoint and cycle; a longer backlog continues on the next cycle from its token. */
const MAX_PAGES_PER_CYCLE = 10;

interface PostCursor {
  /** Everything up to this id is staged. */
  sinceId?: string;
  /** A walk through pages in progress: where to continue, and the newest id it started from. */
  walk?: { token: string; newestId: string };
}

interface DmCursor {
  lastId?: string;
  walk?: { token: string; newestId: string };
}

interface Page<T> {
  data?: T[];
  includes?: { users?: XUser[] };
  meta?: { newest_id?: string; next_token?: string; result_count?: number };
}

interface Endpoint {
  key: string;
  label: string;
  poll(): Promise<number>;
}

/**
 * The X channel's live session: polls mentions, each listening query and DMs, staging every page
 * durably before its cursor moves. A 429 pauses only that endpoint until X's reset time; 401/403
 * stops polling with the channel marked auth_revoked until its credentials change.
 */
export class XPoller implements ChannelSession {
  private readonly pausedUntil = new Map<string, number>();
  /** Sending endpoints a worker found rate-limited (shared store), for the status and the next wake. */
  private sendPaused: { endpoint: string; until: number }[] = [];
  private wake: (() => void) | undefined;
  private lastReport = '';
  private readonly done: Promise<void>;
  private readonly streamListener: XStreamListener | undefined;

  constructor(
    private readonly config: XChannelConfig,
    private readonly clients: XClients,
    private readonly host: ChannelSessionHost,
    private readonly postBudget?: XPostBudget,
    private readonly sendPause?: XSendPause,
  ) {
    this.host.signal.addEventListener('abort', () => this.wake?.());
    if (config.stream && config.queries.length > 0) {
      this.streamListener = new XStreamListener(clients.reader, config.queries, config.userId, host);
    }
    this.done = this.run().catch((err: unknown) => {
      if (!this.host.signal.aborted) {
        this.host.logger.error('X poller stopped unexpectedly', { error: describe(err) });
      }
    });
  }

  async stop(): Promise<void> {
    this.wake?.();
    await Promise.all([this.done, this.streamListener?.stop()]);
  }

  private get stopped(): boolean {
    return this.host.signal.aborted;
  }

  private endpoints(): Endpoint[] {
    const list: Endpoint[] = [
      {
        key: 'mentions',
        label: 'mentions',
        poll: () =>
          this.pollPosts(
            'posts:mentions',
            this.clients.reader,
            `users/${this.config.userId}/mentions`,
            {},
            'pagination_token',
            (page, users) => this.host.ingest((page.data ?? []).map((p) => postToMessage(p, users, new Date()))),
          ),
      },
    ];
    for (const query of this.config.stream ? [] : this.config.queries) {
      const id = createHash('sha256').update(query).digest('hex').slice(0, 12);
      list.push({
        key: `search:${id}`,
        label: 'search',
        poll: () =>
          this.pollPosts(
            `posts:search:${id}`,
            this.clients.reader,
            'tweets/search/recent',
            { query },
            'next_token',
            (page, users) =>
              this.host.recordEvents(
                (page.data ?? [])
                  .filter((p) => p.author_id !== this.config.userId && !this.addressesBrand(p))
                  .map((p) => postToMention(p, users, query, new Date())),
              ),
          ),
      });
    }
    list.push({ key: 'dm', label: 'direct messages', poll: () => this.pollDms() });
    return list;
  }

  private addressesBrand(p: XPost): boolean {
    return (
      p.in_reply_to_user_id === this.config.userId ||
      (p.entities?.mentions ?? []).some((m) => m.id === this.config.userId)
    );
  }

  private async run(): Promise<void> {
    await this.report({ status: 'connecting' });
    for (const [key, until] of Object.entries((await this.host.loadState<Record<string, number>>('paused')) ?? {})) {
      this.pausedUntil.set(key, until);
    }
    const endpoints = this.endpoints();
    while (!this.stopped) {
      let temporary: string | undefined;
      let revoked: string | undefined;
      let budgetHit: string | undefined;
      for (const ep of endpoints) {
        if (this.stopped) return;
        if ((this.pausedUntil.get(ep.key) ?? 0) > Date.now()) continue;
        if (this.pausedUntil.delete(ep.key)) await this.savePauses();
        const over = await this.readBudgetExhausted();
        if (over) {
          budgetHit = over;
          break;
        }
        try {
          const read = await ep.poll();
          await this.countReads(read);
        } catch (err) {
          if (this.stopped) return;
          const e = mapXError(err);
          if (e.code === 'RATE_LIMITED') {
            this.pausedUntil.set(ep.key, Date.now() + (e.retryAfterMs ?? 60_000));
            await this.savePauses();
            this.host.logger.warn('X rate limit: endpoint paused', { endpoint: ep.key, ms: e.retryAfterMs });
          } else if (e.code === 'AUTH_REVOKED') {
            revoked = `X refused the credentials (${e.message}) on ${ep.label}; update the channel's tokens`;
            break;
          } else {
            temporary = `${ep.label}: ${e.code} ${e.message}`;
            this.host.logger.warn('X poll failed', { endpoint: ep.key, code: e.code, error: e.message });
          }
        }
      }
      if (revoked) {
        await this.report({ status: 'auth_revoked', detail: revoked });
        // Nothing to do until the credentials change, which restarts the session.
        await this.sleep(Number.POSITIVE_INFINITY);
        return;
      }
      // A spent post budget stops sending, not reading: the channel still polls, shown degraded.
      budgetHit ??= await this.postBudget?.exhausted();
      this.sendPaused = (await this.sendPause?.recent()) ?? [];
      // A send pause another worker reported (even one already over) changes what the channel shows,
      // so the current status is reported again.
      const sendPauses = this.sendPaused.map((p) => `${p.endpoint}@${p.until}`).join(',');
      await this.report(this.currentStatus(temporary, budgetHit), sendPauses);
      await this.sleep(this.nextWakeMs());
    }
  }

  private currentStatus(temporary: string | undefined, budget: string | undefined): ChannelStatusReport {
    const now = Date.now();
    const paused = [...this.pausedUntil.entries()].filter(([, t]) => t > now);
    const sending = this.sendPaused.filter((p) => p.until > now);
    if (paused.length > 0 || sending.length > 0) {
      const until = Math.min(...paused.map(([, t]) => t), ...sending.map((p) => p.until));
      const parts = [];
      if (paused.length > 0) {
        parts.push(`on ${paused.map(([k]) => k.split(':')[0]).join(', ')}; polling resumes at the reset`);
      }
      if (sending.length > 0) {
        parts.push(`on sending ${sending.map((p) => p.endpoint).join(' and ')}; queued sends go out at the reset`);
      }
      return { status: 'rate_limited', detail: `X rate limit reached ${parts.join('; ')}`, until: new Date(until) };
    }
    if (budget) return { status: 'degraded', detail: budget };
    if (temporary) return { status: 'degraded', detail: `X API temporarily failing (${temporary})` };
    return { status: 'online' };
  }

  private nextWakeMs(): number {
    const poll = this.config.pollSeconds * 1000;
    const resets = [...this.pausedUntil.values(), ...this.sendPaused.map((p) => p.until)]
      .map((t) => t - Date.now() + 250)
      .filter((ms) => ms > 0);
    return Math.min(poll, ...resets);
  }

  private async report(r: ChannelStatusReport, context = ''): Promise<void> {
    const key = JSON.stringify(r) + context;
    if (key === this.lastReport || this.stopped) return;
    this.lastReport = key;
    await this.host.reportStatus(r);
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      function done(): void {
        if (timer) clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }

  private savePauses(): Promise<void> {
    return this.host.saveState('paused', Object.fromEntries(this.pausedUntil));
  }

  private monthKey(): string {
    return `budget:${new Date().toISOString().slice(0, 7)}`;
  }

  private async readBudgetExhausted(): Promise<string | undefined> {
    const limit = this.config.monthlyReadBudget;
    if (limit === null || limit === undefined) return undefined;
    const used = (await this.host.loadState<{ read: number }>(this.monthKey()))?.read ?? 0;
    if (used < limit) return undefined;
    const now = new Date();
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    return `monthly read budget of ${limit} posts used up; reads resume on ${next.toISOString().slice(0, 10)}`;
  }

  private async countReads(n: number): Promise<void> {
    if (n === 0) return;
    const key = this.monthKey();
    const b = (await this.host.loadState<{ read: number }>(key)) ?? { read: 0 };
    await this.host.saveState(key, { ...b, read: b.read + n });
  }

  /**
   * Newest-first pages above `since_id`. The cursor moves only after a page is staged: mid-walk it
   * records the next page token; at the end of the walk `since_id` becomes the walk's newest id.
   */
  private async pollPosts(
    stateKey: string,
    client: TwitterApi,
    path: string,
    base: Record<string, string>,
    tokenParam: 'pagination_token' | 'next_token',
    stage: (page: Page<XPost>, users: Map<string, XUser>) => Promise<void>,
  ): Promise<number> {
    let cursor = (await this.host.loadState<PostCursor>(stateKey)) ?? {};
    let read = 0;
    for (let i = 0; i < MAX_PAGES_PER_CYCLE && !this.stopped; i++) {
      const query: Record<string, string> = {
        ...base,
        max_results: '100',
        expansions: 'author_id',
        'tweet.fields': POST_FIELDS,
        'user.fields': USER_FIELDS,
      };
      if (cursor.sinceId) query.since_id = cursor.sinceId;
      if (cursor.walk) query[tokenParam] = cursor.walk.token;
      const page = await client.v2.get<Page<XPost>>(path, query);
      read += page.data?.length ?? 0;
      await stage(page, usersById(page.includes?.users));
      const newest = cursor.walk?.newestId ?? page.meta?.newest_id;
      const next = page.meta?.next_token;
      cursor =
        next && newest
          ? { sinceId: cursor.sinceId, walk: { token: next, newestId: newest } }
          : { sinceId: newest ?? cursor.sinceId };
      await this.host.saveState(stateKey, cursor);
      if (!cursor.walk) break;
    }
    return read;
  }

  /**
   * DM events take no since_id: page newest-first until an event at or below the last stored id. A
   * first run takes the newest page only (no history backfill).
   */
  private async pollDms(): Promise<number> {
    let cursor = (await this.host.loadState<DmCursor>('dm')) ?? {};
    let read = 0;
    for (let i = 0; i < MAX_PAGES_PER_CYCLE && !this.stopped; i++) {
      const query: Record<string, string> = {
        max_results: '50',
        event_types: 'MessageCreate',
        'dm_event.fields': DM_FIELDS,
        expansions: 'sender_id,participant_ids',
        'user.fields': USER_FIELDS,
      };
      if (cursor.walk) query.pagination_token = cursor.walk.token;
      const page = await this.clients.user.v2.get<Page<XDmEvent>>('dm_events', query);
      const events = page.data ?? [];
      const fresh = events.filter((e) => !cursor.lastId || BigInt(e.id) > BigInt(cursor.lastId));
      const reachedStored = fresh.length < events.length;
      read += events.length;
      const users = usersById(page.includes?.users);
      await this.host.ingest(
        fresh
          .filter((e) => e.event_type === 'MessageCreate')
          .map((e) => dmToMessage(e, users, this.config.userId, new Date())),
      );
      const newest = cursor.walk?.newestId ?? events[0]?.id;
      const next = page.meta?.next_token;
      const more = next && !reachedStored && cursor.lastId !== undefined && newest;
      cursor = more
        ? { lastId: cursor.lastId, walk: { token: next, newestId: newest } }
        : { lastId: newest ?? cursor.lastId };
      await this.host.saveState('dm', cursor);
      if (!cursor.walk) break;
    }
    return read;
  }
}

function describe(err: unknown): string {
  return err instanceof ConnectorError
    ? `${err.code}: ${err.message}`
    : err instanceof Error
      ? err.message
      : String(err);
}
