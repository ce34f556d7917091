import { ConnectorError, type ChannelContext, type ConnectorStore } from '@scrm/connector-sdk';
import { XPostBudget } from './x-post-budget';
import { XConnector } from './x.connector';

function memoryStore(): ConnectorStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T>(k: string) => Promise.resolve(data.get(k) as T | undefined),
    getMany: <T>(keys: string[]) =>
      Promise.resolve(new Map(keys.flatMap((k) => (data.has(k) ? [[k, data.get(k) as T] as const] : [])))),
    set: (k: string, v: unknown) => Promise.resolve(void data.set(k, v)),
    claim: (k: string, v: string) => Promise.resolve({ claimed: !data.has(k), value: v }),
    addUpTo: (k: string, delta: number, max: number) => {
      const next = Math.max(0, ((data.get(k) as number | undefined) ?? 0) + delta);
      if (next > max) return Promise.resolve(null);
      data.set(k, next);
      return Promise.resolve(next);
    },
    delete: (k: string) => Promise.resolve(void data.delete(k)),
  };
}

describe('XPostBudget', () => {
  const now = new Date('2026-12-02T10:00:00Z');

  it('counts posts per UTC month and says when posting resumes once the budget is spent', async () => {
    const budget = new XPostBudget(memoryStore(), 2);
    expect(await budget.exhausted(now)).toBeUndefined();
    expect(await budget.reserve(now)).toBeUndefined();
    expect(await budget.reserve(now)).toBeUndefined();
    const spent = 'monthly post budget of 2 posts used up; posting resumes on 2027-01-01';
    expect(await budget.exhausted(now)).toBe(spent);
    expect(await budget.reserve(now)).toBe(spent);
    // A post X refused is given back.
    await budget.release(now);
    expect(await budget.exhausted(now)).toBeUndefined();
    expect(await budget.exhausted(new Date('2027-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('counts nothing without a configured budget', async () => {
    const store = memoryStore();
    const budget = new XPostBudget(store, null);
    expect(await budget.reserve(now)).toBeUndefined();
    expect(store.data.size).toBe(0);
    expect(await budget.exhausted(now)).toBeUndefined();
  });

  it('refuses a send with the reason once the month’s posts are used up, before calling X', async () => {
    const store = memoryStore();
    store.data.set(`post-budget:${new Date().toISOString().slice(0, 7)}`, 5);
    const ctx: ChannelContext = {
      channelId: 'c',
      workspaceId: 'w',
      config: { userId: '100', monthlyPostBudget: 5, apiBaseUrl: 'http://127.0.0.1:9' },
      secrets: { appKey: 'k', appSecret: 's', accessToken: 't', accessSecret: 'a' },
      store,
    };
    const send = new XConnector().send(ctx, {
      messageId: 'm',
      conversationId: 'cv',
      threadKey: 'dm:100-200',
      isGroup: false,
      recipient: { platformUserId: 'dm:100-200' },
      text: 'hi',
      attachments: [],
      createdAt: new Date(),
      automated: false,
    });
    await expect(send).rejects.toBeInstanceOf(ConnectorError);
    await expect(send).rejects.toMatchObject({ code: 'INVALID', message: expect.stringContaining('post budget of 5') });
  });
});
