import { AuthService } from '@scrm/auth';
import { ApiClient, postInbound } from './support/murmur-harness';
import { contactOfMessage, useWebhookStack } from './support/webhook-stack';
import { withDb } from './support/test-services';

interface Contact {
  id: string;
  name: string | null;
  mergedIntoId: string | null;
  identities: { id: string; platformUserId: string }[];
}
interface TimelinePage {
  items: { kind: string; conversationId: string | null; data: Record<string, unknown>; message?: { text: string } }[];
}

describe('identity graph: reversible merge, suggestions and the audit log', () => {
  const s = useWebhookStack('all', 'Merge Co');
  let n = 0;

  async function say(senderId: string, text: string, name?: string): Promise<void> {
    n += 1;
    const res = await postInbound(s.channel, { messageId: `m-${n}`, sender: { id: senderId, name }, text });
    expect(res.status).toBe(202);
  }

  const contactOf = (senderId: string, text: string): Promise<string> =>
    contactOfMessage(s.db.url, s.tenant.workspaceId, senderId, text);

  const timeline = async (id: string) =>
    (await s.tenant.client.call<TimelinePage>('GET', `/api/v1/contacts/${id}/timeline?limit=200`)).body.items;
  const texts = async (id: string) =>
    (await timeline(id))
      .map((e) => e.message?.text)
      .filter(Boolean)
      .sort();

  it('merges, routes new messages to the survivor, and un-merges both contacts as they were', async () => {
    await say('ann-wechat', 'hello from wechat', 'Ann');
    await say('ann-mail', 'hello from mail', 'Ann Lee');
    const ann = await contactOf('ann-wechat', 'hello from wechat');
    const other = await contactOf('ann-mail', 'hello from mail');

    const bad = await s.tenant.client.call('POST', `/api/v1/contacts/${ann}/merge`, { otherContactId: ann });
    expect(bad.status).toBe(400);
    const missing = await s.tenant.client.call('POST', `/api/v1/contacts/${ann}/merge`, {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ message: expect.stringContaining('otherContactId') });

    const merged = await s.tenant.client.call<{ id: string; identityIds: string[] }>(
      'POST',
      `/api/v1/contacts/${ann}/merge`,
      {
        otherContactId: other,
        fieldChoices: { name: 'other' },
      },
    );
    expect(merged.status).toBe(200);
    const survivor = (await s.tenant.client.call<Contact>('GET', `/api/v1/contacts/${ann}`)).body;
    expect(survivor.name).toBe('Ann Lee');
    expect(survivor.identities.map((i) => i.platformUserId).sort()).toEqual(['ann-mail', 'ann-wechat']);
    expect((await s.tenant.client.call<Contact>('GET', `/api/v1/contacts/${other}`)).body.mergedIntoId).toBe(ann);
    expect(await texts(ann)).toEqual(['hello from mail', 'hello from wechat']);
    expect(
      (await s.tenant.client.call('POST', `/api/v1/contacts/${ann}/merge`, { otherContactId: other })).status,
    ).toBe(409);

    // Both identities write after the merge: both land on the survivor.
    await say('ann-mail', 'mail after merge');
    await say('ann-wechat', 'wechat after merge');
    expect(await contactOf('ann-mail', 'mail after merge')).toBe(ann);
    expect(await contactOf('ann-wechat', 'wechat after merge')).toBe(ann);

    const undone = await s.tenant.client.call<{ identitiesMoved: number; merge: { undoneAt: string | null } }>(
      'POST',
      `/api/v1/contacts/${ann}/unmerge`,
      { mergeId: merged.body.id },
    );
    expect(undone.status).toBe(200);
    expect(undone.body.identitiesMoved).toBe(1);
    expect(undone.body.merge.undoneAt).not.toBeNull();

    const a = (await s.tenant.client.call<Contact>('GET', `/api/v1/contacts/${ann}`)).body;
    const o = (await s.tenant.client.call<Contact>('GET', `/api/v1/contacts/${other}`)).body;
    expect(a).toMatchObject({ name: 'Ann', mergedIntoId: null });
    expect(a.identities.map((i) => i.platformUserId)).toEqual(['ann-wechat']);
    expect(o).toMatchObject({ name: 'Ann Lee', mergedIntoId: null });
    expect(o.identities.map((i) => i.platformUserId)).toEqual(['ann-mail']);
    // What arrived after the merge went home by identity.
    expect(await texts(ann)).toEqual(['hello from wechat', 'wechat after merge']);
    expect(await texts(other)).toEqual(['hello from mail', 'mail after merge']);
    const convs = await withDb(s.db.url, (c) =>
      c.query<{ contact_id: string; n: string }>(
        `SELECT contact_id, count(*) AS n FROM conversation WHERE workspace_id = $1 AND contact_id = ANY($2::uuid[]) GROUP BY 1`,
        [s.tenant.workspaceId, [ann, other]],
      ),
    );
    expect(Object.fromEntries(convs.rows.map((r) => [r.contact_id, Number(r.n)]))).toEqual({ [ann]: 1, [other]: 1 });
    // New messages after un-merge follow the restored owner.
    await say('ann-mail', 'mail after unmerge');
    expect(await contactOf('ann-mail', 'mail after unmerge')).toBe(other);

    // Both timelines show the merge and the un-merge.
    for (const id of [ann, other]) {
      const kinds = (await timeline(id)).map((e) => e.kind);
      expect(kinds).toEqual(expect.arrayContaining(['contact.merged', 'contact.unmerged']));
    }
    expect(
      (await s.tenant.client.call('POST', `/api/v1/contacts/${ann}/unmerge`, { mergeId: merged.body.id })).status,
    ).toBe(409);
    const history = await s.tenant.client.call<{ id: string }[]>('GET', `/api/v1/contacts/${other}/merges`);
    expect(history.body.map((m) => m.id)).toEqual([merged.body.id]);

    const audit = await s.tenant.client.call<{ items: { action: string; targetId: string; actorUserId: string }[] }>(
      'GET',
      `/api/v1/audit?targetId=${ann}`,
    );
    expect(audit.status).toBe(200);
    const actions = audit.body.items.map((i) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['contact.merged', 'contact.unmerged', 'contact.viewed']));
    expect(audit.body.items.every((i) => i.actorUserId === s.tenant.userId)).toBe(true);
  });

  it('suggests same name + phone suffix and claimed X handles, with evidence; accept merges, reject sticks', async () => {
    await say('+86 138 0000 4321', 'first phone', 'Bo Chen');
    await say('+86 139 1111 4321', 'second phone', 'bo chen');
    const p1 = await contactOf('+86 138 0000 4321', 'first phone');
    const p2 = await contactOf('+86 139 1111 4321', 'second phone');
    await say('cara-wx', "I'm @cara_x on X, please check", 'Cara');
    const cara = await contactOf('cara-wx', "I'm @cara_x on X, please check");
    const xContact = await withDb(s.db.url, async (c) => {
      const contact = await c.query<{ id: string }>(
        `INSERT INTO contact (workspace_id, name) VALUES ($1, 'Cara X') RETURNING id`,
        [s.tenant.workspaceId],
      );
      await c.query(
        `INSERT INTO identity (workspace_id, contact_id, channel_type, scope_key, platform_user_id, display_name)
         VALUES ($1, $2, 'x', '', '998877', 'Cara (@cara_x)')`,
        [s.tenant.workspaceId, contact.rows[0]!.id],
      );
      return contact.rows[0]!.id;
    });

    type S = {
      id: string;
      contactIds: string[];
      reason: string;
      evidence: Record<string, unknown>;
      confidence: number;
    };
    const list = await s.tenant.client.call<{ items: S[] }>('GET', '/api/v1/contacts/merge-suggestions');
    expect(list.status).toBe(200);
    const phone = list.body.items.find((s) => s.reason === 'same_name_phone_suffix');
    const handle = list.body.items.find((s) => s.reason === 'claimed_handle');
    expect(phone).toMatchObject({ contactIds: [p1, p2].sort(), evidence: { phoneSuffix: '4321' } });
    expect(phone!.confidence).toBeGreaterThan(0);
    expect(handle).toMatchObject({ contactIds: [cara, xContact].sort(), evidence: { handle: 'cara_x' } });

    const rejected = await s.tenant.client.call('POST', `/api/v1/contacts/merge-suggestions/${phone!.id}/decision`, {
      decision: 'reject',
    });
    expect(rejected.status).toBe(200);
    const accepted = await s.tenant.client.call<{ status: string; mergeId: string }>(
      'POST',
      `/api/v1/contacts/merge-suggestions/${handle!.id}/decision`,
      { decision: 'accept', survivingContactId: cara },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
    expect((await s.tenant.client.call<Contact>('GET', `/api/v1/contacts/${xContact}`)).body.mergedIntoId).toBe(cara);

    const again = await s.tenant.client.call<{ items: S[] }>('GET', '/api/v1/contacts/merge-suggestions');
    expect(again.body.items.map((s) => s.id)).not.toContain(phone!.id);
    expect(again.body.items.map((s) => s.id)).not.toContain(handle!.id);
    expect(
      (
        await s.tenant.client.call('POST', `/api/v1/contacts/merge-suggestions/${phone!.id}/decision`, {
          decision: 'accept',
        })
      ).status,
    ).toBe(409);
  });

  it('keeps the audit log append-only for every role and readable only by owners and admins', async () => {
    await withDb(s.db.url, async (c) => {
      await expect(
        c.query(`UPDATE audit_log SET action = 'x' WHERE workspace_id = $1`, [s.tenant.workspaceId]),
      ).rejects.toThrow(/append-only/);
      await expect(c.query(`DELETE FROM audit_log WHERE workspace_id = $1`, [s.tenant.workspaceId])).rejects.toThrow(
        /append-only/,
      );
      await expect(c.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    });

    // Keyset pagination walks every row once, newest first, also rows written within one millisecond.
    await withDb(s.db.url, (c) =>
      c.query(
        `INSERT INTO audit_log (workspace_id, action, target_type, occurred_at)
         SELECT $1, 'test.same_millisecond', 'contact', date_trunc('milliseconds', now()) + n * interval '1 microsecond'
           FROM generate_series(1, 3) AS n`,
        [s.tenant.workspaceId],
      ),
    );
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: { status: number; body: { items: { id: string; occurredAt: string }[]; nextCursor: string | null } } =
        await s.tenant.client.call('GET', `/api/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((i) => i.id));
      cursor = page.body.nextCursor;
    }
    const total = await withDb(s.db.url, (c) =>
      c.query<{ n: string }>('SELECT count(*) AS n FROM audit_log WHERE workspace_id = $1', [s.tenant.workspaceId]),
    );
    expect(new Set(seen).size).toBe(Number(total.rows[0]!.n));
    expect(seen.length).toBeGreaterThan(3);

    for (const role of ['analyst', 'agent'] as const) {
      const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.test`;
      const auth = s.api.app.get(AuthService);
      const userId = await auth.createUser(email, role, 'correct horse battery staple');
      await auth.addMember(s.tenant.workspaceId, userId, role);
      const client = new ApiClient(s.api.url);
      await client.login(email, 'correct horse battery staple');
      expect((await client.call('GET', '/api/v1/audit')).status).toBe(403);
    }
  });
});
