/**
 * Spaces one account's outbound messages: at most `perMinute` a minute, each with a random extra
 * delay up to `jitterMs`, so a brand account does not send in machine-regular bursts. Sends wait
 * their turn in order; the queue is observable so the pacing is visible.
 */
export class OutboundPacer {
  private nextAt = 0;
  private waiting = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly perMinute: number,
    private readonly jitterMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  get intervalMs(): number {
    return Math.ceil(60_000 / this.perMinute);
  }

  /** Messages queued behind the pacer right now. */
  get queued(): number {
    return this.waiting;
  }

  /** Runs `send` when its turn comes. */
  run<T>(send: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    this.waiting++;
    const turn = this.tail.then(async () => {
      const delay = Math.max(0, this.nextAt - Date.now());
      if (delay > 0) await sleep(delay, signal);
      this.nextAt = Date.now() + this.intervalMs + Math.floor(this.random() * (this.jitterMs + 1));
    });
    this.tail = turn.catch(() => undefined);
    return turn.then(send).finally(() => {
      this.waiting--;
    });
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
