import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunningApi } from '../apps/api/src/api-app';
import {
  ApiClient,
  createTenant,
  createWebhookChannel,
  freePort,
  killSpawned,
  postInbound,
  spawnProcess,
  startInProcess,
  stopProcess,
  type SpawnedProcess,
  type TenantFixture,
  type WebhookChannel,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

interface MessageHit {
  id: string;
  conversationId: string;
  channelId: string;
  contactId: string | null;
  sentAt: string;
  sentiment: string | null;
  snippet: string;
  highlights: { start: number; end: number }[];
}
interface ContactHit {
  id: string;
  name: string | null;
  snippet: string;
  highlights: { start: number; end: number }[];
}
interface SearchResult {
  type: string;
  order: string;
  messages: MessageHit[];
  contacts: ContactHit[];
  nextCursor: string | null;
}

/** Posts inbound messages, then waits until `stored()` counts them all. */
async function seed(
  channel: Pick<WebhookChannel, 'inboundUrl' | 'secret'>,
  messages: { id: string; sender: string; name?: string; text: string; at: string }[],
  stored: () => Promise<number>,
): Promise<void> {
  for (const m of messages) {
    const res = await postInbound(channel, {
      messageId: m.id,
      sender: { id: m.sender, name: m.name },
      text: m.text,
      timestamp: m.at,
    });
    expect(res.status).toBe(202);
  }
  await waitFor('messages stored', async () => (await stored()) >= messages.length || undefined, 60_000);
}

function search(t: TenantFixture, params: Record<string, string | number>) {
  const qs = new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return t.client.call<SearchResult>('GET', `/api/v1/search?${qs}`);
}

const marked = (hit: { snippet: string; highlights: { start: number; end: number }[] }): string[] =>
  hit.highlights.map((h) => hit.snippet.slice(h.start, h.end));

describe('search over messages and contacts (PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let a: TenantFixture;
  let b: TenantFixture;
  let a1: WebhookChannel;
  let a2: WebhookChannel;
  /** platform message id → Murmur message id */
  const ids = new Map<string, string>();

  const texts = async (t: TenantFixture, params: Record<string, string | number>): Promise<string[]> => {
    const r = await search(t, params);
    expect(r.status).toBe(200);
    return r.body.messages.map((m) => [...ids.entries()].find(([, id]) => id === m.id)?.[0] ?? m.id);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startInProcess('all', { databaseUrl: db.url, redisPrefix: redis.prefix });
    a = await createTenant(api, 'Search A');
    b = await createTenant(api, 'Search B');
    a1 = await createWebhookChannel(a.client);
    a2 = await createWebhookChannel(a.client);
    const bch = await createWebhookChannel(b.client);
    const countIn = (ws: string) => () =>
      withDb(db.url, async (c) =>
        Number((await c.query('SELECT count(*) FROM message WHERE workspace_id = $1', [ws])).rows[0].count),
      );

    await seed(
      a1,
      [
        { id: 'zh-1', sender: 'u-1', name: 'Alice Chen', text: '我的退款还没有到账', at: '2026-11-01T08:00:00Z' },
        { id: 'zh-2', sender: 'u-2', name: '王小明', text: '物流太慢了，退款也很慢', at: '2026-11-05T08:00:00Z' },
        {
          id: 'en-4',
          sender: 'u-3',
          name: 'Bob',
          text: 'Late delivery again, the courier was rude',
          at: '2026-11-12T08:00:00Z',
        },
        { id: 'en-5', sender: 'u-3', text: 'The delivery was late but OK', at: '2026-11-13T08:00:00Z' },
        { id: 'mix-6', sender: 'u-2', text: '申请 refund 退款 please', at: '2026-11-14T08:00:00Z' },
      ],
      countIn(a.workspaceId),
    );
    await seed(
      a2,
      [
        {
          id: 'en-3',
          sender: 'u-1',
          name: 'Alice',
          text: 'Where is my refund? Refunds take forever',
          at: '2026-11-10T08:00:00Z',
        },
        ...[1, 2, 3, 4, 5].map((n) => ({
          id: `page-${n}`,
          sender: 'u-9',
          text: `分页测试 page ${n}`,
          at: `2026-11-20T08:0${n}:00Z`,
        })),
      ],
      async () => (await countIn(a.workspaceId)()) - 5,
    );
    await seed(
      bch,
      [
        {
          id: 'b-1',
          sender: 'u-1',
          name: 'Alice Chen',
          text: '退款 refund from workspace B',
          at: '2026-11-15T08:00:00Z',
        },
      ],
      countIn(b.workspaceId),
    );

    await withDb(db.url, async (c) => {
      const rows = await c.query<{ id: string; platform_message_id: string }>(
        'SELECT id, platform_message_id FROM message WHERE workspace_id = $1',
        [a.workspaceId],
      );
      for (const r of rows.rows) ids.set(r.platform_message_id, r.id);
    });
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('finds Chinese by two characters, longer runs and a single character, newest first', async () => {
    expect(await texts(a, { q: '退款' })).toEqual(['mix-6', 'zh-2', 'zh-1']);
    expect(await texts(a, { q: '没有到账' })).toEqual(['zh-1']);
    expect(await texts(a, { q: '很慢' })).toEqual(['zh-2']);
    expect(await texts(a, { q: '慢' })).toEqual(['zh-2']);
    expect(await texts(a, { q: '款还' })).toEqual(['zh-1']);
    expect(await texts(a, { q: '退款很慢' })).toEqual([]);

    const r = await search(a, { q: '退款' });
    expect(r.body).toMatchObject({ type: 'messages', order: 'newest', contacts: [], nextCursor: null });
    expect(marked(r.body.messages[1])).toEqual(['退款']);
    expect(r.body.messages[1].snippet).toBe('物流太慢了，退款也很慢');
  });

  it('finds English by stem and by phrase, and requires every term', async () => {
    expect(await texts(a, { q: 'refund' })).toEqual(['mix-6', 'en-3']);
    expect(await texts(a, { q: 'REFUNDS' })).toEqual(['mix-6', 'en-3']);
    expect(await texts(a, { q: 'late delivery' })).toEqual(['en-5', 'en-4']);
    expect(await texts(a, { q: '"late delivery"' })).toEqual(['en-4']);
    expect(await texts(a, { q: '退款 refund' })).toEqual(['mix-6']);
    expect(await texts(a, { q: 'refund 物流' })).toEqual([]);

    const r = await search(a, { q: 'refund' });
    expect(marked(r.body.messages[1])).toEqual(['refund', 'Refund']);
  });

  it('filters by channel, time range, sentiment and contact', async () => {
    expect(await texts(a, { q: 'refund', channelId: a2.id })).toEqual(['en-3']);
    expect(await texts(a, { q: 'delivery', from: '2026-11-13T00:00:00Z' })).toEqual(['en-5']);
    expect(await texts(a, { q: 'delivery', to: '2026-11-13T00:00:00Z' })).toEqual(['en-4']);
    expect(await texts(a, { q: 'delivery', from: '2026-11-12T00:00:00Z', to: '2026-11-12T23:00:00Z' })).toEqual([
      'en-4',
    ]);

    for (const [pid, label] of [
      ['en-4', 'negative'],
      ['en-5', 'positive'],
    ] as const) {
      const put = await a.client.call('PUT', `/api/v1/messages/${ids.get(pid)}/sentiment`, { label });
      expect(put.status).toBe(204);
    }
    expect(await texts(a, { q: 'delivery', sentiment: 'negative' })).toEqual(['en-4']);
    expect(await texts(a, { q: 'delivery', sentiment: 'positive' })).toEqual(['en-5']);

    const zh1 = (await search(a, { q: '没有到账' })).body.messages[0];
    expect(zh1.contactId).toEqual(expect.any(String));
    expect(await texts(a, { q: '退款', contactId: zh1.contactId! })).toEqual(['zh-1']);
  });

  it('pages with a cursor without repeating or skipping', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: { status: number; body: SearchResult } = await search(a, {
        q: '分页',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(r.status).toBe(200);
      seen.push(...r.body.messages.map((m) => m.snippet));
      cursor = r.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([5, 4, 3, 2, 1].map((n) => `分页测试 page ${n}`));
  });

  it('finds contacts by name, display name and handle', async () => {
    const wang = await search(a, { q: '小明', type: 'contacts' });
    expect(wang.status).toBe(200);
    expect(wang.body.contacts.map((c) => c.name)).toEqual(['王小明']);
    expect(marked(wang.body.contacts[0])).toEqual(['小明']);
    const alice = await search(a, { q: 'alice', type: 'contacts' });
    // The same sender id on another webhook channel is another contact until merged; newest first.
    expect(alice.body.contacts.map((c) => c.name)).toEqual(['Alice', 'Alice Chen']);
    const handle = await search(a, { q: 'u-3', type: 'contacts' });
    expect(handle.body.contacts.map((c) => c.name)).toEqual(['Bob']);
    expect(handle.body.contacts[0].snippet).toBe('u-3');
    expect((await search(a, { q: '%', type: 'contacts' })).body.contacts).toEqual([]);
  });

  it('pages contacts created in the same instant (one ingest batch) without skipping any', async () => {
    const p = await createTenant(api, 'Search contact paging');
    await withDb(db.url, (c) =>
      c.query(
        `INSERT INTO contact (workspace_id, name, created_at)
         SELECT $1, 'Pager ' || g, '2026-11-20T08:00:00.123456Z' FROM generate_series(1, 5) AS g`,
        [p.workspaceId],
      ),
    );
    const names: (string | null)[] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: SearchResult } = await search(p, {
        q: 'pager',
        type: 'contacts',
        limit: 2,
        ...(cursor ? { cursor } : {}),
      });
      expect(r.status).toBe(200);
      names.push(...r.body.contacts.map((c) => c.name));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(names.sort()).toEqual([1, 2, 3, 4, 5].map((n) => `Pager ${n}`));
  });

  it('finds exactly the relevant messages of a small labelled set, Chinese and English', async () => {
    const c = await createTenant(api, 'Search relevance');
    const ch = await createWebhookChannel(c.client);
    // Near misses on purpose: a shared character (退货/退款, 物流/流程), a shared prefix (refund/refine),
    // a word inside another (late/latest), and one text in both languages.
    const corpus: Record<string, string> = {
      r1: '退款什么时候到账',
      r2: '我要申请退货',
      r3: '物流信息一直没更新',
      r4: '这个流程太复杂了',
      r5: '快递员态度很差，物流也慢',
      r6: 'I want a refund for this order',
      r7: 'Please refine your search terms',
      r8: 'My parcel arrived late',
      r9: 'Is this the latest version?',
      r10: 'Refunded twice?! 退款重复了',
      r11: 'delivery was on time, thanks',
      r12: '发货太慢，delivery is slow',
    };
    const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 8, i)).toISOString();
    await seed(
      ch,
      Object.entries(corpus).map(([id, text], i) => ({ id, sender: `rel-${i}`, text, at: at(i) })),
      () =>
        withDb(db.url, async (cl) =>
          Number(
            (await cl.query('SELECT count(*) FROM message WHERE workspace_id = $1', [c.workspaceId])).rows[0].count,
          ),
        ),
    );
    const labelled: [string, string[]][] = [
      ['退款', ['r1', 'r10']],
      ['退货', ['r2']],
      ['物流', ['r3', 'r5']],
      ['流程', ['r4']],
      ['太慢', ['r12']],
      ['refund', ['r6', 'r10']],
      ['refine', ['r7']],
      ['late', ['r8']],
      ['delivery', ['r11', 'r12']],
      ['"arrived late"', ['r8']],
    ];
    const idOf = new Map(
      await withDb(db.url, async (cl) =>
        (
          await cl.query<{ id: string; platform_message_id: string }>(
            'SELECT id, platform_message_id FROM message WHERE workspace_id = $1',
            [c.workspaceId],
          )
        ).rows.map((r): [string, string] => [r.id, r.platform_message_id]),
      ),
    );
    let relevantFound = 0;
    let returned = 0;
    let relevant = 0;
    for (const [q, expected] of labelled) {
      const r = await search(c, { q, type: 'messages', limit: 50 });
      expect(r.status).toBe(200);
      const got = r.body.messages.map((m) => idOf.get(m.id));
      expect({ q, got: [...got].sort() }).toEqual({ q, got: [...expected].sort() });
      relevantFound += got.filter((g) => g !== undefined && expected.includes(g)).length;
      returned += got.length;
      relevant += expected.length;
    }
    // Precision and recall over the whole set (both 1.0 when every query above holds).
    expect(relevantFound / returned).toBe(1);
    expect(relevantFound / relevant).toBe(1);
  });

  it('never shows another workspace its rows', async () => {
    expect(await texts(b, { q: '退款' })).toHaveLength(1);
    const fromB = await search(b, { q: 'refund' });
    expect(fromB.body.messages.map((m) => m.snippet)).toEqual(['退款 refund from workspace B']);
    expect(await texts(a, { q: 'workspace' })).toEqual([]);
    // A's channel, contact and cursor mean nothing in B.
    expect((await search(b, { q: 'refund', channelId: a2.id })).body.messages).toEqual([]);
    const contacts = await search(b, { q: 'Alice', type: 'contacts' });
    expect(contacts.body.contacts).toHaveLength(1);
    expect((await search(b, { q: '王小明', type: 'contacts' })).body.contacts).toEqual([]);
  });

  it('rejects bad input with a 400 naming the problem', async () => {
    const cases: [Record<string, string | number>, RegExp][] = [
      [{}, /q/],
      [{ q: '' }, /q must not be empty/],
      [{ q: '   ' }, /q must not be empty/],
      [{ q: 'x'.repeat(201) }, /at most 200/],
      [{ q: '!!! ？' }, /no letters, digits or CJK/],
      [{ q: 'a', type: 'people' }, /type must be one of/],
      [{ q: 'a', channelId: 'nope' }, /channelId must be a UUID/],
      [{ q: 'a', contactId: '123' }, /contactId must be a UUID/],
      [{ q: 'a', from: 'yesterday' }, /from must be an ISO 8601/],
      [{ q: 'a', from: '2026-11-02T00:00:00Z', to: '2026-11-01T00:00:00Z' }, /from must be before to/],
      [{ q: 'a', sentiment: 'angry' }, /sentiment must be one of/],
      [{ q: 'a', limit: 0 }, /limit must be at least 1/],
      [{ q: 'a', limit: 500 }, /limit must be at most 100/],
      [{ q: 'a', cursor: 'garbage' }, /cursor/],
      [{ q: 'a', type: 'contacts', sentiment: 'negative' }, /sentiment only apply to type=messages/],
      [{ q: 'a', other: 1 }, /other/],
    ];
    for (const [params, message] of cases) {
      const r = await search(a, params);
      expect({ params, status: r.status }).toEqual({ params, status: 400 });
      expect(JSON.stringify(r.body)).toMatch(message);
    }
    const anonymous = await fetch(`${api.url}/api/v1/search?q=refund`);
    expect(anonymous.status).toBe(401);
  });
});

