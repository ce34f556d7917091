import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';

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

/** When and where a {@link WorkerLoop} runs. */
export interface WorkerLoopSchedule {
  /** What the work is, for the log: `sweep`, `purge` … */
  what: string;
  /** Whether this process runs it: the job-consuming (worker) process only. */
  enabled: boolean;
  intervalMs: number;
  /** Also run once at start. */
  runNow?: boolean;
}

/**
 * Background work of the job-consuming process (sweepers, purges): started at application bootstrap,
 * every `intervalMs`, and stopped at shutdown. Subclasses implement `run`.
 */
export abstract class WorkerLoop implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly logger: Logger;
  private readonly task: PeriodicTask;

  protected constructor(
    name: string,
    private readonly schedule: WorkerLoopSchedule,
  ) {
    this.logger = new Logger(name);
    this.task = new PeriodicTask(schedule.what, this.logger);
  }

  /** One pass of the work; must be safe to repeat. */
  protected abstract run(): Promise<unknown>;

  onApplicationBootstrap(): void {
    if (!this.schedule.enabled) return;
    this.task.start(this.schedule.intervalMs, () => this.run(), { runNow: this.schedule.runNow });
  }

  onApplicationShutdown(): void {
    this.task.stop();
  }
}
