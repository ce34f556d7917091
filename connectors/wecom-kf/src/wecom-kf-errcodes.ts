import { ConnectorError } from '@scrm/connector-sdk';

/** WeCom's errcodes for the WeChat Customer Service API onto the connector vocabulary. */
export function mapKfErrcode(errcode: number, errmsg: string, fetchingToken = false): ConnectorError {
  const reason = (text: string): string => `WeCom errcode ${errcode}: ${text}`;
  if (errcode === -1) return new ConnectorError('TEMPORARY', reason('system busy, try again later'));
  if (errcode === 40014 || errcode === 42001) {
    return new ConnectorError('AUTH_REVOKED', reason('the access token is rejected even after a refresh'));
  }
  if (errcode === 40001 || errcode === 40013 || errcode === 41002 || errcode === 41004) {
    return new ConnectorError('AUTH_REVOKED', reason('the CorpID or Customer Service secret is wrong'));
  }
  if (errcode === 60020) {
    return new ConnectorError('AUTH_REVOKED', reason('this server IP is not trusted by the WeCom application'));
  }
  if (errcode === 48002 || errcode === 48004) {
    return new ConnectorError('AUTH_REVOKED', reason('the API is not authorized for this secret'));
  }
  if (errcode === 45009 || errcode === 45033) {
    return new ConnectorError('RATE_LIMITED', reason('API call frequency limit reached'), { retryAfterMs: 60_000 });
  }
  if (errcode >= 95000 && errcode <= 95099) {
    return new ConnectorError(
      'INVALID',
      reason('WeChat Customer Service refused the message (session state, 48-hour window or 5-message limit)'),
    );
  }
  if (errcode === 40003 || errcode === 40096) {
    return new ConnectorError('NOT_FOUND', reason('the customer (external_userid) is not known to this account'));
  }
  if (errcode === 40008 || errcode === 44004 || errcode === 45002) {
    return new ConnectorError('INVALID', reason('the message was refused as malformed or too long'));
  }
  return new ConnectorError(
    fetchingToken ? 'AUTH_REVOKED' : 'UNKNOWN',
    reason(errmsg.replace(/[^\w .,:;()-]/g, '').slice(0, 120) || 'unknown error'),
  );
}