/** The embedded default as `npm start` runs it (a child process: PGlite is loaded as an ES module). */
describe('search on the embedded database (PGlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'murmur-search-'));
  const password = 'embedded search password';
  let proc: SpawnedProcess | undefined;
  let t: TenantFixture;

  beforeAll(async () => {
    const port = await freePort();
    proc = await spawnProcess(
      'all',
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        MURMUR_ADMIN_EMAIL: 'search@murmur.local',
        MURMUR_ADMIN_PASSWORD: password,
      },
      /Demo webhook signing secret: +(\S+)/,
    );
    const out = proc.output();
    const inboundUrl = /Demo webhook channel inbound URL: (\S+)/.exec(out)![1].replace('//localhost:', '//127.0.0.1:');
    const client = new ApiClient(`http://127.0.0.1:${port}`);
    await client.login('search@murmur.local', password);
    t = { workspaceId: '', userId: '', email: 'search@murmur.local', password, client };
    const channel = { id: inboundUrl.split('/').pop()!, inboundUrl, secret: proc.match[1] };
    await seed(
      channel,
      [
        { id: 'e-1', sender: 'u-1', name: '李雷', text: '快递员态度很差，我要投诉', at: '2026-11-01T08:00:00Z' },
        { id: 'e-2', sender: 'u-2', name: 'Emma', text: 'Refunds are slow', at: '2026-11-02T08:00:00Z' },
      ],
      async () => {
        const zh = await search(t, { q: '投诉' });
        const en = await search(t, { q: 'refund' });
        return (zh.body.messages?.length ?? 0) + (en.body.messages?.length ?? 0);
      },
    );
  }, 180_000);

  afterAll(async () => {
    if (proc) await stopProcess(proc.child);
    await killSpawned();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tokenises Chinese and English the same way as PostgreSQL', async () => {
    const zh = await search(t, { q: '投诉' });
    expect(zh.body.messages.map((m) => m.snippet)).toEqual(['快递员态度很差，我要投诉']);
    expect((await search(t, { q: '态度很差' })).body.messages).toHaveLength(1);
    expect((await search(t, { q: '度' })).body.messages).toHaveLength(1);
    const en = await search(t, { q: 'refund' });
    expect(en.body.messages.map((m) => m.snippet)).toEqual(['Refunds are slow']);
    expect((await search(t, { q: '李雷', type: 'contacts' })).body.contacts.map((c) => c.name)).toEqual(['李雷']);
  });
});
