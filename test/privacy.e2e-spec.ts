import { Redis } from 'ioredis';
import { AuthService } from '@scrm/auth';
import { ChannelEventRecorder, IngestService } from '@scrm/ingest';
import { RetentionService } from '@scrm/privacy';
import type { RunningApi } from '../apps/api/src/api-app';
import { MessageSentimentService } from '../libs/message-sentiment/src/message-sentiment.service';
import { snapshotWorkspace } from './support/db-probe';
import { REDIS_URL } from './support/env';
import {
  ApiClient,
  createTenant,
  createWebhookChannel,
  postInbound,
  startCallbackServer,
  startInProcess,
  type TenantFixture,
  type WebhookChannel,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

interface ContactExport {
  contactId: string;
  contact: { id: string; name: string | null; erasedAt: string | null };
  mergedContacts: { id: string; mergedIntoId: string }[];
  identities: { platformUserId: string; displayName: string | null }[];
  conversations: { id: string; threadKey: string }[];
  messages: { id: string; direction: string; text: string; attachments: { url: string }[] }[];
  timeline: { kind: string; data: Record<string, unknown> }[];
  notes: { text: string }[];
  sentimentCorrections: { newLabel: string }[];
  merges: { absorbedContactId: string }[];
}

interface AuditPage {
  items: { action: string; targetId: string | null; actorUserId: string | null; data: Record<string, unknown> }[];
}

/** A minimal RFC 4180 reader, to check the export as a spreadsheet would read it. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

/**
 * The secrets found in a dump: each is looked for as is and JSON-escaped once and twice (a row as JSON;
 * a job payload stored as JSON inside a Redis hash), so quotes and line breaks cannot hide one.
 */
function traces(dump: string, secrets: string[]): string[] {
  const escape = (s: string): string => JSON.stringify(s).slice(1, -1);
  return secrets.filter((s) => [s, escape(s), escape(escape(s))].some((form) => dump.includes(form)));
}

/** Everything stored under a Redis key prefix (queued, active, finished and failed jobs), as one string. */
async function redisDump(prefix: string): Promise<string> {
  const r = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  try {
    const parts: string[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) {
        const type = await r.type(key);
        if (type === 'string') parts.push(String(await r.get(key)));
        else if (type === 'hash') parts.push(JSON.stringify(await r.hgetall(key)));
        else if (type === 'list') parts.push(JSON.stringify(await r.lrange(key, 0, -1)));
        else if (type === 'set') parts.push(JSON.stringify(await r.smembers(key)));
        else if (type === 'zset') parts.push(JSON.stringify(await r.zrange(key, 0, -1)));
        else if (type === 'stream') parts.push(JSON.stringify(await r.xrange(key, '-', '+')));
      }
    } while (cursor !== '0');
    return parts.join('\n');
  } finally {
    await r.quit();
  }
}

