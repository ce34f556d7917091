import type { RunningApi } from '../apps/api/src/api-app';
import {
  ApiClient,
  connectSocket,
  createTenant,
  createWebhookChannel,
  postInbound,
  startCallbackServer,
  startInProcess,
  type TenantFixture,
  type WebhookChannel,
} from './support/murmur-harness';
import { snapshotWorkspace } from './support/db-probe';
import {
  classifyRoutes,
  fillPath,
  openApiPath,
  registeredRoutes,
  routeKey,
  type RegisteredRoute,
  type RouteTables,
  type RoutePlan,
} from './support/route-table';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

/** One workspace's resources by kind; path parameters are mapped onto these by name. */
type ResourceIds = Record<string, string>;

/**
 * Routes anyone may call without a bearer token. Everything else must refuse an anonymous request
 * with 401 — the test checks that too, so a route cannot be made public by forgetting a guard.
 */
const PUBLIC_ROUTES: Record<string, string> = {
  'POST /api/v1/auth/login': 'password login; tokens name only the caller’s own membership',
  'POST /api/v1/auth/refresh': 'refresh-token exchange; re-checks the membership',
  'GET /health': 'liveness probe, no data',
  'GET /ready': 'readiness probe, no tenant data',
  'POST /api/v1/inbound/:channelId': 'signed channel push; the signature is the credential (checked below)',
  'GET /api/v1/inbound/:channelId': 'platform URL check (WeChat echostr, X CRC); answers only a signed challenge',
};

/** The OpenAPI document and its UI's assets, registered by SwaggerModule under one prefix. */
const PUBLIC_DOCS = /^GET \/api\/docs([-/].*)?$/;

/**
 * Routes without an id in the path that are not plain reads: how to call them as workspace A (a body
 * may name B's ids) and the answer expected. Plain GETs without ids are covered automatically: their
 * answer must not mention anything of B.
 */
/** The local receiver alert webhooks deliver to (set once it listens), so no delivery fails and retries. */
const receiver = { url: '' };

const COLLECTION_ROUTES: Record<string, { body: (b: ResourceIds) => unknown; status: number; why: string }> = {
  'POST /api/v1/channels': {
    body: () => ({ type: 'webhook', name: 'A side channel', config: {} }),
    status: 201,
    why: 'creates a channel in the caller’s own workspace',
  },
  'POST /api/v1/workspaces': {
    body: () => ({ name: 'A second workspace' }),
    status: 201,
    why: 'creates a workspace owned by the caller',
  },
  'POST /api/v1/auth/switch-workspace': {
    body: (b) => ({ workspaceId: b.workspace }),
    status: 404,
    why: 'switching into a workspace the caller is not a member of',
  },
  'POST /api/v1/members': {
    body: () => ({ email: 'new-agent@a.example', name: 'New agent', role: 'agent' }),
    status: 201,
    why: 'adds a member to the caller’s own workspace',
  },
  'POST /api/v1/labels': {
    body: () => ({ name: 'a-side label' }),
    status: 201,
    why: 'creates a label in the caller’s own workspace',
  },
  'POST /api/v1/canned-responses': {
    body: () => ({ shortcut: 'aside', content: 'A side answer' }),
    status: 201,
    why: 'creates a canned response in the caller’s own workspace',
  },
  'POST /api/v1/sentiment/rescore': {
    body: () => ({ days: 1 }),
    status: 202,
    why: 'queues a re-score of the caller’s own workspace',
  },
  'POST /api/v1/crisis/keyword-sets': {
    body: () => ({ name: 'A side set', purpose: 'topic', keywords: ['aside'] }),
    status: 201,
    why: 'creates a keyword set in the caller’s own workspace',
  },
  'POST /api/v1/contact-attributes': {
    body: () => ({ key: 'a_side', label: 'A side', type: 'text' }),
    status: 201,
    why: 'defines an attribute in the caller’s own workspace',
  },
  'POST /api/v1/segments': {
    body: (b) => ({ name: 'A side segment', filter: { conditions: [{ type: 'tag', tagId: b.tag }] } }),
    status: 400,
    why: 'a filter naming another workspace’s tag is refused as naming no tag of the caller’s',
  },
  'PATCH /api/v1/workspace/settings': {
    body: () => ({ retentionDays: 3650 }),
    status: 200,
    why: 'changes the settings of the caller’s own workspace',
  },
  'POST /api/v1/crisis/webhooks': {
    body: () => ({ name: 'A side hook', url: `${receiver.url}/a-side`, format: 'json' }),
    status: 201,
    why: 'creates an alert webhook in the caller’s own workspace',
  },
};

