import type { ConnectorStore } from '@scrm/connector-sdk';

/** Kept a little past the month's end, then dropped by the store. */
const KEEP_MS = 40 * 86_400_000;

/**
 * The tier's monthly post budget (replies and DMs sent), counted per calendar month (UTC) in the
 * channel's shared store, so every worker that sends sees the same count. No limit configured: no
 * counting. The count is a guard against a surprise bill, not an exact meter: two sends racing on the
 * last unit may both pass.
 */
export class XPostBudget {
  constructor(
    private readonly store: ConnectorStore | undefined,
    private readonly limit: number | null | undefined,
  ) {}

  /** Why posting is stopped, or undefined while posts are left. */
  async exhausted(now = new Date()): Promise<string | undefined> {
    if (!this.store || this.limit === null || this.limit === undefined) return undefined;
    const used = (await this.store.get<number>(monthKey(now))) ?? 0;
    if (used < this.limit) return undefined;
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    return `monthly post budget of ${this.limit} posts used up; posting resumes on ${next.toISOString().slice(0, 10)}`;
  }

  async count(now = new Date()): Promise<void> {
    if (!this.store || this.limit === null || this.limit === undefined) return;
    const key = monthKey(now);
    await this.store.set(key, ((await this.store.get<number>(key)) ?? 0) + 1, KEEP_MS);
  }
}

function monthKey(now: Date): string {
  return `post-budget:${now.toISOString().slice(0, 7)}`;
}
