import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** X's published OpenAPI document: every answer of the fake must validate against it. */
const SPEC_PATH =
  process.env.X_OPENAPI_SPEC ??
  [
    join(__dirname, '..', '..', '..', 'shared', 'specs', 'x-api-v2-openapi.json'),
    '/work/shared/specs/x-api-v2-openapi.json',
  ].find((p) => existsSync(p)) ??
  'x-api-v2-openapi.json (set X_OPENAPI_SPEC)';

export interface FakeUser {
  id: string;
  name: string;
  username: string;
  verified?: boolean;
  followers?: number;
}

export interface FakePost {
  id: string;
  text: string;
  author_id: string;
  conversation_id?: string;
  in_reply_to_user_id?: string;
  mentions?: string[];
  created_at?: string;
}

export interface FakeDm {
  id: string;
  text: string;
  sender_id: string;
  dm_conversation_id: string;
  created_at?: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** When the fake received it (ms since the epoch). */
  at: number;
}

interface Failure {
  match: RegExp;
  status: number;
  /** For 429: seconds from now until x-rate-limit-reset. */
  resetInSeconds?: number;
  remaining: number;
  when?: (query: Record<string, string>) => boolean;
}

type Route = { method: string; pattern: RegExp; template: string; successCode: string };

const ROUTES: Route[] = [
  {
    method: 'GET',
    pattern: /^\/2\/tweets\/search\/stream\/rules$/,
    template: '/2/tweets/search/stream/rules',
    successCode: '200',
  },
  {
    method: 'POST',
    pattern: /^\/2\/tweets\/search\/stream\/rules$/,
    template: '/2/tweets/search/stream/rules',
    successCode: '200',
  },
  { method: 'GET', pattern: /^\/2\/tweets\/search\/stream$/, template: '/2/tweets/search/stream', successCode: '200' },
  { method: 'GET', pattern: /^\/2\/users\/(\d+)\/mentions$/, template: '/2/users/{id}/mentions', successCode: '200' },
  { method: 'GET', pattern: /^\/2\/tweets\/search\/recent$/, template: '/2/tweets/search/recent', successCode: '200' },
  { method: 'GET', pattern: /^\/2\/dm_events$/, template: '/2/dm_events', successCode: '200' },
  { method: 'POST', pattern: /^\/2\/tweets$/, template: '/2/tweets', successCode: '201' },
  {
    method: 'POST',
    pattern: /^\/2\/dm_conversations\/with\/(\d+)\/messages$/,
    template: '/2/dm_conversations/with/{participant_id}/messages',
    successCode: '201',
  },
];

/**
 * A loopback stand-in for the X API v2 endpoints Murmur uses, with in-memory posts and DMs, stable
 * newest-first pagination, injectable 429/401 failures (with x-rate-limit-* headers), and a request
 * log. Each response is validated against X's OpenAPI document; drift is recorded in `violations`.
 */
export class XApiFake {
  readonly users = new Map<string, FakeUser>();
  readonly posts: FakePost[] = [];
  readonly dms: FakeDm[] = [];
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  readonly created: { posts: { id: string; text: string; replyTo?: string }[]; dms: FakeDm[] } = { posts: [], dms: [] };
  /** Page size the fake uses whatever max_results asks (small pages exercise pagination). */
  pageSize = 2;
  /** Filtered-stream rules, and the connections currently open on the stream. */
  readonly rules: { id: string; value: string; tag?: string }[] = [];
  private readonly streams = new Set<ServerResponse>();
  streamConnections = 0;
  private nextId = 1_900_000_000_000_000_000n;
  private readonly failures: Failure[] = [];
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv: Ajv;
  private server: Server | undefined;
  url = '';

