import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppException } from './app.exception';
import { currentCorrelationId } from './correlation';
import { LOGGER } from './logger.tokens';

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  correlationId?: string;
}

const HTTP_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Maps every error onto one JSON shape with a correlation id; unexpected errors are logged with cause. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const body = errorBody(exception);
    if (body.statusCode >= 500) {
      this.logger.error({ err: exception, path: req.path }, 'request failed');
    }
    res.status(body.statusCode).json(body);
  }
}

/** The JSON error answer for any exception, with the request's correlation id. */
export function errorBody(exception: unknown): ErrorBody {
  return { ...bodyOf(exception), correlationId: currentCorrelationId() };
}

function bodyOf(exception: unknown): ErrorBody {
  if (exception instanceof AppException) {
    return {
      statusCode: exception.status,
      error: exception.code,
      message: exception.message,
      details: exception.details,
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    let message = exception.message;
    if (typeof response === 'object' && response !== null && 'message' in response) {
      const m = (response as { message: unknown }).message;
      message = Array.isArray(m) ? m.join('; ') : String(m);
    }
    return { statusCode: status, error: HTTP_CODES[status] ?? 'HTTP_ERROR', message };
  }
  if (isBodyParserError(exception)) {
    const status = exception.status;
    const message =
      exception.type === 'entity.too.large'
        ? 'request body is larger than the 1 MB limit'
        : exception.type === 'entity.parse.failed'
          ? 'request body is not valid JSON'
          : exception.message;
    return { statusCode: status, error: HTTP_CODES[status] ?? 'HTTP_ERROR', message };
  }
  return { statusCode: 500, error: 'INTERNAL', message: 'internal error' };
}

function isBodyParserError(e: unknown): e is { status: number; type: string; message: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { status?: unknown }).status === 'number' &&
    typeof (e as { type?: unknown }).type === 'string' &&
    (e as { status: number }).status < 500
  );
}
