import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { ConnectorError } from '@scrm/connector-sdk';

/** X's answer mapped onto the connector vocabulary; for 429 `retryAfterMs` runs to x-rate-limit-reset. */
export function mapXError(err: unknown, now = Date.now()): ConnectorError {
  if (err instanceof ConnectorError) return err;
  if (err instanceof ApiResponseError) {
    const status = err.code;
    const msg = `X API answered HTTP ${status}`;
    if (status === 429) {
      const reset = err.rateLimit?.reset;
      const retryAfterMs = reset ? Math.max(1000, reset * 1000 - now) : 60_000;
      return new ConnectorError('RATE_LIMITED', msg, {
        cause: err,
        retryAfterMs,
        ...(reset ? { resetAt: new Date(now + retryAfterMs) } : {}),
      });
    }
    if (status === 401 || status === 403) return new ConnectorError('AUTH_REVOKED', msg, { cause: err });
    if (status === 404) return new ConnectorError('NOT_FOUND', msg, { cause: err });
    if (status >= 500 || status === 408) return new ConnectorError('TEMPORARY', msg, { cause: err });
    return new ConnectorError('INVALID', msg, { cause: err });
  }
  if (err instanceof ApiRequestError || err instanceof ApiPartialResponseError) {
    return new ConnectorError('TEMPORARY', 'X API unreachable', { cause: err });
  }
  return new ConnectorError('UNKNOWN', err instanceof Error ? err.message : String(err), { cause: err });
}