/**
 * Bodies for routes that take one (or a function of the workspace's ids, for bodies that name other
 * resources). The positive control (A's own ids) proves each body valid.
 */
const BODIES: Record<string, unknown> = {
  'POST /api/v1/contacts/:id/merge': (ids: ResourceIds) => ({ otherContactId: ids.otherContact }),
  'POST /api/v1/contacts/:id/unmerge': (ids: ResourceIds) => ({ mergeId: ids.merge }),
  'POST /api/v1/contacts/merge-suggestions/:suggestionId/decision': { decision: 'reject' },
  'PATCH /api/v1/channels/:id': { name: 'renamed' },
  'PATCH /api/v1/conversations/:id': { status: 'pending', priority: 'high' },
  'POST /api/v1/conversations/:id/messages': (ids: ResourceIds) => ({
    text: 'a reply',
    attachmentIds: [ids.attachment],
  }),
  'POST /api/v1/conversations/:id/attachments': { some: 'file bytes' },
  'POST /api/v1/conversations/:id/move-to-dm': { text: 'let us talk in private' },
  'POST /api/v1/conversations/:id/notes': { text: 'a private note' },
  'PUT /api/v1/conversations/:id/labels': { labelIds: [] },
  'PUT /api/v1/channels/:id/assignment': { mode: 'manual' },
  'PATCH /api/v1/members/:userId': { role: 'owner' },
  'PUT /api/v1/canned-responses/:id': { shortcut: 'renamed', content: 'changed' },
  'PUT /api/v1/messages/:id/sentiment': { label: 'negative' },
  'POST /api/v1/messages/:id/sentiment': { label: 'positive' },
  'PUT /api/v1/crisis/keyword-sets/:id': { name: 'renamed set', keywords: ['changed'] },
  'PATCH /api/v1/crisis/webhooks/:id': { active: false },
  'PATCH /api/v1/contacts/:id': { lifecycleStage: 'customer' },
  'PATCH /api/v1/contacts/:id/attributes': { values: {} },
  'POST /api/v1/contacts/:id/tags': { name: 'another tag' },
  'POST /api/v1/contacts/:id/identities': { type: 'email', value: 'a-side@example.com', verified: false },
  'PATCH /api/v1/contact-attributes/:id': { label: 'renamed attribute' },
  'PATCH /api/v1/segments/:id': { name: 'renamed segment' },
};

/** Query strings for id-less reads that need one to be valid. */
const QUERIES: Record<string, string> = {
  'GET /api/v1/crisis/trend': '?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z',
  // A searches for the words of B's message: nothing of B may come back.
  'GET /api/v1/search': '?q=secret%20words%20of%20bravo',
};

/**
 * Answers other than 2xx expected for A's own ids, when the fixture is found but its state refuses
 * the action: still not a 404, so the handler did find A's resource.
 */
const OWN_STATUS: Record<string, number> = {
  // The message fixture is an inbound message; only a failed outbound reply can be retried.
  'POST /api/v1/conversations/:id/messages/:messageId/retry': 409,
  // The conversation fixture is on a webhook channel, which has no DMs to move to.
  'POST /api/v1/conversations/:id/move-to-dm': 400,
  // The identity fixture is the contact's channel handle; only email and phone identities can be removed.
  'DELETE /api/v1/contacts/:id/identities/:identityId': 400,
};

/** Routes that leave their resource unusable for the others (erasure is final): exercised last, like DELETEs. */
const FINAL_ROUTES = new Set(['POST /api/v1/contacts/:id/erase']);

/** Answers other than 404 expected when a route is given another workspace's ids (e.g. 403). */
const FOREIGN_STATUS: Record<string, number> = {};

