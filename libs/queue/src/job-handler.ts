import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayloads } from './job-catalogue';

export interface JobContext {
  /** 1 for the first run. Runs put off by a `DeferJobError` do not count. */
  attempt: number;
  maxAttempts: number;
  readonly isFinalAttempt: boolean;
}

/** A processor for one job. Handlers re-read state and return early when it has moved on. */
export interface JobHandler<N extends JobName> {
  handle(payload: JobPayloads[N], ctx: JobContext): Promise<void>;
}

/** Thrown by a handler when retrying cannot help (bad data, revoked credentials). */
export class UnrecoverableJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnrecoverableJobError';
  }
}

/**
 * Thrown by a handler to run the job again after `delayMs` — e.g. at a platform's rate-limit reset —
 * without using up one of its attempts. A job put off more than `MAX_JOB_DEFERRALS` times is failed
 * like an ordinary error instead (with `cause`), so nothing can be put off forever.
 */
export class DeferJobError extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeferJobError';
  }
}

/** How many times one job may be put off by `DeferJobError` before a deferral counts as a failure. */
export const MAX_JOB_DEFERRALS = 50;

export const JOB_PROCESSOR = Symbol('JOB_PROCESSOR');

/** Marks a provider as the handler of one job; the queue module discovers it at boot. */
export const JobProcessor = (job: JobName): ClassDecorator => SetMetadata(JOB_PROCESSOR, job);
