import { AuthService } from '@scrm/auth';
import { ApiClient, createTenant, createWebhookChannel, postInbound } from './support/murmur-harness';
import { contactOfMessage, useWebhookStack } from './support/webhook-stack';
import { waitFor, withDb } from './support/test-services';

interface Identity {
  id: string;
  channelType: string;
  platformUserId: string;
  verified: boolean | null;
}
interface Contact {
  id: string;
  mergedIntoId: string | null;
  identities: Identity[];
}
interface AddResult {
  identity: Identity;
  contactId: string;
  merge: { id: string; survivingContactId: string; absorbedContactId: string; actorUserId: string | null } | null;
}
interface Suggestion {
  contactIds: string[];
  reason: string;
  evidence: Record<string, unknown>;
}

describe('email and phone identities: verified matches merge automatically', () => {
  const s = useWebhookStack('all', 'Verified Co');
  let n = 0;

  /** A new contact: the author of one inbound message from a fresh sender. */
  async function newContact(sender: string): Promise<string> {
    n += 1;
    const text = `hello ${n}`;
    const res = await postInbound(s.channel, { messageId: `m-${n}`, sender: { id: sender, name: sender }, text });
    expect(res.status).toBe(202);
    return contactOfMessage(s.db.url, s.tenant.workspaceId, sender, text);
  }

  const add = (contactId: string, body: Record<string, unknown>) =>
    s.tenant.client.call<AddResult & { message?: string }>('POST', `/api/v1/contacts/${contactId}/identities`, body);
  const contact = async (id: string) => (await s.tenant.client.call<Contact>('GET', `/api/v1/contacts/${id}`)).body;
  const kinds = async (id: string) =>
    (
      await s.tenant.client.call<{
        items: { kind: string; actorUserId: string | null; data: Record<string, unknown> }[];
      }>('GET', `/api/v1/contacts/${id}/timeline?limit=200`)
    ).body.items;

  it('stores email and phone normalised, shows them on the contact, and refuses bad values with 400', async () => {
    const ann = await newContact('ann-web');
    const email = await add(ann, { type: 'email', value: '  Ann.Lee@Example.COM ', verified: false });
    expect(email.status).toBe(201);
    expect(email.body).toMatchObject({
      contactId: ann,
      merge: null,
      identity: { channelType: 'email', platformUserId: 'ann.lee@example.com', verified: false },
    });
    const phone = await add(ann, { type: 'phone', value: '+44 (20) 7946-0958' });
    expect(phone.status).toBe(201);
    expect(phone.body.identity).toMatchObject({ channelType: 'phone', platformUserId: '+442079460958' });
    // The same value again on the same contact is the same identity.
    const again = await add(ann, { type: 'email', value: 'ann.lee@example.com', verified: false });
    expect(again.body.identity.id).toBe(email.body.identity.id);

    const shown = await contact(ann);
    expect(shown.identities.map((i) => [i.channelType, i.platformUserId]).sort()).toEqual([
      ['email', 'ann.lee@example.com'],
      ['phone', '+442079460958'],
      ['webhook', 'ann-web'],
    ]);

    const cases: [Record<string, unknown>, RegExp][] = [
      [{ type: 'email', value: 'not-an-email' }, /not an email address/],
      [{ type: 'phone', value: '020 7946 0958' }, /country code/],
      [{ type: 'phone', value: '+44 20 CALL ME' }, /not a phone number/],
      [{ type: 'fax', value: '+442079460958' }, /type must be email or phone/],
      [{ type: 'email', value: 'a@example.com', verified: 'yes' }, /verified must be true or false/],
    ];
    for (const [body, message] of cases) {
      const res = await add(ann, body);
      expect(res.status).toBe(400);
      expect(res.body.message).toMatch(message);
    }

    // Only email and phone identities can be removed here; the channel handle stays.
    const handle = shown.identities.find((i) => i.channelType === 'webhook')!;
    expect((await s.tenant.client.call('DELETE', `/api/v1/contacts/${ann}/identities/${handle.id}`)).status).toBe(400);
    expect(
      (await s.tenant.client.call('DELETE', `/api/v1/contacts/${ann}/identities/${phone.body.identity.id}`)).status,
    ).toBe(204);
    expect((await contact(ann)).identities.map((i) => i.channelType).sort()).toEqual(['email', 'webhook']);

    // Marking the email verified; each change is on the contact's timeline, by the agent, without the value.
    expect((await add(ann, { type: 'email', value: 'ann.lee@example.com', verified: true })).status).toBe(201);
    const changes = (await kinds(ann)).filter((e) => e.kind.startsWith('contact.identity_'));
    const emailId = email.body.identity.id;
    const phoneId = phone.body.identity.id;
    expect(changes.map((e) => [e.kind, e.actorUserId, e.data]).reverse()).toEqual([
      ['contact.identity_added', s.tenant.userId, { identityId: emailId, channelType: 'email', verified: false }],
      ['contact.identity_added', s.tenant.userId, { identityId: phoneId, channelType: 'phone', verified: false }],
      ['contact.identity_removed', s.tenant.userId, { identityId: phoneId, channelType: 'phone', verified: false }],
      ['contact.identity_verified', s.tenant.userId, { identityId: emailId, channelType: 'email', verified: true }],
    ]);
    expect(JSON.stringify(changes)).not.toMatch(/example\.com|442079460958/);
    const filtered = await s.tenant.client.call<{ items: { kind: string }[] }>(
      'GET',
      `/api/v1/contacts/${ann}/timeline?kind=contact.identity_added`,
    );
    expect(filtered.body.items.map((e) => e.kind)).toEqual(['contact.identity_added', 'contact.identity_added']);
  });

  it('merges two contacts with the same verified email automatically; un-merge restores and is not redone', async () => {
    const bo = await newContact('bo-web');
    const boToo = await newContact('bo-other');
    const first = await add(bo, { type: 'email', value: 'bo@example.com', verified: true });
    expect(first.status).toBe(201);

    const second = await add(boToo, { type: 'email', value: 'BO@example.com', verified: true });
    expect(second.status).toBe(201);
    expect(second.body.contactId).toBe(bo);
    expect(second.body.merge).toMatchObject({ survivingContactId: bo, absorbedContactId: boToo, actorUserId: null });
    expect((await contact(boToo)).mergedIntoId).toBe(bo);
    expect((await contact(bo)).identities.map((i) => i.platformUserId).sort()).toEqual([
      'bo-other',
      'bo-web',
      'bo@example.com',
    ]);

    const merged = (await kinds(bo)).find((e) => e.kind === 'contact.merged');
    expect(merged?.data).toMatchObject({ automatic: true, reason: 'same_verified_email' });
    // The merge is on the absorbed contact's timeline too; the value was added to the survivor only.
    const absorbedEvents = await kinds(boToo);
    expect(absorbedEvents.find((e) => e.kind === 'contact.merged')).toMatchObject({
      actorUserId: null,
      data: { mergeId: second.body.merge!.id, automatic: true, reason: 'same_verified_email' },
    });
    expect(absorbedEvents.some((e) => e.kind === 'contact.identity_added')).toBe(false);
    expect((await kinds(bo)).filter((e) => e.kind === 'contact.identity_added').map((e) => e.data)).toEqual([
      { identityId: first.body.identity.id, channelType: 'email', verified: true },
    ]);
    const audit = await s.tenant.client.call<{
      items: { action: string; actorUserId: string | null; data: unknown }[];
    }>('GET', `/api/v1/audit?targetId=${bo}`);
    expect(audit.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'contact.merged',
          actorUserId: null,
          data: expect.objectContaining({ automatic: true, reason: 'same_verified_email' }),
        }),
      ]),
    );

    const undone = await s.tenant.client.call('POST', `/api/v1/contacts/${bo}/unmerge`, {
      mergeId: second.body.merge!.id,
    });
    expect(undone.status).toBe(200);
    const restored = await contact(boToo);
    expect(restored.mergedIntoId).toBeNull();
    expect(restored.identities.map((i) => i.platformUserId)).toEqual(['bo-other']);
    expect((await contact(bo)).identities.map((i) => i.platformUserId).sort()).toEqual(['bo-web', 'bo@example.com']);

    // Adding the verified email again does not merge the pair an agent separated.
    const retry = await add(boToo, { type: 'email', value: 'bo@example.com', verified: true });
    expect(retry.status).toBe(409);
    expect(retry.body.message).toMatch(new RegExp(`contact ${bo}.*undone`));
    expect((await contact(boToo)).mergedIntoId).toBeNull();
    const merges = await s.tenant.client.call<{ undoneAt: string | null }[]>('GET', `/api/v1/contacts/${bo}/merges`);
    expect(merges.body.map((m) => m.undoneAt !== null)).toEqual([true]);
  });

  it('merges on the same verified phone too', async () => {
    const cy = await newContact('cy-web');
    const cyToo = await newContact('cy-other');
    expect((await add(cy, { type: 'phone', value: '+86 138 0013 8000', verified: true })).status).toBe(201);
    const second = await add(cyToo, { type: 'phone', value: '0086 13800138000', verified: true });
    expect(second.status).toBe(201);
    expect(second.body.merge).toMatchObject({ survivingContactId: cy, absorbedContactId: cyToo });
    expect((await kinds(cy)).find((e) => e.kind === 'contact.merged')?.data).toMatchObject({
      automatic: true,
      reason: 'same_verified_phone',
    });
  });

  it('does not merge when either side is unverified: 409 naming the other contact, and a merge suggestion', async () => {
    const di = await newContact('di-web');
    const diToo = await newContact('di-other');
    const first = await add(di, { type: 'email', value: 'di@example.com', verified: false });
    expect(first.status).toBe(201);

    for (const verified of [true, false]) {
      const res = await add(diToo, { type: 'email', value: 'di@example.com', verified });
      expect(res.status).toBe(409);
      expect(res.body.message).toContain(`contact ${di}`);
    }
    expect((await contact(diToo)).mergedIntoId).toBeNull();
    expect((await contact(di)).mergedIntoId).toBeNull();
    expect((await contact(diToo)).identities.map((i) => i.channelType)).toEqual(['webhook']);

    const suggestions = await s.tenant.client.call<{ items: Suggestion[] }>(
      'GET',
      '/api/v1/contacts/merge-suggestions',
    );
    const mine = suggestions.body.items.filter((s) => s.contactIds.includes(di));
    expect(mine).toEqual([
      expect.objectContaining({
        reason: 'same_email',
        contactIds: [di, diToo].sort(),
        evidence: { channelType: 'email', identityId: first.body.identity.id },
      }),
    ]);
  });

  it('keeps the values of one workspace apart from another’s', async () => {
    const other = await createTenant(s.api, 'Other Co');
    const otherChannel = await createWebhookChannel(other.client);
    const res = await postInbound(otherChannel, { messageId: 'o-1', sender: { id: 'eve', name: 'Eve' }, text: 'hi' });
    expect(res.status).toBe(202);
    const eve = await waitFor('eve', () =>
      withDb(s.db.url, async (c) => {
        const r = await c.query<{ contact_id: string }>(
          `SELECT contact_id FROM identity WHERE workspace_id = $1 AND platform_user_id = 'eve'`,
          [other.workspaceId],
        );
        return r.rows[0]?.contact_id;
      }),
    );
    // bo@example.com is verified in the first workspace: here it is a new identity, and nothing merges.
    const added = await other.client.call<AddResult>('POST', `/api/v1/contacts/${eve}/identities`, {
      type: 'email',
      value: 'bo@example.com',
      verified: true,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ contactId: eve, merge: null });
  });

  it('lets agents add and remove values, and refuses analysts with 403', async () => {
    const fay = await newContact('fay-web');
    const clients: Record<string, ApiClient> = {};
    for (const role of ['analyst', 'agent'] as const) {
      const email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.test`;
      const auth = s.api.app.get(AuthService);
      const userId = await auth.createUser(email, role, 'correct horse battery staple');
      await auth.addMember(s.tenant.workspaceId, userId, role);
      clients[role] = new ApiClient(s.api.url);
      await clients[role].login(email, 'correct horse battery staple');
    }
    const body = { type: 'phone', value: '+1 415 555 0100', verified: false };
    expect((await clients.analyst!.call('POST', `/api/v1/contacts/${fay}/identities`, body)).status).toBe(403);
    const added = await clients.agent!.call<AddResult>('POST', `/api/v1/contacts/${fay}/identities`, body);
    expect(added.status).toBe(201);
    const path = `/api/v1/contacts/${fay}/identities/${added.body.identity.id}`;
    expect((await clients.analyst!.call('DELETE', path)).status).toBe(403);
    expect((await clients.agent!.call('DELETE', path)).status).toBe(204);
    expect((await clients.agent!.call('DELETE', path)).status).toBe(404);
  });
});
