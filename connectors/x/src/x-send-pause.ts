import { ConnectorError, type ConnectorStore } from '@scrm/connector-sdk';

/** The two sending endpoints; X limits each on its own bucket. */
export type XSendEndpoint = 'replies' | 'dms';

const ENDPOINTS: readonly XSendEndpoint[] = ['replies', 'dms'];
const KEEP_AFTER_RESET_MS = 3_600_000;

/**
 * A 429 on a send pauses that sending endpoint of the channel until X's `x-rate-limit-reset`, in the
 * channel's shared store: every worker then puts its sends on that endpoint off until the reset
 * instead of asking X again (no retry storm), and the live session shows the channel rate-limited.
 */
export class XSendPause {
  constructor(private readonly store: ConnectorStore | undefined) {}

  /** Throws RATE_LIMITED (with the time left) while the endpoint is paused. */
  async check(endpoint: XSendEndpoint, now = Date.now()): Promise<void> {
    const until = await this.until(endpoint);
    if (until !== undefined && until > now) {
      throw new ConnectorError('RATE_LIMITED', `X rate limit on ${endpoint}: sending resumes at the reset`, {
        retryAfterMs: until - now,
        resetAt: new Date(until),
      });
    }
  }

  async pause(endpoint: XSendEndpoint, until: Date, now = Date.now()): Promise<void> {
    if (!this.store || until.getTime() <= now) return;
    // Kept a while past the reset, so a session that polls less often still learns of a pause that
    // has already ended (and reports the channel online again).
    await this.store.set(key(endpoint), until.getTime(), until.getTime() - now + KEEP_AFTER_RESET_MS);
  }

  /** The recent pauses of the sending endpoints with their reset times (ms since the epoch), ended or not. */
  async recent(): Promise<{ endpoint: XSendEndpoint; until: number }[]> {
    if (!this.store) return [];
    // Read on every poll of the session: both endpoints in one read.
    const held = await this.store.getMany<unknown>(ENDPOINTS.map(key));
    return ENDPOINTS.flatMap((endpoint) => {
      const until = held.get(key(endpoint));
      return typeof until === 'number' ? [{ endpoint, until }] : [];
    });
  }

  private async until(endpoint: XSendEndpoint): Promise<number | undefined> {
    if (!this.store) return undefined;
    const v = await this.store.get<number>(key(endpoint));
    return typeof v === 'number' ? v : undefined;
  }
}

function key(endpoint: XSendEndpoint): string {
  return `send-paused:${endpoint}`;
}
