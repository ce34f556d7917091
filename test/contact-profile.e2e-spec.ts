import type { RunningApi } from '../apps/api/src/api-app';
import {
  createTenant,
  createWebhookChannel,
  postInbound,
  startInProcess,
  type TenantFixture,
  type WebhookChannel,
} from './support/murmur-harness';
import { createRedisPrefix, createTestDatabase, waitFor, withDb } from './support/test-services';

interface Tag {
  id: string;
  name: string;
}
interface Contact {
  id: string;
  name: string | null;
  lifecycleStage: string;
  attributes: Record<string, string | number>;
  tags: Tag[];
  firstSeenAt: string;
  lastSeenAt: string | null;
  channels: { channelId: string; channelType: string; lastInboundAt: string | null; lastContactAt: string }[];
  sentiment: {
    averageScore: number | null;
    direction: string | null;
    weeks: { weekStart: string; averageScore: number; messages: number }[];
  };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface TimelineEvent {
  id: string;
  kind: string;
  occurredAt: string;
}

const DAY = 24 * 60 * 60 * 1000;
/** A time `ms` ago, to the whole second (as a platform reports it). */
const ago = (ms: number): Date => new Date(Math.floor((Date.now() - ms) / 1000) * 1000);

describe('contact profile: attributes, tags, lifecycle, segments and the timeline', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const redis = createRedisPrefix();
  let api: RunningApi;
  let t: TenantFixture;
  let web: WebhookChannel;
  let shop: WebhookChannel;
  let n = 0;

  /** Posts a customer message and returns the message id and its contact once stored. */
  async function say(
    channel: WebhookChannel,
    senderId: string,
    text: string,
    opts: { name?: string; at?: Date } = {},
  ): Promise<{ messageId: string; contactId: string }> {
    n += 1;
    const platformId = `p-${n}`;
    const res = await postInbound(channel, {
      messageId: platformId,
      sender: { id: senderId, name: opts.name },
      text,
      timestamp: opts.at?.toISOString(),
    });
    expect(res.status).toBe(202);
    return waitFor(`message ${platformId}`, () =>
      withDb(db.url, async (c) => {
        const r = await c.query<{ id: string; contact_id: string }>(
          `SELECT m.id, i.contact_id FROM message m JOIN identity i ON i.id = m.author_identity_id
            WHERE m.workspace_id = $1 AND m.platform_message_id = $2`,
          [t.workspaceId, platformId],
        );
        const row = r.rows[0];
        return row ? { messageId: row.id, contactId: row.contact_id } : undefined;
      }),
    );
  }

  /** Pins a message's sentiment through the agent correction API (score ±1 or 0). */
  async function feel(messageId: string, label: 'positive' | 'negative' | 'neutral'): Promise<void> {
    expect((await t.client.call('PUT', `/api/v1/messages/${messageId}/sentiment`, { label })).status).toBe(204);
  }

  const contact = async (id: string): Promise<Contact> => {
    const res = await t.client.call<Contact>('GET', `/api/v1/contacts/${id}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const tagNames = (c: Contact): string[] => c.tags.map((x) => x.name).sort();

  beforeAll(async () => {
    db = await createTestDatabase();
    api = await startInProcess('all', { databaseUrl: db.url, redisPrefix: redis.prefix });
    t = await createTenant(api, 'Profile Co');
    web = await createWebhookChannel(t.client);
    shop = await createWebhookChannel(t.client);
  });

  afterAll(async () => {
    await api?.close();
    await db?.drop();
    await redis.cleanup();
  });

  it('defines typed attributes and refuses values of the wrong type, naming the attribute', async () => {
    const define = (body: unknown) =>
      t.client.call<{ id: string; key: string }>('POST', '/api/v1/contact-attributes', body);
    expect((await define({ key: 'plan', label: 'Plan', type: 'choice', options: ['free', 'pro'] })).status).toBe(201);
    expect((await define({ key: 'seats', label: 'Seats', type: 'number' })).status).toBe(201);
    expect((await define({ key: 'renewal', label: 'Renewal', type: 'date' })).status).toBe(201);
    const company = await define({ key: 'company', label: 'Company', type: 'text' });
    expect(company.status).toBe(201);

    expect((await define({ key: 'plan', label: 'Again', type: 'text' })).status).toBe(409);
    const badKey = await define({ key: 'Bad Key', label: 'x', type: 'text' });
    expect(badKey.status).toBe(400);
    expect(badKey.body).toMatchObject({ message: expect.stringContaining('key must start with a letter') });
    const noOptions = await define({ key: 'tier', label: 'Tier', type: 'choice' });
    expect(noOptions.status).toBe(400);
    expect(noOptions.body).toMatchObject({ message: 'a choice attribute needs at least one option' });
    expect((await define({ key: 'odd', label: 'Odd', type: 'colour' })).status).toBe(400);

    const listed = await t.client.call<{ key: string; type: string }[]>('GET', '/api/v1/contact-attributes');
    expect(listed.body.map((a) => `${a.key}:${a.type}`)).toEqual([
      'plan:choice',
      'seats:number',
      'renewal:date',
      'company:text',
    ]);
    const renamed = await t.client.call<{ label: string }>('PATCH', `/api/v1/contact-attributes/${company.body.id}`, {
      label: 'Company name',
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.label).toBe('Company name');
    expect(
      (await t.client.call('PATCH', `/api/v1/contact-attributes/${company.body.id}`, { type: 'number' })).status,
    ).toBe(400);

    const { contactId } = await say(web, 'attr-1', 'hello', { name: 'Attr One' });
    const set = (values: Record<string, unknown>) =>
      t.client.call<Record<string, unknown>>('PATCH', `/api/v1/contacts/${contactId}/attributes`, { values });
    const ok = await set({ plan: 'pro', seats: 12, renewal: '2027-01-31', company: '  Acme  ' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ plan: 'pro', seats: 12, renewal: '2027-01-31', company: 'Acme' });

    for (const [values, message] of [
      [{ seats: 'twelve' }, 'attribute "seats" must be a number'],
      [{ renewal: '2027-02-30' }, 'attribute "renewal" must be a date (YYYY-MM-DD)'],
      [{ plan: 'gold' }, 'attribute "plan" must be one of "free", "pro"'],
      [{ company: 42 }, 'attribute "company" must be text'],
      [{ nickname: 'x' }, 'attribute "nickname" is not defined in this workspace'],
    ] as const) {
      const res = await set(values);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ error: 'VALIDATION_FAILED', message });
    }
    expect((await t.client.call('PATCH', `/api/v1/contacts/${contactId}/attributes`, { values: 'x' })).status).toBe(
      400,
    );
    // A refused patch changes nothing, even the valid part of it.
    expect((await set({ seats: 3, plan: 'gold' })).status).toBe(400);
    expect((await contact(contactId)).attributes).toEqual({
      plan: 'pro',
      seats: 12,
      renewal: '2027-01-31',
      company: 'Acme',
    });

    expect((await set({ company: null })).body).toEqual({ plan: 'pro', seats: 12, renewal: '2027-01-31' });
    // Deleting a definition removes its value from every contact.
    const renewal = listed.body.find((a) => a.key === 'renewal') as unknown as { id: string };
    expect((await t.client.call('DELETE', `/api/v1/contact-attributes/${renewal.id}`)).status).toBe(204);
    expect((await contact(contactId)).attributes).toEqual({ plan: 'pro', seats: 12 });
    expect((await define({ key: 'renewal', label: 'Renewal', type: 'date' })).status).toBe(201);
  });

  it('tags contacts, sets the lifecycle stage, and records both on the timeline and in the audit log', async () => {
    const { contactId } = await say(web, 'tag-1', 'hi there', { name: 'Tag One' });
    const added = await t.client.call<Tag[]>('POST', `/api/v1/contacts/${contactId}/tags`, { name: ' wholesale ' });
    expect(added.status).toBe(201);
    expect(added.body.map((x) => x.name)).toEqual(['wholesale']);
    // Adding the same tag again is harmless; a second tag is created on first use.
    await t.client.call('POST', `/api/v1/contacts/${contactId}/tags`, { name: 'wholesale' });
    const two = await t.client.call<Tag[]>('POST', `/api/v1/contacts/${contactId}/tags`, { name: 'press' });
    expect(two.body.map((x) => x.name)).toEqual(['press', 'wholesale']);
    expect((await t.client.call('POST', `/api/v1/contacts/${contactId}/tags`, { name: '  ' })).status).toBe(400);

    const all = await t.client.call<Tag[]>('GET', '/api/v1/tags');
    expect(all.body.map((x) => x.name)).toEqual(['press', 'wholesale']);
    const press = all.body.find((x) => x.name === 'press')!;
    const removed = await t.client.call<Tag[]>('DELETE', `/api/v1/contacts/${contactId}/tags/${press.id}`);
    expect(removed.status).toBe(200);
    expect(removed.body.map((x) => x.name)).toEqual(['wholesale']);
    expect(tagNames(await contact(contactId))).toEqual(['wholesale']);

    const staged = await t.client.call<Contact>('PATCH', `/api/v1/contacts/${contactId}`, {
      lifecycleStage: 'engaged',
    });
    expect(staged.status).toBe(200);
    expect(staged.body.lifecycleStage).toBe('engaged');
    const wrong = await t.client.call('PATCH', `/api/v1/contacts/${contactId}`, { lifecycleStage: 'king' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({
      message: expect.stringContaining('lifecycleStage must be one of new, engaged'),
    });

    const kinds = (await t.client.call<Page<TimelineEvent>>('GET', `/api/v1/contacts/${contactId}/timeline`)).body.items
      .map((e) => e.kind)
      .filter((k) => k.startsWith('contact.'));
    expect(kinds).toEqual(['contact.lifecycle_changed', 'contact.untagged', 'contact.tagged', 'contact.tagged']);
    const audit = await t.client.call<Page<{ action: string }>>('GET', `/api/v1/audit?targetId=${contactId}&limit=50`);
    expect(audit.body.items.map((a) => a.action)).toEqual(
      expect.arrayContaining(['contact.updated', 'contact.tagged', 'contact.untagged']),
    );
  });

  it('shows first and last seen, the last contact per channel and the weekly sentiment trend', async () => {
    const first = ago(21 * DAY);
    const last = ago(60_000);
    const onShop = ago(2 * DAY);
    const old = await say(web, 'trend-1', 'first ever message', { name: 'Trend', at: first });
    await feel(old.messageId, 'positive');
    const mid = await say(web, 'trend-1', 'still fine', { at: ago(14 * DAY) });
    await feel(mid.messageId, 'positive');
    const recent = await say(web, 'trend-1', 'this is getting bad', { at: last });
    await feel(recent.messageId, 'negative');
    const other = await say(shop, 'trend-1-shop', 'ordering from the shop', { at: onShop });
    expect(
      (await t.client.call('POST', `/api/v1/contacts/${old.contactId}/merge`, { otherContactId: other.contactId }))
        .status,
    ).toBe(200);

    const c = await contact(old.contactId);
    expect(c.firstSeenAt).toBe(first.toISOString());
    expect(c.lastSeenAt).toBe(last.toISOString());
    expect(c.channels.map((x) => x.channelId)).toEqual([web.id, shop.id]);
    expect(c.channels[0]).toMatchObject({ channelType: 'webhook', lastContactAt: c.channels[0]!.lastInboundAt });
    expect(c.channels[1]!.lastInboundAt).toBe(onShop.toISOString());

    // Three weeks with corrected scores (+1, +1, -1) and the shop message scored by the model.
    const weeks = c.sentiment.weeks;
    expect(weeks.length).toBeGreaterThanOrEqual(3);
    expect(weeks[0]).toMatchObject({ averageScore: 1, messages: 1 });
    expect(weeks.map((w) => w.weekStart)).toEqual([...weeks.map((w) => w.weekStart)].sort());
    expect(weeks[weeks.length - 1]!.averageScore).toBeLessThan(0.5);
    expect(c.sentiment.direction).toBe('worsening');
  });

  describe('segments', () => {
    let vipUnhappy: { contactId: string; messageId: string };
    let vipHappy: { contactId: string; messageId: string };
    let customerUnhappy: { contactId: string; messageId: string };
    let segmentId: string;

    beforeAll(async () => {
      vipUnhappy = await say(web, 'seg-vip-sad', 'the parcel is broken', { name: '=HYPERLINK("http://evil.example")' });
      await feel(vipUnhappy.messageId, 'negative');
      vipHappy = await say(web, 'seg-vip-glad', 'love it', { name: 'Glad VIP' });
      await feel(vipHappy.messageId, 'positive');
      // A VIP whose negative message is older than a week stays out of the segment.
      const oldSad = await say(web, 'seg-vip-old', 'bad, long ago', { name: 'Old VIP', at: ago(9 * DAY) });
      await feel(oldSad.messageId, 'negative');
      customerUnhappy = await say(shop, 'seg-customer-sad', 'where is my refund', { name: 'Customer' });
      await feel(customerUnhappy.messageId, 'negative');
      for (const c of [vipUnhappy.contactId, vipHappy.contactId, oldSad.contactId]) {
        expect((await t.client.call('PATCH', `/api/v1/contacts/${c}`, { lifecycleStage: 'vip' })).status).toBe(200);
      }
      expect(
        (await t.client.call('PATCH', `/api/v1/contacts/${customerUnhappy.contactId}`, { lifecycleStage: 'customer' }))
          .status,
      ).toBe(200);
      await t.client.call('PATCH', `/api/v1/contacts/${vipUnhappy.contactId}/attributes`, {
        values: { company: '+1 formula co', seats: -5 },
      });
    });

    it('saves "VIPs with a negative message in the last 7 days" and lists exactly those contacts', async () => {
      const created = await t.client.call<{ id: string; filter: unknown }>('POST', '/api/v1/segments', {
        name: 'Unhappy VIPs',
        filter: {
          match: 'all',
          conditions: [
            { type: 'lifecycle', stages: ['vip'] },
            { type: 'sentiment', label: 'negative', withinDays: 7 },
          ],
        },
      });
      expect(created.status).toBe(201);
      segmentId = created.body.id;
      const members = await t.client.call<Page<{ id: string }>>('GET', `/api/v1/segments/${segmentId}/contacts`);
      expect(members.status).toBe(200);
      expect(members.body.items.map((m) => m.id)).toEqual([vipUnhappy.contactId]);

      expect(
        (await t.client.call('POST', '/api/v1/segments', { name: 'Unhappy VIPs', filter: { conditions: [] } })).status,
      ).toBe(409);
      expect((await t.client.call<{ name: string }[]>('GET', '/api/v1/segments')).body.map((s) => s.name)).toContain(
        'Unhappy VIPs',
      );
    });

    it('refuses a malformed filter with a 400 that says which part is wrong', async () => {
      const cases: [unknown, string][] = [
        [{ conditions: [{ type: 'sentiment', label: 'angry', withinDays: 7 }] }, 'filter.conditions[0].label'],
        [{ conditions: [{ type: 'attribute', key: 'plan', op: 'eq', value: 'gold' }] }, 'filter.conditions[0].value'],
        [{ conditions: [{ type: 'attribute', key: 'nope', op: 'set' }] }, 'filter.conditions[0].key'],
        [{ match: 'some', conditions: [] }, 'filter.match'],
        [
          { conditions: [{ type: 'tag', tagId: '00000000-0000-4000-8000-000000000000' }] },
          'filter names a tag that does not exist',
        ],
      ];
      for (const [filter, message] of cases) {
        const res = await t.client.call('POST', '/api/v1/segments', { name: 'bad', filter });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ message: expect.stringContaining(message) });
      }
    });

    it('combines tags, attributes, channels and groups, and pages through members without repeats', async () => {
      const tagged = await t.client.call<Tag[]>('POST', `/api/v1/contacts/${vipHappy.contactId}/tags`, {
        name: 'press',
      });
      const press = tagged.body.find((x) => x.name === 'press')!;
      const seg = await t.client.call<{ id: string }>('POST', '/api/v1/segments', {
        name: 'Press or big accounts on the web channel',
        filter: {
          match: 'all',
          conditions: [
            { type: 'channel', channelId: web.id },
            {
              type: 'group',
              match: 'any',
              conditions: [
                { type: 'tag', tagId: press.id },
                { type: 'attribute', key: 'seats', op: 'lt', value: 0 },
              ],
            },
          ],
        },
      });
      expect(seg.status).toBe(201);
      const ids = (
        await t.client.call<Page<{ id: string }>>('GET', `/api/v1/segments/${seg.body.id}/contacts`)
      ).body.items
        .map((m) => m.id)
        .sort();
      expect(ids).toEqual([vipUnhappy.contactId, vipHappy.contactId].sort());

      // Changing the filter changes the members.
      const patched = await t.client.call('PATCH', `/api/v1/segments/${seg.body.id}`, {
        filter: {
          conditions: [
            { type: 'channel', channelType: 'webhook' },
            { type: 'tag', tagId: press.id, has: false },
          ],
        },
      });
      expect(patched.status).toBe(200);
      const everyone = await t.client.call<Page<{ id: string }>>(
        'GET',
        `/api/v1/segments/${seg.body.id}/contacts?limit=200`,
      );
      expect(everyone.body.items.map((m) => m.id)).not.toContain(vipHappy.contactId);
      expect(everyone.body.items.map((m) => m.id)).toContain(vipUnhappy.contactId);

      // Paged two at a time: the same contacts, each once, newest first.
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = cursor ? `&cursor=${cursor}` : '';
        const page: Page<{ id: string }> = (
          await t.client.call<Page<{ id: string }>>('GET', `/api/v1/segments/${seg.body.id}/contacts?limit=2${q}`)
        ).body;
        seen.push(...page.items.map((m) => m.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(everyone.body.items.map((m) => m.id));
      expect(new Set(seen).size).toBe(seen.length);
      expect((await t.client.call('GET', `/api/v1/segments/${seg.body.id}/contacts?cursor=nonsense`)).status).toBe(400);
    });

    it('exports CSV that a spreadsheet cannot run, and JSON, and records the export', async () => {
      const res = await fetch(`${api.url}/api/v1/segments/${segmentId}/export?format=csv`, {
        headers: { authorization: `Bearer ${t.client.token}` },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="segment-.*\.csv"$/);
      const csv = (await res.text()).replace(/^\uFEFF/, '');
      const [header, row, ...rest] = csv.split('\r\n');
      expect(header).toBe('id,name,lifecycle_stage,tags,last_seen_at,created_at,plan,seats,company,renewal');
      expect(rest).toEqual(['']);
      expect(row).toContain(vipUnhappy.contactId);
      // The formula-looking name, company and negative number each start with a quote.
      expect(row).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
      expect(row).toContain(",'-5,'+1 formula co,");
      expect(csv).not.toMatch(/(^|,)[=+\-@\t]/m);

      const json = await t.client.call<{ contacts: { id: string; attributes: Record<string, unknown> }[] }>(
        'GET',
        `/api/v1/segments/${segmentId}/export?format=json`,
      );
      expect(json.status).toBe(200);
      expect(json.body.contacts).toEqual([
        expect.objectContaining({ id: vipUnhappy.contactId, attributes: { company: '+1 formula co', seats: -5 } }),
      ]);
      expect((await t.client.call('GET', `/api/v1/segments/${segmentId}/export?format=xlsx`)).status).toBe(400);
      const audit = await t.client.call<Page<{ action: string; data: Record<string, unknown> }>>(
        'GET',
        `/api/v1/audit?action=segment.exported&targetId=${segmentId}`,
      );
      expect(audit.body.items.map((a) => a.data)).toEqual([
        { format: 'json', contacts: 1 },
        { format: 'csv', contacts: 1 },
      ]);
    });

    it('filters the inbox to the conversations of a segment’s contacts', async () => {
      const list = await t.client.call<Page<{ contactId: string }>>(
        'GET',
        `/api/v1/conversations?segmentId=${segmentId}`,
      );
      expect(list.status).toBe(200);
      expect(list.body.items.map((c) => c.contactId)).toEqual([vipUnhappy.contactId]);
      const withStatus = await t.client.call<Page<{ contactId: string }>>(
        'GET',
        `/api/v1/conversations?segmentId=${segmentId}&status=resolved`,
      );
      expect(withStatus.body.items).toEqual([]);
      expect((await t.client.call('GET', '/api/v1/conversations?segmentId=nope')).status).toBe(400);
      expect(
        (await t.client.call('GET', '/api/v1/conversations?segmentId=00000000-0000-4000-8000-000000000000')).status,
      ).toBe(404);
      expect((await t.client.call('DELETE', `/api/v1/segments/${segmentId}`)).status).toBe(204);
      expect((await t.client.call('GET', `/api/v1/segments/${segmentId}`)).status).toBe(404);
    });
  });

  it('carries tags, attributes and the lifecycle stage through a merge, and un-merge puts them back', async () => {
    const frank = (await say(web, 'frank', 'frank here', { name: 'Frank' })).contactId;
    const eve = (await say(shop, 'eve', 'eve here', { name: 'Eve' })).contactId;
    await t.client.call('POST', `/api/v1/contacts/${frank}/tags`, { name: 'wholesale' });
    await t.client.call('POST', `/api/v1/contacts/${eve}/tags`, { name: 'wholesale' });
    await t.client.call('POST', `/api/v1/contacts/${eve}/tags`, { name: 'press' });
    await t.client.call('PATCH', `/api/v1/contacts/${frank}/attributes`, { values: { seats: 20 } });
    await t.client.call('PATCH', `/api/v1/contacts/${eve}/attributes`, { values: { seats: 5, plan: 'pro' } });
    await t.client.call('PATCH', `/api/v1/contacts/${eve}`, { lifecycleStage: 'vip' });

    const merged = await t.client.call<{ id: string }>('POST', `/api/v1/contacts/${frank}/merge`, {
      otherContactId: eve,
    });
    expect(merged.status).toBe(200);
    const after = await contact(frank);
    expect(tagNames(after)).toEqual(['press', 'wholesale']);
    expect(after.attributes).toEqual({ seats: 20, plan: 'pro' });
    expect(after.lifecycleStage).toBe('vip');
    // A merged-away contact is changed through the survivor.
    expect((await t.client.call('POST', `/api/v1/contacts/${eve}/tags`, { name: 'late' })).status).toBe(409);

    const undone = await t.client.call('POST', `/api/v1/contacts/${frank}/unmerge`, { mergeId: merged.body.id });
    expect(undone.status).toBe(200);
    const frankBack = await contact(frank);
    expect(tagNames(frankBack)).toEqual(['wholesale']);
    expect(frankBack.attributes).toEqual({ seats: 20 });
    expect(frankBack.lifecycleStage).toBe('new');
    const eveBack = await contact(eve);
    expect(tagNames(eveBack)).toEqual(['press', 'wholesale']);
    expect(eveBack.attributes).toEqual({ seats: 5, plan: 'pro' });
    expect(eveBack.lifecycleStage).toBe('vip');

    // A change made on the survivor while merged is kept by un-merge.
    const again = await t.client.call<{ id: string }>('POST', `/api/v1/contacts/${frank}/merge`, {
      otherContactId: eve,
    });
    await t.client.call('PATCH', `/api/v1/contacts/${frank}/attributes`, { values: { plan: 'free' } });
    await t.client.call('POST', `/api/v1/contacts/${frank}/unmerge`, { mergeId: again.body.id });
    expect((await contact(frank)).attributes).toEqual({ seats: 20, plan: 'free' });
  });

  describe('timeline', () => {
    let contactId: string;

    beforeAll(async () => {
      contactId = (await say(web, 'timeline-1', 'web message', { name: 'Timeline' })).contactId;
      const other = (await say(shop, 'timeline-1-shop', 'shop message')).contactId;
      await t.client.call('POST', `/api/v1/contacts/${contactId}/merge`, { otherContactId: other });
      await t.client.call('POST', `/api/v1/contacts/${contactId}/tags`, { name: 'timeline' });
    });

    it('filters by kind and by channel', async () => {
      const get = async (q: string) =>
        (
          await t.client.call<Page<TimelineEvent & { message?: { text: string; channelId: string } }>>(
            'GET',
            `/api/v1/contacts/${contactId}/timeline?${q}`,
          )
        ).body.items;
      const messages = await get('kind=message');
      expect(messages.map((e) => e.message?.text).sort()).toEqual(['shop message', 'web message']);
      expect((await get('kind=contact.merged,contact.tagged')).map((e) => e.kind).sort()).toEqual([
        'contact.merged',
        'contact.tagged',
      ]);
      const onShop = await get(`channelId=${shop.id}`);
      expect(onShop.length).toBeGreaterThan(0);
      expect(onShop.filter((e) => e.kind === 'message').map((e) => e.message?.text)).toEqual(['shop message']);
      expect(onShop.map((e) => e.kind)).not.toContain('contact.tagged');
      expect(await get(`kind=message&channelId=${web.id}`)).toHaveLength(1);
      expect((await t.client.call('GET', `/api/v1/contacts/${contactId}/timeline?channelId=x`)).status).toBe(400);
      expect((await t.client.call('GET', `/api/v1/contacts/${contactId}/timeline?kind=DROP TABLE`)).status).toBe(400);
    });

    it('pages newest first without repeats or gaps while events are inserted concurrently', async () => {
      // Events with microsecond times, many sharing one instant, written as the app stores them.
      const base = Date.parse('2026-06-01T10:00:00Z');
      const insert = (times: string[]) =>
        withDb(db.url, async (c) => {
          const r = await c.query<{ id: string }>(
            `INSERT INTO timeline_event (workspace_id, contact_id, kind, data, occurred_at)
             SELECT $1, $2, 'test.event', '{}', unnest($3::timestamptz[]) RETURNING id`,
            [t.workspaceId, contactId, times],
          );
          return r.rows.map((x) => x.id);
        });
      const at = (ms: number, micros: number) =>
        `${new Date(base + ms).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
      const before = await insert([
        ...Array.from({ length: 25 }, () => at(0, 456)),
        ...Array.from({ length: 25 }, (_, i) => at(-(i + 1) * 1000, 100 + i)),
      ]);
      const existing = (
        await t.client.call<Page<TimelineEvent>>('GET', `/api/v1/contacts/${contactId}/timeline?limit=200`)
      ).body.items;

      const seen: TimelineEvent[] = [];
      const addedOlder: string[] = [];
      let cursor: string | null = null;
      let round = 0;
      do {
        round += 1;
        const q: string = cursor ? `&cursor=${cursor}` : '';
        const fetchPage = t.client.call<Page<TimelineEvent>>(
          'GET',
          `/api/v1/contacts/${contactId}/timeline?limit=6${q}`,
        );
        // While the page is read: events newer than everything, tied with the busiest instant, and older than all.
        const writes = insert([at(60_000 + round, 0), at(0, 456), at(0, 456)]).then(async (ids) => {
          addedOlder.push(...(await insert([at(-3_600_000 - round * 1000, 789)])));
          return ids;
        });
        const [page] = await Promise.all([fetchPage, writes]);
        expect(page.status).toBe(200);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
      } while (cursor);

      const ids = seen.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      // Everything that was there when paging started is seen exactly once…
      expect(ids).toEqual(expect.arrayContaining(existing.map((e) => e.id)));
      expect(ids).toEqual(expect.arrayContaining(before));
      // …in strictly descending (time, id) order across pages, so older inserts show up further on.
      for (let i = 1; i < seen.length; i++) {
        const a = seen[i - 1]!;
        const b = seen[i]!;
        const order = a.occurredAt === b.occurredAt ? a.id > b.id : a.occurredAt > b.occurredAt;
        expect({ order, a, b }).toEqual({ order: true, a, b });
      }
      // (The last one raced the last page, so it may or may not be on it.)
      expect(ids).toEqual(expect.arrayContaining(addedOlder.slice(0, -1)));
    });
  });
});
