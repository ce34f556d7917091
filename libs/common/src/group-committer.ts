interface Entry<T> {
  items: T[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: callers submit items and wait; whatever accumulates while a flush runs goes out in the
 * next flush, so under load many callers share one multi-row statement and when idle nobody waits.
 * If a shared flush fails, each caller's items are retried alone so one bad item fails only its caller.
 */
export class GroupCommitter<T> {
  private queue: Entry<T>[] = [];
  private active = 0;

  constructor(
    private readonly flush: (items: T[]) => Promise<void>,
    private readonly maxItems: number,
    private readonly maxConcurrent: number,
  ) {}

  submit(items: T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    while (this.active < this.maxConcurrent && this.queue.length > 0) {
      const batch: Entry<T>[] = [];
      let count = 0;
      while (this.queue.length > 0 && (batch.length === 0 || count + this.queue[0]!.items.length <= this.maxItems)) {
        const e = this.queue.shift()!;
        batch.push(e);
        count += e.items.length;
      }
      this.active++;
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