/** Resource kinds `seedWorkspace` creates in both workspaces; path parameters map onto these by name. */
const RESOURCES = [
  'workspace',
  'user',
  'channel',
  'conversation',
  'contact',
  'identity',
  'message',
  'label',
  'canned_response',
  'attachment',
  'alert',
  'keyword_set',
  'webhook',
  'suggestion',
  'contact_attribute',
  'tag',
  'segment',
];

/** Parameters that name a resource by another name. */
const ALIASES: Record<string, string> = { assignee: 'user', target: 'contact' };

const HOW_TO_CLASSIFY =
  'Every REST route must be covered by test/tenant-isolation.e2e-spec.ts. Routes whose path parameters ' +
  'are named after a resource (`:conversationId`, or `:id` after its collection: `/conversations/:id`) ' +
  'are covered automatically once the fixtures below create that resource in both workspaces (see ' +
  '`seedWorkspace`); a body-taking route also needs an entry in BODIES. Routes without ids go in ' +
  'COLLECTION_ROUTES (writes) or are covered automatically (GET). Anonymous routes go in PUBLIC_ROUTES.';

const tables = (): RouteTables => ({
  publicRoutes: PUBLIC_ROUTES,
  publicPattern: PUBLIC_DOCS,
  collectionRoutes: COLLECTION_ROUTES,
  resources: RESOURCES,
  aliases: ALIASES,
});

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

