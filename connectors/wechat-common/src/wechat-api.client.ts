import { ConnectorError, type ConnectorStore, type FetchedMedia } from '@scrm/connector-sdk';

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

/** A file to upload. */
export interface MediaFile {
  data: Buffer;
  name: string;
  contentType: string;
}

/** WeChat's error answer (`{ errcode, errmsg }` with a non-zero errcode). */
interface WechatError {
  errcode: number;
  errmsg: string;
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
  post(path: string, body: unknown): Promise<Record<string, unknown>> {
    const json = JSON.stringify(body);
    return this.withToken((token) => {
      const url = `${this.options.apiBaseUrl}${path}?access_token=${encodeURIComponent(token)}`;
      return this.request(url, { method: 'POST', body: json });
    }, errorOfAnswer);
  }

  /** Uploads a temporary media file (`/cgi-bin/media/upload?type=…`, multipart field `media`); answers its media_id. */
  async upload(path: string, type: string, file: MediaFile): Promise<string> {
    const answer = await this.withToken((token) => {
      const form = new FormData();
      form.append('media', new Blob([file.data], { type: file.contentType }), file.name);
      const qs = new URLSearchParams({ access_token: token, type });
      return this.request(`${this.options.apiBaseUrl}${path}?${qs}`, { method: 'POST', body: form });
    }, errorOfAnswer);
    if (typeof answer.media_id !== 'string' || answer.media_id === '') {
      throw new ConnectorError('TEMPORARY', 'WeChat API answered the upload without a media_id');
    }
    return answer.media_id;
  }

  /**
   * Runs one call with the cached token, and once more with a fresh token when WeChat rejects it.
   * `errorOf` finds WeChat's error answer in a result (undefined: the call succeeded).
   */
  private async withToken<T>(
    call: (token: string) => Promise<T>,
    errorOf: (result: T) => WechatError | undefined,
  ): Promise<T> {
    let token = await this.token(false);
    for (let attempt = 1; ; attempt++) {
      const result = await call(token);
      const error = errorOf(result);
      if (!error) return result;
      if (TOKEN_ERRCODES.has(error.errcode) && attempt === 1) {
        await this.forget(token);
        token = await this.token(true);
        continue;
      }
      throw this.options.mapError(error.errcode, error.errmsg, false);
    }
  }

  /**
   * GETs a media file (`/cgi-bin/media/get`) with the access token, reading at most `maxBytes`. WeChat
   * answers a failure as JSON with an errcode instead of the file; a token errcode refreshes once.
   */
  async download(path: string, query: Record<string, string>, maxBytes: number): Promise<FetchedMedia> {
    const { res, contentType } = await this.withToken(
      async (token) => {
        const qs = new URLSearchParams({ access_token: token, ...query });
        const res = await this.fetch(`${this.options.apiBaseUrl}${path}?${qs}`, { method: 'GET' });
        const contentType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
        const isAnswer = contentType === 'application/json' || contentType === 'text/plain' || contentType === '';
        return { res, contentType, answer: isAnswer ? parseJsonObject(await res.text().catch(() => '')) : undefined };
      },
      // A JSON answer instead of the file is always a failure.
      ({ answer }) =>
        answer && { errcode: Number(answer.errcode ?? -1), errmsg: String(answer.errmsg ?? 'no file in the answer') },
    );
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new ConnectorError('INVALID', `the file (${declared} bytes) is larger than the ${maxBytes}-byte limit`);
    }
    const data = await readCapped(res, maxBytes);
    const name = fileNameOf(res.headers.get('content-disposition'));
    return { data, contentType, ...(name ? { name } : {}) };
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

  private async request(
    url: string,
    init: { method: string; body?: string | FormData },
  ): Promise<Record<string, unknown>> {
    const res = await this.fetch(url, init);
    return parseJsonObject(await res.text().catch(() => ''));
  }

  /** One HTTP call; transport failures and non-200 statuses become connector errors. */
  private async fetch(url: string, init: { method: string; body?: string | FormData }): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: typeof init.body === 'string' ? { 'content-type': 'application/json; charset=utf-8' } : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new ConnectorError('TEMPORARY', 'WeChat API unreachable', { cause: err });
    }
    if (res.status === 200) return res;
    await res.body?.cancel().catch(() => undefined);
    if (res.status === 429) throw new ConnectorError('RATE_LIMITED', 'WeChat API answered HTTP 429');
    if (res.status >= 500) throw new ConnectorError('TEMPORARY', `WeChat API answered HTTP ${res.status}`);
    throw new ConnectorError('INVALID', `WeChat API answered HTTP ${res.status}`);
  }
}

/** The error a JSON answer reports, if any (errcode absent or 0: success). */
function errorOfAnswer(answer: Record<string, unknown>): WechatError | undefined {
  const errcode = Number(answer.errcode ?? 0);
  return errcode === 0 ? undefined : { errcode, errmsg: String(answer.errmsg ?? '') };
}

function parseJsonObject(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object') return parsed as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ConnectorError('TEMPORARY', 'WeChat API answered with a body that is not JSON');
}

/** Reads the body, giving up as soon as it passes `maxBytes` (the declared length may be absent). */
async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  if (!res.body) return Buffer.alloc(0);
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new ConnectorError('INVALID', `the file is larger than the ${maxBytes}-byte limit`);
      }
      chunks.push(Buffer.from(value));
    }
  } catch (err) {
    if (err instanceof ConnectorError) throw err;
    throw new ConnectorError('TEMPORARY', 'the file download was interrupted', { cause: err });
  }
  return Buffer.concat(chunks);
}

/** `attachment; filename="a.jpg"` → `a.jpg` (path parts and control characters dropped). */
function fileNameOf(disposition: string | null): string | undefined {
  const m = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition) : null;
  if (!m) return undefined;
  let name = m[1]!;
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep it as sent
  }
  name = [...name]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '/' && ch !== '\\')
    .join('')
    .slice(0, 200);
  return name === '' ? undefined : name;
}
