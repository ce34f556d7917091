/**
 * `npm run bench:search`: full-text search latency at 1,000,000 messages on real PostgreSQL.
 *
 * A scratch database is migrated with Murmur's migrations, then loaded with generated customer
 * messages (about half Chinese, a third English, the rest mixed) by `INSERT … SELECT` over
 * `generate_series`: a pool of 100,000 distinct texts gets its search vectors from
 * `murmur_search_vector()` (what the trigger calls), messages draw their text and vector from the
 * pool, and the secondary indexes (the GIN one included) are built once after the load, as for any
 * bulk import. A sample is checked against the trigger's function afterwards. A second workspace holds
 * a further 5 % of rows so that tenant scoping is part of every query. Then each query kind runs `--runs` times
 * through `SearchService` (the same SQL, snippets and highlights as `GET /api/v1/search`), and the
 * p50/p95/p99 latencies are printed as JSON.
 *
 * Options: --messages=1000000 --runs=60 --keep (leave the database) --reuse=<kept database> (measure
 * again without loading) --compare-trgm (also time the
 * pg_trgm alternative: `ILIKE '%term%'` without and with a `gin_trgm_ops` index).
 * Environment: BENCH_PG_URL (admin connection, default postgres://postgres@127.0.0.1:5432/postgres).
 */
import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createDataSource, runMigrations, UnitOfWork } from '@scrm/database';
import { SearchRepository, SearchService, type SearchQueryDto } from '@scrm/search';
import { percentiles, type Percentiles } from './bench-stats';

const ZH = [
  '请问我的订单什么时候发货',
  '退款一直没有到账，已经等了一个星期了',
  '客服态度很好，谢谢你们',
  '这个产品质量太差了，用了两天就坏了',
  '物流太慢了，到现在还没收到',
  '我想换一个颜色，可以吗',
  '优惠券怎么用不了',
  '会员积分可以兑换什么礼品',
  '包装破损了，里面的东西也碎了',
  '能不能帮我开一张发票',
  '快递员态度很差，直接放在门口',
  '发错货了，我买的是白色的',
  '什么时候有新品上市',
  '直播间的价格和店里不一样',
  '已经申请售后三天了还没人处理',
  '充电很慢，电池也不耐用',
  '味道很好，下次还会再买',
  '尺码偏小，建议买大一号',
  '为什么扣了两次款',
  '账号登录不上去，验证码收不到',
  '地址填错了，能帮我改一下吗',
  '赠品没有收到',
  '这个价格太贵了，有没有折扣',
  '屏幕有划痕，申请退货',
  '你们的售后服务真的很专业',
  '活动什么时候结束',
  '耳机左边没有声音',
  '希望尽快给我一个答复',
  '我要投诉，问题一直没有解决',
  '产品召回的消息是真的吗',
];

const EN = [
  'where is my order, it has not shipped yet',
  'still waiting for my refund after a week',
  'the customer service team was really helpful',
  'the quality is terrible, it broke after two days',
  'late delivery again, this is the third time',
  'can I change the colour of my order',
  'the coupon code does not work at checkout',
  'how do I redeem my loyalty points',
  'the package arrived damaged',
  'please send me an invoice for this purchase',
  'the courier was rude and left it outside',
  'you sent me the wrong size',
  'when will the new model be released',
  'the price in the live stream is different',
  'my refund request has been pending for days',
  'battery drains fast and charging is slow',
  'love it, will definitely buy again',
  'runs small, order one size up',
  'why was I charged twice',
  'cannot log in, the verification code never arrives',
  'I entered the wrong shipping address',
  'the free gift was missing from the box',
  'too expensive, any discount available',
  'the screen has a scratch, I want to return it',
  'thanks for the quick response',
  'when does the promotion end',
  'the left earbud has no sound',
  'please get back to me as soon as possible',
  'I want to file a complaint, nothing has been fixed',
  'is the product recall news true',
];

interface QueryKind {
  name: string;
  queries: Array<Omit<SearchQueryDto, 'workspaceId'>>;
}

interface Options {
  messages: number;
  runs: number;
  keep: boolean;
  compareTrgm: boolean;
  /** A database a `--keep` run left behind: measure again without loading. */
  reuse?: string;
}