describe('tenant isolation', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let a: TenantFixture;
  let b: TenantFixture;
  let aIds: ResourceIds;
  let bIds: ResourceIds;
  let aChannel: WebhookChannel;
  let bChannel: WebhookChannel;
  let callback: Awaited<ReturnType<typeof startCallbackServer>>;
  let plans: RoutePlan[];
  let problems: string[];

  /** A workspace with one channel, one customer conversation (contact, identity, message) and its owner. */
  async function seedWorkspace(t: TenantFixture, channel: WebhookChannel, who: string): Promise<ResourceIds> {
    expect(
      (
        await postInbound(channel, {
          messageId: `${who}-1`,
          sender: { id: `${who}-customer`, name: `${who} customer` },
          text: `secret words of ${who}`,
        })
      ).status,
    ).toBe(202);
    const stored = await waitFor(`${who}'s message to be stored`, () =>
      withDb(db.url, async (c) => {
        const { rows } = await c.query<{ id: string; conversation_id: string; author_identity_id: string }>(
          'SELECT id, conversation_id, author_identity_id FROM message WHERE workspace_id = $1',
          [t.workspaceId],
        );
        const m = rows[0];
        if (!m) return undefined;
        const contact = await c.query<{ contact_id: string }>(
          'SELECT contact_id FROM identity WHERE workspace_id = $1 AND id = $2',
          [t.workspaceId, m.author_identity_id],
        );
        return {
          workspace: t.workspaceId,
          user: t.userId,
          channel: channel.id,
          conversation: m.conversation_id,
          contact: contact.rows[0]!.contact_id,
          identity: m.author_identity_id,
          message: m.id,
        };
      }),
    );
    // The inbox and crisis resources, made through the API as a member would.
    const created = async (path: string, body: unknown): Promise<string> => {
      const res = await t.client.call<{ id: string }>('POST', path, body);
      expect(res.status).toBe(201);
      return res.body.id;
    };
    const label = await created('/api/v1/labels', { name: `${who} label` });
    const cannedResponse = await created('/api/v1/canned-responses', { shortcut: who, content: `${who} answer` });
    const keywordSet = await created('/api/v1/crisis/keyword-sets', {
      name: `${who} set`,
      purpose: 'topic',
      keywords: [who],
    });
    // Deliveries go to the local receiver, so no failing delivery is still retrying when the app stops.
    const webhook = await created('/api/v1/crisis/webhooks', {
      name: `${who} hook`,
      url: `${receiver.url}/${who}`,
      format: 'json',
    });
    // Attachments and alerts are written by ingest and the crisis detector; rows as they write them.
    const [attachment, alert] = await withDb(db.url, async (c) => {
      const att = await c.query<{ id: string }>(
        `INSERT INTO attachment (workspace_id, channel_id, name, content_type, size, data)
         VALUES ($1, $2, $3, 'text/plain', 5, $4) RETURNING id`,
        [t.workspaceId, channel.id, `${who}.txt`, Buffer.from('hello')],
      );
      const al = await c.query<{ id: string }>(
        `INSERT INTO crisis_alert (workspace_id, topic_key, channel_types, severity, rules, window_start, window_end,
           last_fired_at, message_ids, contact_ids)
         VALUES ($1, $2, '["webhook"]', 'high', '["keywords"]', now() - interval '10 minutes', now(), now(), $3, $4)
         RETURNING id`,
        [t.workspaceId, `topic:${who}`, JSON.stringify([stored.message]), JSON.stringify([stored.contact])],
      );
      return [att.rows[0]!.id, al.rows[0]!.id];
    });
    // Two more customers: one for the merge route, one merged already (for un-merge), and a merge suggestion.
    const more: Record<string, string> = {};
    for (const extra of ['other', 'third']) {
      expect(
        (await postInbound(channel, { messageId: `${who}-${extra}`, sender: { id: `${who}-${extra}` }, text: extra }))
          .status,
      ).toBe(202);
      more[extra] = await waitFor(`${who}'s ${extra} customer`, () =>
        withDb(db.url, async (c) => {
          const r = await c.query<{ contact_id: string }>(
            'SELECT contact_id FROM identity WHERE workspace_id = $1 AND platform_user_id = $2',
            [t.workspaceId, `${who}-${extra}`],
          );
          return r.rows[0]?.contact_id;
        }),
      );
    }
    const merged = await t.client.call<{ id: string }>('POST', `/api/v1/contacts/${stored.contact}/merge`, {
      otherContactId: more.third,
    });
    expect(merged.status).toBe(200);
    // The contact profile: an attribute, a tag on the customer, and a segment of that tag.
    const contactAttribute = await created('/api/v1/contact-attributes', {
      key: `${who}_attr`,
      label: `${who} attribute`,
      type: 'text',
    });
    const tagged = await t.client.call<{ id: string }[]>('POST', `/api/v1/contacts/${stored.contact}/tags`, {
      name: `${who} tag`,
    });
    expect(tagged.status).toBe(201);
    const tag = tagged.body[0]!.id;
    const segment = await created('/api/v1/segments', {
      name: `${who} segment`,
      filter: { match: 'all', conditions: [{ type: 'tag', tagId: tag }] },
    });
    const suggestion = await withDb(db.url, (c) =>
      c.query<{ id: string }>(
        `INSERT INTO merge_suggestion (workspace_id, contact_a_id, contact_b_id, reason, confidence)
         VALUES ($1, $2, $3, 'same_name_phone_suffix', 0.7) RETURNING id`,
        [t.workspaceId, more.other, more.third],
      ),
    );
    return {
      ...stored,
      label,
      canned_response: cannedResponse,
      attachment,
      alert,
      keyword_set: keywordSet,
      webhook,
      otherContact: more.other!,
      merge: merged.body.id,
      suggestion: suggestion.rows[0]!.id,
      contact_attribute: contactAttribute,
      tag,
      segment,
    };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startInProcess('all', { databaseUrl: db.url, redisPrefix: redis.prefix });
    callback = await startCallbackServer();
    receiver.url = callback.url;
    a = await createTenant(api, 'Tenant A');
    b = await createTenant(api, 'Tenant B');
    aChannel = await createWebhookChannel(a.client, callback.url);
    bChannel = await createWebhookChannel(b.client, callback.url);
    aIds = await seedWorkspace(a, aChannel, 'alpha');
    bIds = await seedWorkspace(b, bChannel, 'bravo');

    ({ plans, problems } = classifyRoutes(registeredRoutes(api.app), tables()));
  });

  afterAll(async () => {
    await callback?.close();
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  const call = (client: ApiClient, route: RegisteredRoute, path: string, body?: unknown) =>
    client.call(route.method, path, body ?? (BODY_METHODS.has(route.method) ? {} : undefined));

  /** The body for a route, built from the workspace whose ids are in the path. */
  const bodyFor = (key: string, ids: ResourceIds): unknown => {
    const b = BODIES[key];
    return typeof b === 'function' ? (b as (i: ResourceIds) => unknown)(ids) : b;
  };

  const pathFor = (plan: RoutePlan, ids: ResourceIds): string =>
    plan.kind === 'by-id'
      ? fillPath(plan.route.path, (name) => ids[plan.params.find((p) => p.name === name)!.resource]!)
      : plan.route.path;

  /** B's ids and texts, none of which may appear in anything A is shown. */
  const bSecrets = (): string[] => [...Object.values(bIds), 'secret words of bravo', bChannel.secret];

  it('classifies every registered route (new routes are covered automatically or fail here)', () => {
    const keys = new Set(plans.map((p) => routeKey(p.route)));
    // The route table really is the app's: the foundation's routes are all in it.
    for (const known of [
      'GET /api/v1/conversations',
      'GET /api/v1/conversations/:id',
      'POST /api/v1/conversations/:id/messages',
      'GET /api/v1/contacts/:id/timeline',
      'DELETE /api/v1/channels/:id',
      'POST /api/v1/inbound/:channelId',
      'GET /health',
      'GET /api/docs-json',
    ]) {
      expect(keys).toContain(known);
    }
    const staleBodies = Object.keys(BODIES).filter((k) => !keys.has(k));
    const all = [...problems, ...staleBodies.map((k) => `${k}: listed in BODIES but no longer registered; remove it`)];
    if (all.length > 0) throw new Error(`${HOW_TO_CLASSIFY}\n\nUnclassified:\n  ${all.join('\n  ')}`);
  });

  it('would fail on routes it does not know how to exercise', () => {
    const invented = [
      { method: 'GET', path: '/api/v1/widgets/:id' },
      { method: 'POST', path: '/api/v1/conversations/:conversationId/stickers/:stickerId' },
      { method: 'POST', path: '/api/v1/exports' },
      { method: 'GET', path: '/api/v1/files/*path' },
      { method: 'GET', path: '/api/v1/conversations/:conversationId/notes' },
    ];
    const { plans: p, problems: found } = classifyRoutes([...registeredRoutes(api.app), ...invented], tables());
    expect(found).toEqual([
      expect.stringMatching(/^GET \/api\/v1\/widgets\/:id: path parameter\(s\) :id \(a widget\) name no resource/),
      expect.stringMatching(
        /^POST \/api\/v1\/conversations\/:conversationId\/stickers\/:stickerId: .*:stickerId \(a sticker\)/,
      ),
      expect.stringMatching(/^POST \/api\/v1\/exports: a write without an id in its path; add it to COLLECTION_ROUTES/),
      expect.stringMatching(/^GET \/api\/v1\/files\/\*path: path syntax/),
    ]);
    // …while a new route whose ids name known resources is covered with no edit to the test.
    expect(p).toContainEqual({
      kind: 'by-id',
      route: invented[4],
      params: [{ name: 'conversationId', resource: 'conversation' }],
    });
  });

  it('refuses every non-public route without a token', async () => {
    const anonymous = new ApiClient(api.url);
    const wrong: string[] = [];
    for (const plan of plans.filter((p) => p.kind !== 'public')) {
      const res = await call(anonymous, plan.route, pathFor(plan, aIds), bodyFor(routeKey(plan.route), aIds));
      if (res.status !== 401) wrong.push(`${routeKey(plan.route)} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers workspace A's token on B's ids with 404 on every route, and changes nothing of B", async () => {
    const before = await snapshotWorkspace(db.url, b.workspaceId);
    const wrong: string[] = [];
    const leaks: string[] = [];
    for (const plan of plans) {
      const key = routeKey(plan.route);
      let expected: number;
      let res: { status: number; body: unknown };
      if (plan.kind === 'by-id') {
        expected = FOREIGN_STATUS[key] ?? 404;
        res = await call(a.client, plan.route, pathFor(plan, bIds), bodyFor(key, bIds));
      } else if (plan.kind === 'collection-write') {
        const spec = COLLECTION_ROUTES[key]!;
        expected = spec.status;
        res = await call(a.client, plan.route, plan.route.path, spec.body(bIds));
      } else if (plan.kind === 'collection-read') {
        res = await call(a.client, plan.route, plan.route.path + (QUERIES[key] ?? ''));
        expected = 200;
      } else continue;
      if (res.status !== expected)
        wrong.push(`${key} → ${res.status} (expected ${expected}): ${JSON.stringify(res.body)}`);
      const shown = JSON.stringify(res.body ?? '');
      for (const s of bSecrets()) if (shown.includes(s)) leaks.push(`${key} showed ${s}`);
    }
    expect(wrong).toEqual([]);
    expect(leaks).toEqual([]);
    expect(await snapshotWorkspace(db.url, b.workspaceId)).toEqual(before);
  });

  it("succeeds on the same routes with A's own ids (so the 404s above mean isolation, not a bad request)", async () => {
    const wrong: string[] = [];
    // Deletions and erasures go last: they remove resources the other routes use.
    const last = (p: RoutePlan): number => Number(p.route.method === 'DELETE' || FINAL_ROUTES.has(routeKey(p.route)));
    const byId = plans.filter((p) => p.kind === 'by-id').sort((x, y) => last(x) - last(y));
    for (const plan of byId) {
      const key = routeKey(plan.route);
      const res = await call(a.client, plan.route, pathFor(plan, aIds), bodyFor(key, aIds));
      if (OWN_STATUS[key] !== undefined ? res.status !== OWN_STATUS[key] : res.status < 200 || res.status > 299) {
        const hint = BODY_METHODS.has(plan.route.method) && !(key in BODIES) ? ' — add a valid body to BODIES' : '';
        wrong.push(`${key} → ${res.status}${hint}: ${JSON.stringify(res.body)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("shows A nothing of B when B's ids are given as query parameters (read from the OpenAPI document)", async () => {
    type Operation = { parameters?: { name: string; in: string }[] };
    const doc = await a.client.call<{ paths: Record<string, Record<string, Operation>> }>('GET', '/api/docs-json');
    const before = await snapshotWorkspace(db.url, b.workspaceId);
    const tried: string[] = [];
    const wrong: string[] = [];
    const unknown: string[] = [];
    for (const plan of plans.filter((p) => p.route.method === 'GET' && p.kind !== 'public')) {
      const key = routeKey(plan.route);
      const op = doc.body.paths[openApiPath(plan.route.path)]?.get;
      for (const param of op?.parameters ?? []) {
        const named = param.in === 'query' ? /^(\w+?)Id$/.exec(param.name) : null;
        if (!named) continue;
        const resource = ALIASES[named[1]!] ?? named[1]!;
        if (!(resource in bIds)) {
          unknown.push(`${key} ?${param.name}: names no resource the fixtures create; add it to RESOURCES or ALIASES`);
          continue;
        }
        const res = await call(a.client, plan.route, `${pathFor(plan, aIds)}?${param.name}=${bIds[resource]}`);
        tried.push(`${key}?${param.name}`);
        if (res.status >= 500) wrong.push(`${key}?${param.name} → ${res.status}`);
        const shown = JSON.stringify(res.body ?? '');
        for (const s of bSecrets()) if (shown.includes(s)) wrong.push(`${key}?${param.name} showed ${s}`);
      }
    }
    expect(unknown).toEqual([]);
    expect(wrong).toEqual([]);
    expect(tried).toEqual(
      expect.arrayContaining(['GET /api/v1/conversations?channelId', 'GET /api/v1/conversations?assigneeId']),
    );
    expect(await snapshotWorkspace(db.url, b.workspaceId)).toEqual(before);
  });

  it("refuses a push to B's inbound URL signed with A's secret, and stores nothing for B", async () => {
    const before = await snapshotWorkspace(db.url, b.workspaceId);
    const res = await postInbound(
      { inboundUrl: bChannel.inboundUrl, secret: aChannel.secret },
      { messageId: 'forged-1', sender: { id: 'mallory' }, text: 'forged' },
    );
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'SIGNATURE_INVALID' });
    expect(await snapshotWorkspace(db.url, b.workspaceId)).toEqual(before);
  });

  it("does not let B's ids into A's filters and assignments", async () => {
    const byChannel = await a.client.call<{ items: unknown[] }>(
      'GET',
      `/api/v1/conversations?channelId=${bIds.channel}`,
    );
    expect(byChannel.status).toBe(200);
    expect(byChannel.body.items).toEqual([]);
    const byAssignee = await a.client.call<{ items: unknown[] }>(
      'GET',
      `/api/v1/conversations?assigneeId=${bIds.user}`,
    );
    expect(byAssignee.status).toBe(200);
    expect(byAssignee.body.items).toEqual([]);

    const channel = await createWebhookChannel(a.client);
    expect((await postInbound(channel, { messageId: 'x-1', sender: { id: 'x' }, text: 'hi' })).status).toBe(202);
    const conv = await waitFor('conversation', async () => {
      const l = await a.client.call<{ items: { id: string }[] }>(
        'GET',
        `/api/v1/conversations?channelId=${channel.id}`,
      );
      return l.body.items[0];
    });
    const assign = await a.client.call('PATCH', `/api/v1/conversations/${conv.id}`, { assigneeId: bIds.user });
    expect(assign.status).toBe(400);
    expect(assign.body).toMatchObject({ message: 'assigneeId is not a member of this workspace' });
  });

  it('refuses socket connections without a valid access token', async () => {
    await expect(connectSocket(api.url, '')).rejects.toThrow(/auth\.token is required/);
    await expect(connectSocket(api.url, 'not-a-token')).rejects.toThrow(/token is invalid or expired/);
  });

  it("never delivers B's socket events to A, and A cannot join B's conversation room", async () => {
    const sa = await connectSocket(api.url, a.client.token!);
    const sb = await connectSocket(api.url, b.client.token!);
    try {
      const refused = (await sa.socket.emitWithAck('conversation.join', { conversationId: bIds.conversation })) as {
        ok: boolean;
        error?: string;
      };
      expect(refused).toEqual({ ok: false, error: 'NOT_FOUND' });
      const own = (await sa.socket.emitWithAck('conversation.join', { conversationId: aIds.conversation })) as {
        ok: boolean;
      };
      expect(own).toMatchObject({ ok: true });

      // B's customer writes, B's agent replies and changes the conversation: every kind of event.
      expect(
        (await postInbound(bChannel, { messageId: 'bravo-2', sender: { id: 'bravo-customer' }, text: 'more' })).status,
      ).toBe(202);
      await waitFor('B to see its message', async () => sb.events.some((e) => e.name === 'message.created'));
      const reply = await b.client.call('POST', `/api/v1/conversations/${bIds.conversation}/messages`, { text: 'ok' });
      expect(reply.status).toBe(201);
      await waitFor('B to see its reply sent', async () =>
        sb.events.some(
          (e) =>
            e.name === 'message.updated' &&
            (e.payload as { message: { deliveryStatus: string } }).message.deliveryStatus === 'sent',
        ),
      );
      expect(
        (await b.client.call('PATCH', `/api/v1/conversations/${bIds.conversation}`, { status: 'resolved' })).status,
      ).toBe(200);
      await waitFor('B to see the status change', async () =>
        sb.events.some(
          (e) =>
            e.name === 'conversation.updated' &&
            (e.payload as { conversation: { status: string } }).conversation.status === 'resolved',
        ),
      );

      // A's own event comes after all of B's through the same server: once A has it, B's would have arrived.
      expect(
        (await a.client.call('PATCH', `/api/v1/conversations/${aIds.conversation}`, { priority: 'low' })).status,
      ).toBe(200);
      await waitFor('A to see its own event', async () => sa.events.some((e) => e.name === 'conversation.updated'));

      const foreign = sa.events.filter((e) => JSON.stringify(e.payload).includes(b.workspaceId));
      expect(foreign).toEqual([]);
      // Workspace events carry their workspace; room events (presence.updated, typing) name the
      // conversation, which must be the one A joined.
      const notA = sa.events.filter((e) => {
        const p = e.payload as { workspaceId?: string; conversationId?: string };
        return p.workspaceId !== undefined ? p.workspaceId !== a.workspaceId : p.conversationId !== aIds.conversation;
      });
      expect(notA).toEqual([]);
      const shown = JSON.stringify(sa.events);
      for (const s of bSecrets()) expect(shown).not.toContain(s);
    } finally {
      sa.socket.disconnect();
      sb.socket.disconnect();
    }
  });
});
