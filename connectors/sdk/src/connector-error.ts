/** The one vocabulary every connector maps its platform's errors onto. */
export type ConnectorErrorCode = 'RATE_LIMITED' | 'TEMPORARY' | 'AUTH_REVOKED' | 'NOT_FOUND' | 'INVALID' | 'UNKNOWN';

const RETRYABLE: ReadonlySet<ConnectorErrorCode> = new Set(['RATE_LIMITED', 'TEMPORARY', 'UNKNOWN']);

export class ConnectorError extends Error {
  constructor(
    readonly code: ConnectorErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number; resetAt?: Date; platformCode?: number | string },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.retryAfterMs = options?.retryAfterMs;
    this.resetAt = options?.resetAt;
    this.platformCode = options?.platformCode;
  }

  /** The platform's own error code (e.g. a WeCom `errcode`), for decisions that depend on one code. */
  readonly platformCode: number | string | undefined;

  /** A hint: how long to wait before trying again. */
  readonly retryAfterMs: number | undefined;
  /**
   * For RATE_LIMITED: the moment the platform itself says its limit lifts (e.g. X's
   * `x-rate-limit-reset`). The outbound queue then sends again at that moment, without using up
   * one of the message's attempts, and the channel shows `rate_limited` until then.
   */
  readonly resetAt: Date | undefined;

  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}

/**
 * An inbound platform request the connector refuses (bad signature, stale timestamp, malformed body).
 * `status` is the HTTP status to answer with; nothing is stored.
 */
export class InboundRejection extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415,
    readonly reason: 'SIGNATURE_INVALID' | 'TIMESTAMP_STALE' | 'REPLAYED' | 'VALIDATION_FAILED' | 'FORBIDDEN',
    message: string,
  ) {
    super(message);
    this.name = 'InboundRejection';
  }
}