function parseArgs(): Options {
  const opts: Options = { messages: 1_000_000, runs: 60, keep: false, compareTrgm: false };
  for (const arg of process.argv.slice(2)) {
    const [k, v] = arg.replace(/^--/, '').split('=');
    if (k === 'messages' || k === 'runs') opts[k] = Number(v);
    else if (k === 'keep') opts.keep = true;
    else if (k === 'compare-trgm') opts.compareTrgm = true;
    else if (k === 'reuse' && /^murmur_search_bench_[0-9a-f]+$/.test(v ?? '')) opts.reuse = v;
    else throw new Error(`unknown option ${arg}`);
  }
  return opts;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const result = await work();
  return [result, performance.now() - t0];
}

async function main(): Promise<void> {
  const opts = parseArgs();
  const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = opts.reuse ?? `murmur_search_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  if (!opts.reuse) await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const ds = createDataSource({ url: url.toString(), dataDir: '/tmp', poolSize: 4 });
  const started = new Date();
  const load = loadavg()[0];
  try {
    await ds.initialize();
    await runMigrations(ds);
    const q = (sql: string, params: unknown[] = []): Promise<unknown> => ds.query(sql, params);

    const ws = '00000000-0000-4000-8000-00000000000a';
    const other = '00000000-0000-4000-8000-00000000000b';
    const channels = [1, 2, 3, 4].map((i) => `00000000-0000-4000-8000-0000000000c${i}`);
    const contacts = 20_000;
    let pool = 0;
    let poolMs = 0;
    let loadMs = 0;
    let indexMs = 0;
    if (!opts.reuse) {
      ({ pool, poolMs, loadMs, indexMs } = await (async () => {
        // Contacts and one conversation each, in both workspaces; conversation ids are derived from g.
        for (const w of [ws, other]) {
          await q(
            `INSERT INTO contact (id, workspace_id, name)
           SELECT md5($1::text || 'ct' || g)::uuid, $1::uuid, 'Customer ' || g FROM generate_series(1, $2) g`,
            [w, contacts],
          );
          await q(
            `INSERT INTO conversation (id, workspace_id, channel_id, contact_id, thread_key, last_message_at)
           SELECT md5($1::text || 'cv' || g)::uuid, $1::uuid, ($3::uuid[])[1 + g % 4], md5($1::text || 'ct' || g)::uuid, 't' || g, now()
             FROM generate_series(1, $2) g`,
            [w, contacts, channels],
          );
        }

        // Distinct texts first, with their search vectors computed by the same function the trigger
        // calls; the messages then draw from this pool. Rows hold exactly what the trigger would have
        // written, at a fraction of the CPU (the machine is shared).
        const pool = Math.min(opts.messages, 100_000);
        const [, poolMs] = await timed(() =>
          q(
            `CREATE UNLOGGED TABLE bench_text AS
           SELECT k, text, murmur_search_vector(text) AS search_vector
             FROM (SELECT k,
                          CASE WHEN r < 0.55 THEN z1 || '，' || z2 || CASE WHEN k % 3 = 0 THEN '，订单号' || (k * 7919 % 100000000) ELSE '' END
                               WHEN r < 0.90 THEN initcap(e1) || '. ' || e2 || CASE WHEN k % 3 = 0 THEN ' (order ' || (k * 7919 % 100000000) || ')' ELSE '' END
                               ELSE z1 || ' ' || e1 END AS text
                     FROM (SELECT k, random() AS r,
                                  ($2::text[])[1 + floor(array_length($2::text[], 1) * random() ^ 1.6)::int] AS z1,
                                  ($2::text[])[1 + floor(array_length($2::text[], 1) * random() ^ 1.6)::int] AS z2,
                                  ($3::text[])[1 + floor(array_length($3::text[], 1) * random() ^ 1.6)::int] AS e1,
                                  ($3::text[])[1 + floor(array_length($3::text[], 1) * random() ^ 1.6)::int] AS e2
                             FROM generate_series(1, $1::int) k) x) y`,
            [pool, ZH, EN],
          ),
        );
        await q(`ALTER TABLE bench_text ADD PRIMARY KEY (k)`);

        // A bulk import builds secondary indexes once at the end rather than row by row.
        const indexes = (await q(
          `SELECT indexname, indexdef FROM pg_indexes
          WHERE tablename = 'message' AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')`,
        )) as Array<{ indexname: string; indexdef: string }>;
        for (const ix of indexes) await q(`DROP INDEX "${ix.indexname}"`);
        await q(`ALTER TABLE message DISABLE TRIGGER tg_message_search_vector`);
        const batch = 250_000;
        const insertBatch = (w: string, from: number, to: number): Promise<unknown> =>
          q(
            `INSERT INTO message (workspace_id, conversation_id, channel_id, direction, text, search_vector, sent_at, sentiment_label)
           SELECT $1::uuid, md5($1::text || 'cv' || (1 + g % $4))::uuid, ($5::uuid[])[1 + (1 + g % $4) % 4],
                  CASE WHEN g % 5 = 0 THEN 'out' ELSE 'in' END, p.text, p.search_vector,
                  now() - g * interval '26 seconds',
                  CASE WHEN s < 0.3 THEN 'negative' WHEN s < 0.8 THEN 'neutral' ELSE 'positive' END
             FROM (SELECT g, random() AS s, 1 + floor(random() * $6)::int AS k FROM generate_series($2::int, $3::int) g) x
             JOIN bench_text p ON p.k = x.k`,
            [w, from, to, contacts, channels, pool],
          );
        const [, loadMs] = await timed(async () => {
          for (let from = 1; from <= opts.messages; from += batch) {
            await insertBatch(ws, from, Math.min(opts.messages, from + batch - 1));
            process.stderr.write(`loaded ${Math.min(opts.messages, from + batch - 1)} messages\n`);
          }
          await insertBatch(other, 1, Math.round(opts.messages * 0.05));
        });
        await q(`ALTER TABLE message ENABLE TRIGGER tg_message_search_vector`);
        process.stderr.write('building the indexes…\n');
        const [, indexMs] = await timed(async () => {
          await q(`SET maintenance_work_mem = '512MB'`);
          for (const ix of indexes) await q(ix.indexdef);
          await q(`VACUUM ANALYZE message`);
          await q(`ANALYZE conversation`);
        });
        const drift = (await q(
          `SELECT count(*)::int AS n FROM (SELECT * FROM message LIMIT 2000) m WHERE search_vector IS DISTINCT FROM murmur_search_vector(text)`,
        )) as Array<{ n: number }>;
        if (drift[0].n !== 0) throw new Error('loaded search vectors differ from what the trigger computes');
        return { pool, poolMs, loadMs, indexMs };
      })());
    }
    const sizes = (await q(
      `SELECT pg_size_pretty(pg_table_size('message')) AS "table",
              pg_size_pretty(pg_relation_size('ix_message_search')) AS "searchIndex",
              (SELECT count(*) FROM message)::int AS rows`,
    )) as Array<Record<string, unknown>>;

    const month = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const someContact = (i: number): string => md5Uuid(`${ws}ct${1 + ((i * 37) % contacts)}`);
    const kinds: QueryKind[] = [
      {
        name: 'zh 2 chars',
        queries: ['退款', '物流', '发票', '客服', '质量', '包装', '召回', '投诉'].map((t) => ({ q: t })),
      },
      {
        name: 'zh 4 chars',
        queries: ['没有到账', '物流太慢', '质量太差', '申请售后', '产品召回', '售后服务'].map((t) => ({ q: t })),
      },
      {
        name: 'en word',
        queries: ['refund', 'delivery', 'invoice', 'battery', 'complaint', 'recall', 'coupon'].map((t) => ({ q: t })),
      },
      {
        name: 'en phrase',
        queries: ['"late delivery"', '"customer service"', '"refund request"', '"wrong size"', '"product recall"'].map(
          (t) => ({ q: t }),
        ),
      },
      {
        name: 'zh 2 chars + channel + negative + last 30 days',
        queries: ['退款', '物流', '质量', '投诉'].map((t, i) => ({
          q: t,
          channelId: channels[i % 4],
          sentiment: 'negative',
          from: month,
        })),
      },
      {
        name: 'en word + contact',
        queries: ['refund', 'order', 'delivery', 'price'].map((t, i) => ({ q: t, contactId: someContact(i) })),
      },
      // Terms no generated message contains: the probe finds nothing and the index answers.
      {
        name: 'no match (zh 2, zh 3, en)',
        queries: ['保修', '保修卡', 'warranty', '"slow refund"'].map((t) => ({ q: t })),
      },
      { name: 'mixed zh + en', queries: ['退款 refund', '物流 delivery', '发票 invoice'].map((t) => ({ q: t })) },
    ];

    const service = new SearchService(new SearchRepository(), new UnitOfWork(ds));
    // One pass to warm the caches, as on a server that has been up for a while.
    for (const kind of kinds) for (const query of kind.queries) await service.search(ws, query);

    const results: Record<string, unknown> = {};
    for (const kind of kinds) {
      const samples: number[] = [];
      let hits = 0;
      let nextPageSamples = 0;
      for (let i = 0; i < opts.runs; i++) {
        const query = kind.queries[i % kind.queries.length];
        const [first, ms] = await timed(() => service.search(ws, { ...query, limit: 20 }));
        samples.push(ms);
        hits += first.messages.length;
        // Every third run also fetches the next page, which is what scrolling does.
        if (i % 3 === 0 && first.nextCursor) {
          const [, ms2] = await timed(() => service.search(ws, { ...query, limit: 20, cursor: first.nextCursor! }));
          samples.push(ms2);
          nextPageSamples++;
        }
      }
      results[kind.name] = {
        ...percentiles(samples),
        samples: samples.length,
        nextPageSamples,
        hitsPerPage: hits / opts.runs,
      };
    }

    const matches = (await q(
      `SELECT t, (SELECT count(*) FROM message WHERE workspace_id = $1 AND search_vector @@ to_tsquery('english', quote_literal(t)))::int AS n
         FROM unnest($2::text[]) t`,
      [ws, ['退款', '召回', 'refund', 'recall']],
    )) as Array<{ t: string; n: number }>;

    let trgm: Record<string, unknown> | undefined;
    if (opts.compareTrgm) trgm = await compareTrgm(q, ws);

    console.log(
      JSON.stringify(
        {
          date: started.toISOString(),
          machine: {
            cpus: cpus().length,
            cpuModel: cpus()[0]?.model,
            memGiB: Math.round(totalmem() / 2 ** 30),
            loadAvg1mAtStart: Number(load.toFixed(2)),
            node: process.version,
            postgres: ((await q('SHOW server_version')) as Array<{ server_version: string }>)[0].server_version,
          },
          data: sizes[0],
          matchingRows: Object.fromEntries(matches.map((m) => [m.t, m.n])),
          textPool: pool,
          poolSeconds: Number((poolMs / 1000).toFixed(1)),
          loadSeconds: Number((loadMs / 1000).toFixed(1)),
          indexesSeconds: Number((indexMs / 1000).toFixed(1)),
          latencyMs: results,
          ...(trgm ? { pgTrgmAlternative: trgm } : {}),
        },
        null,
        2,
      ),
    );
  } finally {
    if (ds.isInitialized) await ds.destroy();
    if (!opts.keep && !opts.reuse) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    else console.error(`kept database ${dbName}`);
    await admin.end();
  }
}

