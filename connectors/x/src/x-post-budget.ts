import type { ConnectorStore } from '@scrm/connector-sdk';

/** Kept a little past the month's end, then dropped by the store. */
const KEEP_MS = 40 * 86_400_000;

/**
 * The tier's monthly post budget (replies and DMs sent), counted per calendar month (UTC) in the
 * channel's shared store, so every worker that sends sees the same count. A send reserves its unit
 * before asking X, in one atomic step of the store: however many workers send at once, no more
 * posts go out than the budget allows. No limit configured: no counting.
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
    return used < this.limit ? undefined : this.reason(now);
  }

  /** Takes one post of this month's budget; resolves why not when none is left. */
  async reserve(now = new Date()): Promise<string | undefined> {
    if (!this.store || this.limit === null || this.limit === undefined) return undefined;
    const used = await this.store.addUpTo(monthKey(now), 1, this.limit, KEEP_MS);
    return used === null ? this.reason(now) : undefined;
  }

  /** Gives a reserved post back: X refused it, so it does not count. */
  async release(now = new Date()): Promise<void> {
    if (!this.store || this.limit === null || this.limit === undefined) return;
    await this.store.addUpTo(monthKey(now), -1, Number.MAX_SAFE_INTEGER, KEEP_MS);
  }

  private reason(now: Date): string {
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    return `monthly post budget of ${this.limit} posts used up; posting resumes on ${next.toISOString().slice(0, 10)}`;
  }
}

function monthKey(now: Date): string {
  return `post-budget:${now.toISOString().slice(0, 7)}`;
}
