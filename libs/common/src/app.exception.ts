/**
 * The one exception type the domain throws. `code` is stable and machine-readable; the HTTP status is
 * chosen here so that controllers never decide it inline.
 */
export type AppErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'SIGNATURE_INVALID'
  | 'TIMESTAMP_STALE'
  | 'REPLAYED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

const STATUS: Record<AppErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  SIGNATURE_INVALID: 401,
  TIMESTAMP_STALE: 401,
  REPLAYED: 409,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export class AppException extends Error {
  readonly status: number;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown; details?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppException';
    this.status = STATUS[code];
    this.details = options?.details;
  }

  readonly details: unknown;

  static notFound(what: string): AppException {
    return new AppException('NOT_FOUND', `${what} not found`);
  }

  static invalid(message: string, details?: unknown): AppException {
    return new AppException('VALIDATION_FAILED', message, { details });
  }
}