/** The uuid `md5(text)::uuid` gives, computed here so the bench can name a seeded contact. */
function md5Uuid(text: string): string {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The alternative considered: pg_trgm. A trigram index cannot serve a pattern of fewer than three
 * characters, so two-character Chinese terms (the commonest kind) scan the table either way.
 */
async function compareTrgm(
  q: (sql: string, params?: unknown[]) => Promise<unknown>,
  ws: string,
): Promise<Record<string, unknown>> {
  const sql = `SELECT id, text FROM message WHERE workspace_id = $1 AND text ILIKE $2 ORDER BY sent_at DESC, id DESC LIMIT 21`;
  const measure = async (terms: string[]): Promise<Percentiles> => {
    const samples: number[] = [];
    for (let i = 0; i < 12; i++) samples.push((await timed(() => q(sql, [ws, `%${terms[i % terms.length]}%`])))[1]);
    return percentiles(samples);
  };
  // The last term of each occurs in no message: a scan cannot stop early.
  const zh2 = ['退款', '召回', '发票', '保修'];
  const zh4 = ['没有到账', '产品召回', '申请售后', '保修期内'];
  const out: Record<string, unknown> = {};
  out['zh 2 chars, no index'] = await measure(zh2);
  out['zh 4 chars, no index'] = await measure(zh4);
  await q(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
  const [, buildMs] = await timed(() => q(`CREATE INDEX ix_bench_trgm ON message USING gin (text gin_trgm_ops)`));
  out.trgmIndexSeconds = Number((buildMs / 1000).toFixed(1));
  out.trgmIndexSize = (
    (await q(`SELECT pg_size_pretty(pg_relation_size('ix_bench_trgm')) AS s`)) as Array<{ s: string }>
  )[0].s;
  await q(`ANALYZE message`);
  out['zh 2 chars, trigram index'] = await measure(zh2);
  out['zh 4 chars, trigram index'] = await measure(zh4);
  return out;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
