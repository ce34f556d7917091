import { ConnectorError, type ConnectorStore } from '@scrm/connector-sdk';

const REQUEST_TIMEOUT_MS = 10_000;
const TOKEN_KEY = 'access_token';
/** Refresh a little before WeChat's own expiry so a token never dies in flight. */
const TOKEN_MARGIN_S = 300;

/** errcodes meaning "this access token is not valid (any more)": refresh once and retry. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

export interface WechatApiOptions {
  apiBaseUrl: string;
  /** Path and query that fetch an access token (`/cgi-bin/token?...` or WeCom's `/cgi-bin/gettoken?...`). */
  tokenPath: string;
  /** The product's errcodes onto connector errors; `fetchingToken` marks failures of the token call. */
  mapError: (errcode: number, errmsg: string, fetchingToken: boolean) => ConnectorError;
}

interface CachedToken {
  token: string;
}

/**
 * A WeChat / WeCom API client: an access token cached in the channel's shared store (every process
 * uses the same one; WeChat keeps one live token per app), refreshed once when the API says it is
 * invalid or expired, and the HTTP-200-with-errcode answers mapped onto connector errors.
 */
export class WechatApiClient {
  constructor(
    private readonly options: WechatApiOptions,
    private readonly store: ConnectorStore,
  ) {}

  /** POSTs JSON to `path` with the access token; retries once with a fresh token on a token errcode. */
  async post(path: string, body: unknown): Promise<Record<string, unknown>> {
    let token = await this.token(false);
    for (let attempt = 1; ; attempt++) {
      const url = `${this.options.apiBaseUrl}${path}?access_token=${encodeURIComponent(token)}`;
      const answer = await this.request(url, { method: 'POST', body: JSON.stringify(body) });
      const errcode = Number(answer.errcode ?? 0);
      if (errcode === 0) return answer;
      if (TOKEN_ERRCODES.has(errcode) && attempt === 1) {
        await this.forget(token);
        token = await this.token(true);
        continue;
      }
      throw this.options.mapError(errcode, String(answer.errmsg ?? ''), false);
    }
  }

  private async token(force: boolean): Promise<string> {
    if (!force) {
      const cached = await this.store.get<CachedToken>(TOKEN_KEY);
      if (cached?.token) return cached.token;
    }
    const answer = await this.request(`${this.options.apiBaseUrl}${this.options.tokenPath}`, { method: 'GET' });
    const errcode = Number(answer.errcode ?? 0);
    if (errcode !== 0 || typeof answer.access_token !== 'string') {
      throw this.options.mapError(errcode || -1, String(answer.errmsg ?? 'no access_token in the answer'), true);
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