describe('privacy: export, erasure, retention and the audit log', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let callback: Awaited<ReturnType<typeof startCallbackServer>>;
  let t: TenantFixture;
  let channel: WebhookChannel;
  let agent: ApiClient;
  let n = 0;

  // Personal data of the customer who asks to be exported and then erased: none of it may survive.
  const NAME = 'Dana Qoriander';
  const HANDLE = 'dana-handle-7731';
  const SECOND_HANDLE = 'dana-mail-7731';
  const FORMULA = '=HYPERLINK("http://evil.example","click")';
  const MULTILINE = 'my order, "#4411"\narrived broken';
  const SECOND_TEXT = 'writing from my other account 7731';
  const LISTENING_TEXT = 'Qoriander posted about the brand';
  const REPLY = 'Sorry Dana, a new one is on its way';
  const NOTE = 'Dana Qoriander lives at 12 Example Road';
  const FILE_NAME = 'dana-passport-7731.png';
  const STAGED_TEXT = 'staged words of 7731';
  const PII = [NAME, HANDLE, SECOND_HANDLE, FORMULA, MULTILINE, SECOND_TEXT, LISTENING_TEXT, REPLY, NOTE, FILE_NAME];

  let dana = '';
  let second = '';
  let conversationId = '';

  async function say(senderId: string, text: string, name?: string, timestamp?: string): Promise<void> {
    n += 1;
    const res = await postInbound(channel, { messageId: `p-${n}`, sender: { id: senderId, name }, text, timestamp });
    expect(res.status).toBe(202);
  }

  function contactOf(senderId: string, text: string): Promise<string> {
    return waitFor(`${senderId}'s message`, () =>
      withDb(db.url, async (c) => {
        const r = await c.query<{ contact_id: string }>(
          `SELECT i.contact_id FROM message m JOIN identity i ON i.id = m.author_identity_id
            WHERE m.workspace_id = $1 AND i.platform_user_id = $2 AND m.text = $3`,
          [t.workspaceId, senderId, text],
        );
        return r.rows[0]?.contact_id;
      }),
    );
  }

  async function memberClient(role: 'agent' | 'analyst'): Promise<ApiClient> {
    const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const auth = api.app.get(AuthService);
    const userId = await auth.createUser(email, role, 'correct horse battery staple');
    await auth.addMember(t.workspaceId, userId, role);
    const client = new ApiClient(api.url);
    await client.login(email, 'correct horse battery staple');
    return client;
  }

  const audit = async (action: string): Promise<AuditPage['items']> =>
    (await t.client.call<AuditPage>('GET', `/api/v1/audit?action=${action}&limit=200`)).body.items;

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startInProcess('all', { databaseUrl: db.url, redisPrefix: redis.prefix });
    callback = await startCallbackServer();
    t = await createTenant(api, 'Privacy Co');
    channel = await createWebhookChannel(t.client, callback.url);
    agent = await memberClient('agent');
  });

  afterAll(async () => {
    await callback?.close();
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('exports everything held about a contact as JSON and as a spreadsheet-safe CSV, audited', async () => {
    await say(HANDLE, FORMULA, NAME);
    dana = await contactOf(HANDLE, FORMULA);
    await say(HANDLE, MULTILINE);
    await contactOf(HANDLE, MULTILINE);
    await say(SECOND_HANDLE, SECOND_TEXT, NAME);
    second = await contactOf(SECOND_HANDLE, SECOND_TEXT);
    expect(second).not.toBe(dana);
    expect((await t.client.call('POST', `/api/v1/contacts/${dana}/merge`, { otherContactId: second })).status).toBe(
      200,
    );

    // A file the customer sent, stored by Murmur, and a listening hit quoting them.
    await api.app
      .get(IngestService)
      .acceptFromSession(
        { workspaceId: t.workspaceId, channelId: channel.id, channelType: 'webhook', identityScope: 'channel' },
        [
          {
            platformMessageId: 'file-1',
            threadKey: HANDLE,
            sender: { platformUserId: HANDLE, displayName: NAME },
            text: '',
            attachments: [
              {
                url: 'wechaty-file:1',
                type: 'image',
                name: FILE_NAME,
                contentType: 'image/png',
                content: Buffer.from('passport scan').toString('base64'),
              },
            ],
            sentAt: new Date().toISOString(),
          },
        ],
      );
    await api.app
      .get(ChannelEventRecorder)
      .record({ workspaceId: t.workspaceId, channelId: channel.id, channelType: 'webhook', identityScope: 'channel' }, [
        {
          platformEventId: 'hit-1',
          kind: 'listening.mention',
          platformUserId: HANDLE,
          threadKey: HANDLE,
          data: { text: LISTENING_TEXT, url: `https://x.example/${HANDLE}/1` },
          occurredAt: new Date().toISOString(),
        },
      ]);
    const attachmentUrl = await waitFor('the file to be stored', () =>
      withDb(db.url, async (c) => {
        const r = await c.query<{ url: string }>(
          `SELECT a->>'url' AS url FROM message m, jsonb_array_elements(m.attachments) a
            WHERE m.workspace_id = $1 AND a->>'url' LIKE '/api/v1/attachments/%'`,
          [t.workspaceId],
        );
        return r.rows[0]?.url;
      }),
    );

    conversationId = (
      await withDb(db.url, (c) =>
        c.query<{ id: string }>(`SELECT id FROM conversation WHERE workspace_id = $1 AND thread_key = $2`, [
          t.workspaceId,
          HANDLE,
        ]),
      )
    ).rows[0]!.id;
    expect((await t.client.call('POST', `/api/v1/conversations/${conversationId}/notes`, { text: NOTE })).status).toBe(
      201,
    );
    const reply = await t.client.call<{ id: string }>('POST', `/api/v1/conversations/${conversationId}/messages`, {
      text: REPLY,
    });
    expect(reply.status).toBe(201);
    await waitFor('the reply to be delivered', async () => callback.received.some((r) => r.body.includes(REPLY)));
    const formulaMessage = (
      await withDb(db.url, (c) =>
        c.query<{ id: string }>(`SELECT id FROM message WHERE workspace_id = $1 AND text = $2`, [
          t.workspaceId,
          FORMULA,
        ]),
      )
    ).rows[0]!.id;
    expect(
      (await t.client.call('PUT', `/api/v1/messages/${formulaMessage}/sentiment`, { label: 'negative' })).status,
    ).toBeLessThan(300);

    const json = await t.client.call<ContactExport>('GET', `/api/v1/contacts/${dana}/export`);
    expect(json.status).toBe(200);
    const e = json.body;
    expect(e.contact).toMatchObject({ id: dana, name: NAME, erasedAt: null });
    expect(e.mergedContacts).toEqual([expect.objectContaining({ id: second, mergedIntoId: dana })]);
    expect(e.identities.map((i) => i.platformUserId).sort()).toEqual([SECOND_HANDLE, HANDLE].sort());
    expect(e.messages.map((m) => m.text)).toEqual(expect.arrayContaining([FORMULA, MULTILINE, SECOND_TEXT, REPLY]));
    expect(e.messages.some((m) => m.attachments.some((a) => a.url === attachmentUrl))).toBe(true);
    expect(e.notes.map((x) => x.text)).toEqual([NOTE]);
    expect(e.sentimentCorrections.map((c) => c.newLabel)).toEqual(['negative']);
    expect(e.merges.map((m) => m.absorbedContactId)).toEqual([second]);
    expect(e.timeline.map((x) => x.kind)).toEqual(
      expect.arrayContaining(['message', 'conversation.opened', 'contact.merged', 'note', 'listening.mention']),
    );

    const csv = await fetch(`${api.url}/api/v1/contacts/${dana}/export?format=csv`, {
      headers: { authorization: `Bearer ${t.client.token}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="contact-${dana}.csv"`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await csv.arrayBuffer());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(text.slice(1));
    expect(rows[0]).toEqual(['record', 'id', 'time', 'conversation_id', 'kind', 'text', 'detail']);
    expect(rows.every((r) => r.length === 7)).toBe(true);
    // No cell reaches a spreadsheet as a formula; the customer's words are kept, neutralised.
    expect(rows.flat().filter((cell) => /^[=+\-@\t\r]/.test(cell))).toEqual([]);
    const messageTexts = rows.filter((r) => r[0] === 'message').map((r) => r[5]);
    expect(messageTexts).toEqual(expect.arrayContaining([`'${FORMULA}`, MULTILINE, SECOND_TEXT, REPLY]));
    expect(rows.find((r) => r[0] === 'contact' && r[1] === dana)?.[5]).toBe(NAME);
    expect(rows.filter((r) => r[0] === 'identity').map((r) => r[5])).toEqual(
      expect.arrayContaining([HANDLE, SECOND_HANDLE]),
    );
    expect(rows.filter((r) => r[0] === 'note').map((r) => r[5])).toEqual([NOTE]);

    const exported = await audit('contact.exported');
    expect(exported.map((x) => [x.targetId, x.data.format, x.actorUserId])).toEqual([
      [dana, 'csv', t.userId],
      [dana, 'json', t.userId],
    ]);
    expect(JSON.stringify(exported)).not.toContain(NAME);

    // Only owners and admins export; bad input is named.
    expect((await agent.call('GET', `/api/v1/contacts/${dana}/export`)).status).toBe(403);
    expect((await (await memberClient('analyst')).call('GET', `/api/v1/contacts/${dana}/export`)).status).toBe(403);
    const bad = await t.client.call('GET', `/api/v1/contacts/${dana}/export?format=xml`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ message: expect.stringContaining('format') });
    expect((await t.client.call('GET', `/api/v1/contacts/${conversationId}/export`)).status).toBe(404);
  });

  it('erases a contact everywhere, keeps the counts, and a returning customer starts as a new contact', async () => {
    // A message from them still waiting for ingest, and a merge suggestion naming them.
    await withDb(db.url, async (c) => {
      await c.query(
        `INSERT INTO inbound_event (workspace_id, channel_id, platform_message_id, payload) VALUES ($1, $2, 'staged-1', $3)`,
        [
          t.workspaceId,
          channel.id,
          JSON.stringify({
            channelType: 'webhook',
            identityScope: 'channel',
            message: {
              platformMessageId: 'staged-1',
              threadKey: HANDLE,
              sender: { platformUserId: HANDLE, displayName: NAME },
              text: STAGED_TEXT,
              attachments: [],
              sentAt: new Date().toISOString(),
            },
          }),
        ],
      );
      const other = await c.query<{ id: string }>(
        `INSERT INTO contact (workspace_id, name) VALUES ($1, 'Someone Else') RETURNING id`,
        [t.workspaceId],
      );
      await c.query(
        `INSERT INTO merge_suggestion (workspace_id, contact_a_id, contact_b_id, reason, evidence, confidence)
         VALUES ($1, LEAST($2::uuid, $3::uuid), GREATEST($2::uuid, $3::uuid), 'same_name_phone_suffix', $4, 0.7)`,
        [t.workspaceId, dana, other.rows[0]!.id, JSON.stringify({ displayName: NAME, handle: HANDLE })],
      );
    });
    const counts = () =>
      withDb(db.url, async (c) => {
        const r = await c.query<{ direction: string; label: string | null; n: number }>(
          `SELECT direction, sentiment_label AS label, count(*)::int AS n FROM message WHERE workspace_id = $1
            GROUP BY 1, 2 ORDER BY 1, 2`,
          [t.workspaceId],
        );
        return r.rows;
      });
    const before = await counts();
    const attachmentsBefore = await withDb(db.url, async (c) =>
      Number((await c.query(`SELECT count(*) FROM attachment WHERE workspace_id = $1`, [t.workspaceId])).rows[0].count),
    );
    expect(attachmentsBefore).toBe(1);

    // What the team noted about them: an attribute value and a tag.
    const NICKNAME = 'Dana the night owl';
    expect(
      (await t.client.call('POST', '/api/v1/contact-attributes', { key: 'nickname', label: 'Nickname', type: 'text' }))
        .status,
    ).toBe(201);
    expect(
      (await t.client.call('PATCH', `/api/v1/contacts/${dana}/attributes`, { values: { nickname: NICKNAME } })).status,
    ).toBe(200);
    expect((await t.client.call('POST', `/api/v1/contacts/${dana}/tags`, { name: 'night-shift' })).status).toBe(201);

    // The probe does see every piece of it before the erasure.
    const held = JSON.stringify(await snapshotWorkspace(db.url, t.workspaceId));
    expect(traces(held, [...PII, STAGED_TEXT, NICKNAME])).toEqual([...PII, STAGED_TEXT, NICKNAME]);

    expect((await agent.call('POST', `/api/v1/contacts/${dana}/erase`)).status).toBe(403);
    const merged = await t.client.call('POST', `/api/v1/contacts/${second}/erase`);
    expect(merged.status).toBe(409);
    expect(merged.body).toMatchObject({ message: expect.stringContaining(dana) });

    const erased = await t.client.call<{
      erasedContactIds: string[];
      messages: number;
      attachments: number;
      erasedAt: string;
    }>('POST', `/api/v1/contacts/${dana}/erase`);
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ attachments: 1, notes: 1, staged: 1, identities: 2 });
    expect(erased.body.erasedContactIds.sort()).toEqual([dana, second].sort());
    expect(erased.body.messages).toBe(5);

    // Not a trace in any table of the workspace, nor in the job queue.
    const snapshot = JSON.stringify(await snapshotWorkspace(db.url, t.workspaceId));
    expect(traces(snapshot, [...PII, STAGED_TEXT, 'passport scan', NICKNAME])).toEqual([]);
    const queued = await redisDump(redis.prefix);
    // The dump reads the queues (finished jobs leave their events; payloads carry ids only).
    expect(queued).toContain('ingest.inbound');
    expect(traces(queued, PII)).toEqual([]);

    // Counts and sentiment stay as they were; the rows are marked erased.
    expect(await counts()).toEqual(before);
    const contact = await t.client.call<{
      name: string | null;
      erasedAt: string | null;
      identities: { platformUserId: string }[];
    }>('GET', `/api/v1/contacts/${dana}`);
    expect(contact.body.name).toBeNull();
    expect(contact.body).toMatchObject({ attributes: {}, tags: [] });
    expect(contact.body.erasedAt).toBe(erased.body.erasedAt);
    expect(contact.body.identities.every((i) => i.platformUserId.startsWith('erased:'))).toBe(true);
    const timeline = await t.client.call<{ items: { kind: string }[] }>('GET', `/api/v1/contacts/${dana}/timeline`);
    expect(timeline.body.items[0]?.kind).toBe('contact.erased');

    // Re-scoring after a model change leaves erased messages (and so the counts) alone.
    await withDb(db.url, (c) =>
      c.query(
        `UPDATE message SET sentiment_model = 'an-older-model' WHERE workspace_id = $1 AND erased_at IS NOT NULL
            AND direction = 'in' AND sentiment_model <> 'agent'`,
        [t.workspaceId],
      ),
    );
    await api.app.get(MessageSentimentService).rescorePage(t.workspaceId, '2000-01-01T00:00:00Z', undefined);
    expect(await counts()).toEqual(before);
    const stale = await withDb(db.url, async (c) =>
      Number(
        (
          await c.query(`SELECT count(*) FROM message WHERE workspace_id = $1 AND sentiment_model = 'an-older-model'`, [
            t.workspaceId,
          ])
        ).rows[0].count,
      ),
    );
    expect(stale).toBe(3);

    // Erasure is final: not twice, and no merging into what is left.
    expect((await t.client.call('POST', `/api/v1/contacts/${dana}/erase`)).status).toBe(409);
    const newcomer = await t.client.call('POST', `/api/v1/contacts/${dana}/merge`, { otherContactId: second });
    expect(newcomer.status).toBe(409);
    const replyAfter = await t.client.call('POST', `/api/v1/conversations/${conversationId}/messages`, { text: 'hi' });
    expect(replyAfter.status).toBe(409);
    expect(replyAfter.body).toMatchObject({ message: expect.stringContaining('erased') });

    // The same handle writes again: a new contact and a new conversation, with nothing of the old one.
    await say(HANDLE, 'hello again', 'Dana');
    const fresh = await contactOf(HANDLE, 'hello again');
    expect(fresh).not.toBe(dana);
    expect(fresh).not.toBe(second);
    const freshExport = await t.client.call<ContactExport>('GET', `/api/v1/contacts/${fresh}/export`);
    expect(freshExport.body.messages.map((m) => m.text)).toEqual(['hello again']);
    expect(freshExport.body.conversations.map((c) => c.id)).not.toContain(conversationId);

    const entries = await audit('contact.erased');
    expect(entries).toEqual([
      expect.objectContaining({
        targetId: dana,
        actorUserId: t.userId,
        data: expect.objectContaining({ messages: 5 }),
      }),
    ]);
  });

  it('keeps audit rows immutable for every database role', async () => {
    await withDb(db.url, async (c) => {
      await expect(
        c.query(`UPDATE audit_log SET data = '{}' WHERE workspace_id = $1 AND action = 'contact.erased'`, [
          t.workspaceId,
        ]),
      ).rejects.toThrow(/append-only/);
      await expect(
        c.query(`DELETE FROM audit_log WHERE workspace_id = $1 AND action = 'contact.exported'`, [t.workspaceId]),
      ).rejects.toThrow(/append-only/);
    });
    expect((await agent.call('GET', '/api/v1/audit')).status).toBe(403);
  });

  it('deletes messages older than the workspace retention period, with their files, and nothing else', async () => {
    const other = await createTenant(api, 'Keeps Everything');
    const otherChannel = await createWebhookChannel(other.client);
    const old = '2020-03-01T10:00:00Z';
    expect(
      (
        await postInbound(otherChannel, {
          messageId: 'o-1',
          sender: { id: 'keeper' },
          text: 'old but kept',
          timestamp: old,
        })
      ).status,
    ).toBe(202);

    await say('retro-1', 'ancient words', 'Retro', old);
    await say('retro-1', 'fresh words', 'Retro');
    await api.app
      .get(IngestService)
      .acceptFromSession(
        { workspaceId: t.workspaceId, channelId: channel.id, channelType: 'webhook', identityScope: 'channel' },
        [
          {
            platformMessageId: 'old-file',
            threadKey: 'retro-1',
            sender: { platformUserId: 'retro-1' },
            text: 'ancient file',
            attachments: [
              {
                url: 'wechaty-file:old',
                name: 'old.txt',
                contentType: 'text/plain',
                content: Buffer.from('old').toString('base64'),
              },
            ],
            sentAt: old,
          },
        ],
      );
    const messageCount = (ws: string, text: string) =>
      withDb(db.url, async (c) =>
        Number(
          (await c.query(`SELECT count(*) FROM message WHERE workspace_id = $1 AND text = $2`, [ws, text])).rows[0]
            .count,
        ),
      );
    await waitFor('old and new messages', async () =>
      (await messageCount(t.workspaceId, 'ancient words')) === 1 &&
      (await messageCount(t.workspaceId, 'fresh words')) === 1 &&
      (await messageCount(t.workspaceId, 'ancient file')) === 1 &&
      (await messageCount(other.workspaceId, 'old but kept')) === 1
        ? true
        : undefined,
    );
    const oldIds = await withDb(db.url, async (c) =>
      (
        await c.query<{ id: string }>(`SELECT id FROM message WHERE workspace_id = $1 AND text LIKE 'ancient%'`, [
          t.workspaceId,
        ])
      ).rows.map((r) => r.id),
    );

    // Settings: validated, owners and admins only, audited.
    expect((await t.client.call('GET', '/api/v1/workspace/settings')).body).toEqual({ retentionDays: null });
    for (const bad of [0, -1, 1.5, 'x', 40000]) {
      const res = await t.client.call('PATCH', '/api/v1/workspace/settings', { retentionDays: bad });
      expect({ bad, status: res.status }).toEqual({ bad, status: 400 });
      expect(res.body).toMatchObject({ message: expect.stringContaining('retentionDays') });
    }
    expect((await agent.call('PATCH', '/api/v1/workspace/settings', { retentionDays: 30 })).status).toBe(403);
    const set = await t.client.call('PATCH', '/api/v1/workspace/settings', { retentionDays: 30 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ retentionDays: 30 });
    expect((await agent.call('GET', '/api/v1/workspace/settings')).body).toEqual({ retentionDays: 30 });

    const swept = await api.app.get(RetentionService).sweep();
    expect(swept.get(t.workspaceId)).toBe(2);
    expect(swept.has(other.workspaceId)).toBe(false);
    expect(await messageCount(t.workspaceId, 'ancient words')).toBe(0);
    expect(await messageCount(t.workspaceId, 'ancient file')).toBe(0);
    expect(await messageCount(t.workspaceId, 'fresh words')).toBe(1);
    expect(await messageCount(other.workspaceId, 'old but kept')).toBe(1);
    await withDb(db.url, async (c) => {
      const leftovers = await c.query(
        `SELECT (SELECT count(*) FROM timeline_event WHERE workspace_id = $1 AND message_id = ANY($2::uuid[]))::int AS events,
                (SELECT count(*) FROM attachment WHERE workspace_id = $1 AND name = 'old.txt')::int AS files`,
        [t.workspaceId, oldIds],
      );
      expect(leftovers.rows[0]).toEqual({ events: 0, files: 0 });
    });
    // A second run finds nothing more to do.
    expect((await api.app.get(RetentionService).sweep()).size).toBe(0);

    expect((await audit('workspace.settings_changed'))[0]).toMatchObject({
      actorUserId: t.userId,
      data: { retentionDays: { from: null, to: 30 } },
    });
    expect((await audit('workspace.retention_applied'))[0]).toMatchObject({
      actorUserId: null,
      targetId: t.workspaceId,
      data: { retentionDays: 30, messages: 2, attachments: 1 },
    });

    // null keeps messages forever again.
    const off = await t.client.call('PATCH', '/api/v1/workspace/settings', { retentionDays: null });
    expect(off.body).toEqual({ retentionDays: null });
  });
});