  constructor(readonly brandUserId: string) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as object, 'x-openapi.json');
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.dropStreams();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }

  id(): string {
    this.nextId += 1000n;
    return this.nextId.toString();
  }

  addUser(u: FakeUser): FakeUser {
    this.users.set(u.id, u);
    return u;
  }

  addPost(p: Omit<FakePost, 'id'> & { id?: string }): FakePost {
    const post = { ...p, id: p.id ?? this.id(), created_at: p.created_at ?? new Date().toISOString() };
    post.conversation_id ??= post.id;
    this.posts.push(post as FakePost);
    return post as FakePost;
  }

  addDm(d: Omit<FakeDm, 'id'>): FakeDm {
    const dm = { ...d, id: this.id(), created_at: d.created_at ?? new Date().toISOString() };
    this.dms.push(dm);
    return dm;
  }

  /** The next `times` requests whose path matches fail with `status`. */
  fail(
    match: RegExp,
    status: number,
    opts: { times?: number; resetInSeconds?: number; when?: (query: Record<string, string>) => boolean } = {},
  ): void {
    this.failures.push({
      match,
      status,
      remaining: opts.times ?? 1,
      resetInSeconds: opts.resetInSeconds,
      when: opts.when,
    });
  }

  /** Sends a post to every open stream connection whose rules match it (by word, as search does). */
  pushToStream(post: FakePost): number {
    const author = this.users.get(post.author_id);
    const matching = this.rules.filter((r) =>
      r.value
        .toLowerCase()
        .split(/\s+/)
        .some((w) => post.text.toLowerCase().includes(w)),
    );
    const item = {
      data: {
        id: post.id,
        text: post.text,
        author_id: post.author_id,
        created_at: post.created_at,
        conversation_id: post.conversation_id,
        edit_history_tweet_ids: [post.id],
      },
      includes: { users: author ? [this.userView(author)] : [] },
      matching_rules: matching.map((r) => ({ id: r.id, tag: r.tag })),
    };
    this.validate(
      ROUTES.find((r) => r.template === '/2/tweets/search/stream')!,
      200,
      item,
    );
    for (const res of this.streams) res.write(`${JSON.stringify(item)}\r\n`);
    return this.streams.size;
  }

  /** Drops every open stream connection, as X does now and then. */
  dropStreams(): void {
    for (const res of this.streams) res.destroy();
    this.streams.clear();
  }

  clearFailures(): void {
    this.failures.length = 0;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const query = Object.fromEntries(url.searchParams.entries());
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = undefined;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = raw;
      }
      this.requests.push({ method: req.method ?? 'GET', path: url.pathname, query, body, at: Date.now() });
      const route = ROUTES.find((r) => r.method === req.method && r.pattern.test(url.pathname));
      if (!route) return this.send(res, undefined, 404, { code: 404, message: 'not found' });
      const failure = this.failures.find(
        (f) => f.remaining > 0 && f.match.test(url.pathname) && (!f.when || f.when(query)),
      );
      if (failure) {
        failure.remaining--;
        if (failure.status === 429) {
          const reset = Math.ceil(Date.now() / 1000) + (failure.resetInSeconds ?? 2);
          res.setHeader('x-rate-limit-limit', '75');
          res.setHeader('x-rate-limit-remaining', '0');
          res.setHeader('x-rate-limit-reset', String(reset));
          return this.send(res, route, 429, { code: 429, message: 'Too Many Requests' });
        }
        return this.send(res, route, failure.status, {
          code: failure.status,
          message: failure.status === 401 ? 'Unauthorized' : 'error',
        });
      }
      res.setHeader('x-rate-limit-limit', '75');
      res.setHeader('x-rate-limit-remaining', '74');
      res.setHeader('x-rate-limit-reset', String(Math.ceil(Date.now() / 1000) + 900));
      const m = route.pattern.exec(url.pathname)!;
      switch (route.template) {
        case '/2/tweets/search/stream/rules': {
          if (req.method === 'GET') {
            return this.send(res, route, 200, {
              data: this.rules,
              meta: { result_count: this.rules.length, sent: new Date().toISOString() },
            });
          }
          const b = body as { add?: { value: string; tag?: string }[]; delete?: { ids: string[] } };
          const added = (b.add ?? []).map((r) => ({ id: this.id(), value: r.value, tag: r.tag }));
          this.rules.push(...added);
          const deleted = new Set(b.delete?.ids ?? []);
          for (let i = this.rules.length - 1; i >= 0; i--) if (deleted.has(this.rules[i]!.id)) this.rules.splice(i, 1);
          return this.send(res, route, 200, {
            ...(added.length ? { data: added } : {}),
            meta: {
              sent: new Date().toISOString(),
              summary: added.length
                ? { created: added.length, not_created: 0 }
                : { deleted: deleted.size, not_deleted: 0 },
            },
          });
        }
        case '/2/tweets/search/stream':
          this.streamConnections++;
          res.statusCode = 200;
          res.setHeader('content-type', 'application/json; charset=utf-8');
          res.flushHeaders();
          res.write('\r\n');
          this.streams.add(res);
          res.on('close', () => this.streams.delete(res));
          return;
        case '/2/users/{id}/mentions':
          return this.send(res, route, 200, this.postPage(this.mentionsOf(m[1]!), query, 'pagination_token'));
        case '/2/tweets/search/recent':
          return this.send(res, route, 200, this.postPage(this.search(query.query ?? ''), query, 'next_token'));
        case '/2/dm_events':
          return this.send(res, route, 200, this.dmPage(query));
        case '/2/tweets': {
          const b = body as { text: string; reply?: { in_reply_to_tweet_id: string } };
          const id = this.id();
          this.created.posts.push({ id, text: b.text, replyTo: b.reply?.in_reply_to_tweet_id });
          return this.send(res, route, 201, { data: { id, text: b.text } });
        }
        default: {
          const b = body as { text: string };
          const peer = m[1]!;
          const [a, c] = [peer, this.brandUserId].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : 1));
          const dm = { id: this.id(), text: b.text, sender_id: this.brandUserId, dm_conversation_id: `${a}-${c}` };
          this.created.dms.push(dm);
          this.dms.push({ ...dm, created_at: new Date().toISOString() });
          return this.send(res, route, 201, {
            data: { dm_conversation_id: dm.dm_conversation_id, dm_event_id: dm.id },
          });
        }
      }
    });
  }

  private mentionsOf(userId: string): FakePost[] {
    return this.posts.filter((p) => p.in_reply_to_user_id === userId || (p.mentions ?? []).includes(userId));
  }

  private search(query: string): FakePost[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return this.posts.filter((p) => words.some((w) => p.text.toLowerCase().includes(w)));
  }

  /** Newest first above since_id; the token names the id the next page starts below (stable as posts arrive). */
  private postPage(all: FakePost[], q: Record<string, string>, tokenParam: string): unknown {
    const since = q.since_id ? BigInt(q.since_id) : 0n;
    const below = q[tokenParam] ? BigInt(Buffer.from(q[tokenParam], 'base64url').toString()) : undefined;
    const sorted = all
      .filter((p) => BigInt(p.id) > since && (below === undefined || BigInt(p.id) < below))
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? 1 : -1));
    const page = sorted.slice(0, this.pageSize);
    if (page.length === 0) return { meta: { result_count: 0 } };
    const more = sorted.length > page.length;
    const authors = [...new Set(page.map((p) => p.author_id))].flatMap((id) => {
      const u = this.users.get(id);
      return u ? [this.userView(u)] : [];
    });
    return {
      data: page.map((p) => ({
        id: p.id,
        text: p.text,
        author_id: p.author_id,
        created_at: p.created_at,
        conversation_id: p.conversation_id,
        edit_history_tweet_ids: [p.id],
        ...(p.in_reply_to_user_id ? { in_reply_to_user_id: p.in_reply_to_user_id } : {}),
        ...(p.mentions?.length
          ? {
              entities: {
                mentions: p.mentions.map((id) => ({
                  start: 0,
                  end: 1,
                  id,
                  username: this.users.get(id)?.username ?? 'x',
                })),
              },
            }
          : {}),
      })),
      includes: { users: authors },
      meta: {
        newest_id: page[0]!.id,
        oldest_id: page[page.length - 1]!.id,
        result_count: page.length,
        ...(more ? { next_token: Buffer.from(page[page.length - 1]!.id).toString('base64url') } : {}),
      },
    };
  }

  private dmPage(q: Record<string, string>): unknown {
    const below = q.pagination_token ? BigInt(Buffer.from(q.pagination_token, 'base64url').toString()) : undefined;
    const sorted = this.dms
      .filter((d) => below === undefined || BigInt(d.id) < below)
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? 1 : -1));
    const page = sorted.slice(0, this.pageSize);
    const more = sorted.length > page.length;
    const users = [...new Set(page.flatMap((d) => [d.sender_id, ...d.dm_conversation_id.split('-')]))].flatMap((id) => {
      const u = this.users.get(id);
      return u ? [this.userView(u)] : [];
    });
    return {
      data: page.map((d) => ({
        id: d.id,
        event_type: 'MessageCreate',
        text: d.text,
        sender_id: d.sender_id,
        dm_conversation_id: d.dm_conversation_id,
        created_at: d.created_at,
        participant_ids: d.dm_conversation_id.split('-'),
      })),
      includes: { users },
      meta: {
        result_count: page.length,
        ...(more ? { next_token: Buffer.from(page[page.length - 1]!.id).toString('base64url') } : {}),
      },
    };
  }

  private userView(u: FakeUser): Record<string, unknown> {
    return {
      id: u.id,
      name: u.name,
      username: u.username,
      verified: u.verified ?? false,
      public_metrics: {
        followers_count: u.followers ?? 0,
        following_count: 0,
        post_count: 0,
        tweet_count: 0,
        listed_count: 0,
      },
    };
  }

  private send(res: ServerResponse, route: Route | undefined, status: number, body: unknown): void {
    if (route) this.validate(route, status, body);
    res.statusCode = status;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
  }

  private validate(route: Route, status: number, body: unknown): void {
    const code = String(status) === route.successCode ? route.successCode : 'default';
    const pointer = `#/paths/${route.template.replace(/~/g, '~0').replace(/\//g, '~1')}/${route.method.toLowerCase()}/responses/${code}/content/application~1json/schema`;
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `x-openapi.json${pointer}` });
      this.validators.set(pointer, validate);
    }
    if (!validate(body)) {
      this.violations.push(`${route.method} ${route.template} ${status}: ${this.ajv.errorsText(validate.errors)}`);
    }
  }
}
