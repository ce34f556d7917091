import { ConnectorError, type ConnectorStore } from '@scrm/connector-sdk';

const REQUEST_TIMEOUT_MS = 10_000;
const TOKEN_KEY = 'access_token';
/** Refresh a little before WeChat's own expiry so a token never dies in flight. */
const TOKEN_MARGIN_S = 300;

/** errcodes meaning "this access token is not valid (any more)": refresh once and retry. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

export interface WechatCredentials {
  apiBaseUrl: string;
  appId: string;
  appSecret: string;
}

interface CachedToken {
  token: string;
}

/**
 * The Official Account API as a small client: an access token cached in the channel's shared store
 * (every process uses the same one; WeChat allows one live token per app), refreshed when WeChat says
 * it is invalid or expired, and WeChat's HTTP-200-with-errcode answers mapped onto connector errors.
 */
export class WechatApiClient {
  constructor(
    private readonly creds: WechatCredentials,
    private readonly store: ConnectorStore,
  ) {}

  /** POSTs JSON to `path` with the access token; retries once with a fresh token on a token errcode. */
  async post(path: string, body: unknown): Promise<Record<string, unknown>> {
    let token = await this.token(false);
    for (let attempt = 1; ; attempt++) {
      const url = `${this.creds.apiBaseUrl}${path}?access_token=${encodeURIComponent(token)}`;
      const answer = await this.request(url, { method: 'POST', body: JSON.stringify(body) });
      const errcode = Number(answer.errcode ?? 0);
      if (errcode === 0) return answer;
      if (TOKEN_ERRCODES.has(errcode) && attempt === 1) {
        await this.forget(token);
        token = await this.token(true);
        continue;
      }
      throw mapErrcode(errcode, String(answer.errmsg ?? ''));
    }
  }

  private async token(force: boolean): Promise<string> {
    if (!force) {
      const cached = await this.store.get<CachedToken>(TOKEN_KEY);
      if (cached?.token) return cached.token;
    }
    const url =
      `${this.creds.apiBaseUrl}/cgi-bin/token?grant_type=client_credential` +
      `&appid=${encodeURIComponent(this.creds.appId)}&secret=${encodeURIComponent(this.creds.appSecret)}`;
    const answer = await this.request(url, { method: 'GET' });
    const errcode = Number(answer.errcode ?? 0);
    if (errcode !== 0 || typeof answer.access_token !== 'string') {
      throw mapErrcode(errcode || -1, String(answer.errmsg ?? 'no access_token in the answer'), true);
    }
    const expiresIn = Number(answer.expires_in) || 7200;
    await this.store.set(TOKEN_KEY, { token: answer.access_token }, Math.max(60, expiresIn - TOKEN_MARGIN_S) * 1000);
    return answer.access_token;
  }

  /** Drops the cached token only if it is still the one that failed (another process may have refreshed). */
  private async forget(token: string): Promise<void> {
    const cached = await this.store.get<CachedToken>(TOKEN_KEY);
    if (cached?.token === token) await this.store.delete(TOKEN_KEY);
  }

  private async request(url: string, init: { method: string; body?: string }): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: init.body ? { 'content-type': 'application/json; charset=utf-8' } : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new ConnectorError('TEMPORARY', 'WeChat API unreachable', { cause: err });
    }
    const text = await res.text().catch(() => '');
    if (res.status === 429) throw new ConnectorError('RATE_LIMITED', 'WeChat API answered HTTP 429');
    if (res.status >= 500) throw new ConnectorError('TEMPORARY', `WeChat API answered HTTP ${res.status}`);
    if (res.status !== 200) throw new ConnectorError('INVALID', `WeChat API answered HTTP ${res.status}`);
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
    } catch {
      // fall through
    }
    throw new ConnectorError('TEMPORARY', 'WeChat API answered with a body that is not JSON');
  }
}

/** WeChat's errcodes (documented on the global return-code page) onto the connector vocabulary. */
export function mapErrcode(errcode: number, errmsg: string, fetchingToken = false): ConnectorError {
  const reason = (text: string): string => `WeChat errcode ${errcode}: ${text}`;
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
