import { ConnectorError } from '@scrm/connector-sdk';
import { mapMediaErrcode } from '@scrm/connector-wechat-common';

/** WeChat's errcodes (documented on the global return-code page) onto the connector vocabulary. */
export function mapErrcode(errcode: number, errmsg: string, fetchingToken = false): ConnectorError {
  const reason = (text: string): string => `WeChat errcode ${errcode}: ${text}`;
  const media = mapMediaErrcode(errcode, reason);
  if (media) return media;
  switch (errcode) {
    case -1:
      return new ConnectorError('TEMPORARY', reason('system busy, try again later'));
    case 40001:
    case 40014:
    case 42001:
      return new ConnectorError('AUTH_REVOKED', reason('the access token is rejected even after a refresh'));
    case 40013:
    case 40125:
    case 41004:
      return new ConnectorError('AUTH_REVOKED', reason('the AppID or AppSecret is wrong'));
    case 40164:
    case 61004:
      return new ConnectorError('AUTH_REVOKED', reason('this server IP is not in the account IP whitelist'));
    case 48001:
      return new ConnectorError('AUTH_REVOKED', reason('the account is not authorized for this API'));
    case 45015:
      return new ConnectorError(
        'INVALID',
        reason('outside the 48-hour reply window: the user has not messaged the account in the last 48 hours'),
      );
    case 45047:
      return new ConnectorError(
        'RATE_LIMITED',
        reason('customer-service message quota reached: too many messages without a reply from the user'),
        { retryAfterMs: 60 * 60 * 1000 },
      );
    case 45009:
      return new ConnectorError('RATE_LIMITED', reason('the daily API call quota is used up'), {
        retryAfterMs: 60 * 60 * 1000,
      });
    case 45011:
      return new ConnectorError('RATE_LIMITED', reason('API calls are too frequent'), { retryAfterMs: 60_000 });
    case 40003:
      return new ConnectorError('NOT_FOUND', reason('the recipient openid is not valid for this account'));
    case 43004:
      return new ConnectorError('INVALID', reason('the recipient does not follow the account'));
    case 40008:
    case 44002:
    case 44003:
    case 45002:
    case 47001:
      return new ConnectorError('INVALID', reason('the message was refused as malformed or too long'));
    default:
      return new ConnectorError(
        fetchingToken ? 'AUTH_REVOKED' : 'UNKNOWN',
        reason(errmsg.replace(/[^\w .,:;()-]/g, '').slice(0, 120) || 'unknown error'),
      );
  }
}
