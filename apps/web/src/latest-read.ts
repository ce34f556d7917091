/**
 * The latest of overlapping reads of a list or view, and the live changes received while it is under
 * way. A read can be answered with data older than an event that arrives before the answer does, so
 * the changes recorded since the latest read began are applied again on top of its answer; an earlier
 * read's answer that comes back after a later one is dropped.
 */
export class LatestRead<T> {
  private latest = 0;
  private changes: ((value: T) => T)[] | null = null;

  /** Starts a read; returns its number. */
  begin(): number {
    this.changes = [];
    return ++this.latest;
  }

  /** Notes a live change, to apply again on top of the answer of the read under way (if any). */
  record(change: (value: T) => T): void {
    this.changes?.push(change);
  }

  /** The answer with the changes received since `read` began; undefined when a later read began. */
  settle(read: number, answer: T): T | undefined {
    if (read !== this.latest) return undefined;
    return (this.changes ?? []).reduce((value, change) => change(value), answer);
  }

  /** Whether `read` is still the latest. */
  isLatest(read: number): boolean {
    return read === this.latest;
  }

  /** Ends a read: once the latest has ended, changes are no longer recorded. */
  end(read: number): void {
    if (read === this.latest) this.changes = null;
  }
}
