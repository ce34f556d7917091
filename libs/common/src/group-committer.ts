interface Entry<T> {
  items: T[];
  at: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: callers submit items and wait; whatever accumulates while a flush runs goes out in the
 * next flush, so under load many callers share one multi-row statement, and when idle nobody waits.
 * With a linger, a batch short of `maxItems` that arrives while the committer is busy (a flush is
 * running, or one started less than `lingerMs` ago) waits until its oldest item has waited that long:
 * under steady load that trades up to `lingerMs` of latency for fewer, larger flushes, while an item
 * arriving after a quiet spell still goes out at once.
 * If a shared flush fails, each caller's items are retried alone so one bad item fails only its caller.
 */
export class GroupCommitter<T> {
  private queue: Entry<T>[] = [];
  private queued = 0;
  private active = 0;
  private lingering: NodeJS.Timeout | null = null;
  private lastStartAt = -Infinity;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly maxItems: number,
    private readonly maxConcurrent: number,
    private readonly lingerMs = 0,
  ) {}

  submit(items: T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ items, at: Date.now(), resolve, reject });
      this.queued += items.length;
      this.kick();
    });
  }

  private kick(): void {
    if (this.queue.length === 0) return;
    // With a linger, a batch that is not yet full and arrives while the committer is busy waits for
    // company until its oldest item has waited that long.
    const now = Date.now();
    const waited = now - this.queue[0]!.at;
    const busy = this.active > 0 || now - this.lastStartAt < this.lingerMs;
    if (this.lingerMs > 0 && busy && this.queued < this.maxItems && waited < this.lingerMs) {
      if (this.active < this.maxConcurrent) {
        this.lingering ??= setTimeout(() => {
          this.lingering = null;
          this.kick();
        }, this.lingerMs - waited);
      }
      return;
    }
    this.drain();
  }

  private drain(): void {
    if (this.lingering) {
      clearTimeout(this.lingering);
      this.lingering = null;
    }
    while (this.active < this.maxConcurrent && this.queue.length > 0) {
      const batch: Entry<T>[] = [];
      let count = 0;
      while (this.queue.length > 0 && (batch.length === 0 || count + this.queue[0]!.items.length <= this.maxItems)) {
        const e = this.queue.shift()!;
        batch.push(e);
        count += e.items.length;
        this.queued -= e.items.length;
      }
      this.active++;
      this.lastStartAt = Date.now();
      void this.run(batch).finally(() => {
        this.active--;
        this.kick();
      });
    }
  }

  private async run(batch: Entry<T>[]): Promise<void> {
    try {
      await this.flush(batch.flatMap((e) => e.items));
      batch.forEach((e) => e.resolve());
    } catch (err) {
      if (batch.length === 1) {
        batch[0]!.reject(err);
        return;
      }
      for (const e of batch) {
        await this.flush(e.items).then(e.resolve, e.reject);
      }
    }
  }
}
