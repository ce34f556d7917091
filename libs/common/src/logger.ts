import pino, { type Logger } from 'pino';
import type { LoggerService } from '@nestjs/common';
import { requestContext } from './correlation';

/**
 * Structured logs. The mixin adds the correlation and workspace ids of the current request or job;
 * callers must never pass message text, tokens or personal data.
 */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    base: { pid: process.pid },
    mixin() {
      const ctx = requestContext.getStore();
      return ctx ? { correlationId: ctx.correlationId, workspaceId: ctx.workspaceId } : {};
    },
  });
}

/** Adapts pino to Nest's logger so framework messages come out in the same format. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
