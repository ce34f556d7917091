import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWechatSend {
  accessToken: string;
  body: { touser?: string; msgtype?: string; text?: { content?: string }; image?: { media_id?: string } };
}

/** A file the fake serves from media/get, or received on media/upload. */
export interface FakeMedia {
  data: Buffer;
  contentType: string;
  filename?: string;
}

/**
 * Serves `/cgi-bin/media/get` and `/cgi-bin/media/upload` as WeChat and WeCom do: the file with its
 * type and a Content-Disposition, or an errcode as JSON (40007 for an unknown or expired media_id).
 */
export function serveMedia(
  req: IncomingMessage,
  res: ServerResponse,
  u: URL,
  body: Buffer,
  media: Map<string, FakeMedia>,
  uploads: (FakeMedia & { type: string; mediaId: string })[],
): boolean {
  const reply = (answer: unknown): void => {
    // WeChat answers media/get failures as JSON labelled text/plain.
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(JSON.stringify(answer));
  };
  if (req.method === 'GET' && u.pathname === '/cgi-bin/media/get') {
    const file = media.get(u.searchParams.get('media_id') ?? '');
    if (!file) {
      reply({ errcode: 40007, errmsg: 'invalid media_id' });
      return true;
    }
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': String(file.data.length),
      ...(file.filename ? { 'content-disposition': `attachment; filename="${file.filename}"` } : {}),
    });
    res.end(file.data);
    return true;
  }
  if (req.method === 'POST' && u.pathname === '/cgi-bin/media/upload') {
    const type = u.searchParams.get('type') ?? '';
    void new Response(body, { headers: { 'content-type': req.headers['content-type'] ?? '' } })
      .formData()
      .then(async (form) => {
        const file = form.get('media');
        if (!(file instanceof Blob)) return reply({ errcode: 41005, errmsg: 'media data missing' });
        const mediaId = `up-${uploads.length + 1}`;
        uploads.push({
          type,
          mediaId,
          data: Buffer.from(await file.arrayBuffer()),
          contentType: file.type,
          filename: (file as File).name,
        });
        reply({ errcode: 0, errmsg: 'ok', type, media_id: mediaId, created_at: Math.floor(Date.now() / 1000) });
      });
    return true;
  }
  return false;
}

/**
 * A loopback stand-in for api.weixin.qq.com: issues access tokens, accepts customer-service sends,
 * and answers with scripted errcodes (HTTP 200 + errcode, as WeChat does).
 */
export class FakeWechatApi {
  readonly sends: FakeWechatSend[] = [];
  tokenRequests = 0;
  /** Files media/get serves, by media_id; any other id answers 40007. */
  readonly media = new Map<string, FakeMedia>();
  readonly uploads: (FakeMedia & { type: string; mediaId: string })[] = [];
  /** errcodes the next send calls answer with, in order (0 = accept). */
  readonly script: number[] = [];
  private current = '';
  private issued = 0;
  private url = '';
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const reply = (body: unknown): void => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method === 'GET' && u.pathname === '/cgi-bin/token') {
        this.tokenRequests++;
        if (u.searchParams.get('appid') !== this.appId || u.searchParams.get('secret') !== this.appSecret) {
          return reply({ errcode: 40013, errmsg: 'invalid appid' });
        }
        this.current = `token-${++this.issued}`;
        return reply({ access_token: this.current, expires_in: 7200 });
      }
      if (req.method === 'POST' && u.pathname === '/cgi-bin/message/custom/send') {
        const token = u.searchParams.get('access_token') ?? '';
        if (token !== this.current) return reply({ errcode: 40001, errmsg: 'invalid credential' });
        const scripted = this.script.shift() ?? 0;
        if (scripted !== 0) return reply({ errcode: scripted, errmsg: `scripted ${scripted}` });
        this.sends.push({ accessToken: token, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        return reply({ errcode: 0, errmsg: 'ok' });
      }
      if (u.pathname.startsWith('/cgi-bin/media/')) {
        if (u.searchParams.get('access_token') !== this.current) {
          return reply({ errcode: 40001, errmsg: 'invalid credential' });
        }
        if (serveMedia(req, res, u, Buffer.concat(chunks), this.media, this.uploads)) return;
      }
      res.writeHead(404).end();
    });
  });

  constructor(
    readonly appId: string,
    readonly appSecret: string,
  ) {}

  get baseUrl(): string {
    return this.url;
  }

  /** WeChat invalidated the token (e.g. another system fetched a new one): the next call answers 40001. */
  revokeToken(): void {
    this.current = 'revoked';
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}
