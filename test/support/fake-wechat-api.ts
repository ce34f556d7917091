import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeWechatSend {
  accessToken: string;
  body: { touser?: string; msgtype?: string; text?: { content?: string } };
}

/**
 * A loopback stand-in for api.weixin.qq.com: issues access tokens, accepts customer-service sends,
 * and answers with scripted errcodes (HTTP 200 + errcode, as WeChat does).
 */
export class FakeWechatApi {
  readonly sends: FakeWechatSend[] = [];
  tokenRequests = 0;
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
