import { ConnectorError, type ConnectorErrorCode } from '@scrm/connector-sdk';
import { mapMediaErrcode } from '@scrm/connector-wechat-common';

/**
 * The WeChat Customer Service codes (95xxx) of WeCom's global errcode list: all refusals (INVALID) that
 * a retry cannot change.
 */
const KF_REFUSALS: Record<number, string> = {
  95000: 'the open_kfid is not valid: check the channel configuration',
  // Lifts only when the customer writes again, so a retry cannot succeed: final, like the window (95002).
  95001: 'reply limit reached: WeChat allows 5 messages until the customer writes again',
  95002: 'outside the 48-hour reply window: the customer has not written since',
  95004: 'the customer service account (open_kfid) does not exist',
  95007: 'the callback token for sync_msg is not valid',
  95008: 'the callback token for sync_msg has expired',
  95013: 'the conversation has ended',
  95016: 'the session cannot change to that state',
  95018: 'the session state does not allow sending (waiting for or served by a human servicer, or ended)',
};

/** WeCom's errcodes for the WeChat Customer Service API onto the connector vocabulary. */
export function mapKfErrcode(errcode: number, errmsg: string, fetchingToken = false): ConnectorError {
  const reason = (text: string): string => `WeCom errcode ${errcode}: ${text}`;
  const error = (code: ConnectorErrorCode, text: string, retryAfterMs?: number): ConnectorError =>
    new ConnectorError(code, reason(text), { platformCode: errcode, retryAfterMs });
  if (errcode === -1) return error('TEMPORARY', 'system busy, try again later');
  if (errcode === 40014 || errcode === 42001) {
    return error('AUTH_REVOKED', 'the access token is rejected even after a refresh');
  }
  if (errcode === 40001 || errcode === 40013 || errcode === 41002 || errcode === 41004) {
    return error('AUTH_REVOKED', 'the CorpID or Customer Service secret is wrong');
  }
  if (errcode === 60020) {
    return error('AUTH_REVOKED', 'this server IP is not trusted by the WeCom application');
  }
  if (errcode === 48002 || errcode === 48004) {
    return error('AUTH_REVOKED', 'the API is not authorized for this secret');
  }
  if (errcode === 45009 || errcode === 45033) {
    return error('RATE_LIMITED', 'API call frequency limit reached', 60_000);
  }
  if (errcode >= 95000 && errcode <= 95099) {
    return error('INVALID', KF_REFUSALS[errcode] ?? 'WeChat Customer Service refused the request');
  }
  const media = mapMediaErrcode(errcode, reason);
  if (media) return media;
  if (errcode === 40003 || errcode === 40096) {
    return error('NOT_FOUND', 'the customer (external_userid) is not known to this account');
  }
  if (errcode === 40008 || errcode === 44004 || errcode === 45002) {
    return error('INVALID', 'the message was refused as malformed or too long');
  }
  return error(
    fetchingToken ? 'AUTH_REVOKED' : 'UNKNOWN',
    errmsg.replace(/[^\w .,:;()-]/g, '').slice(0, 120) || 'unknown error',
  );
}

/** Whether an error is WeCom's "5 messages until the customer writes again" (95001). */
export function isReplyLimitError(err: unknown): boolean {
  return err instanceof ConnectorError && err.platformCode === 95001;
}
