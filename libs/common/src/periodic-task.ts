/**
 * Runs a piece of background work every `intervalMs` without keeping the process alive. A failed run
 * is logged and the next one still happens; the work itself must be safe to repeat.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly what: string,
    private readonly logger: { warn(message: string): void },
  ) {}

  start(intervalMs: number, work: () => Promise<unknown>, options: { runNow?: boolean } = {}): void {
    this.stop();
    const tick = (): void => {
      work().catch((err: unknown) => this.logger.warn(`${this.what} failed: ${String(err)}`));
    };
    this.timer = setInterval(tick, intervalMs);
    this.timer.unref();
    if (options.runNow) tick();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
