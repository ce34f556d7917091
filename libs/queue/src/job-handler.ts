import { SetMetadata } from '@nestjs/common';
import type { JobName, JobPayloads } from './job-catalogue';

export interface JobContext {
  /** 1 for the first run. */
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

export const JOB_PROCESSOR = Symbol('JOB_PROCESSOR');

/** Marks a provider as the handler of one job; the queue module discovers it at boot. */
export const JobProcessor = (job: JobName): ClassDecorator => SetMetadata(JOB_PROCESSOR, job);
