import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveMedia, type FakeMedia } from './fake-wechat-api';

export interface FakeKfMessage {
  msgid: string;
  open_kfid: string;
  external_userid?: string;
  send_time: number;
  origin: number;
  msgtype: string;
  text?: { content: string };
  image?: { media_id: string };
  voice?: { media_id: string };
  file?: { media_id: string };
  event?: Record<string, string>;
}

/**
 * A loopback stand-in for qyapi.weixin.qq.com's WeChat Customer Service API: access tokens,
 * `kf/sync_msg` over a message log with an opaque cursor (two per page), and `kf/send_msg` which
 * appends the servicer's message to the log as WeCom does.
 */
export class FakeWecomKfApi {
  readonly log: FakeKfMessage[] = [];
  readonly sends: Record<string, unknown>[] = [];
  readonly syncCalls: { cursor: string; token: string }[] = [];
  tokenRequests = 0;
  /** Customer profiles kf/customer/batchget answers with (unionid when bound to an Open Platform). */
  readonly customers = new Map<string, { nickname: string; unionid?: string }>();
  /** The external_userid lists kf/customer/batchget was asked about, one per call. */
  readonly customerRequests: string[][] = [];
  /** Files media/get serves, by media_id; any other id answers 40007. */
  readonly media = new Map<string, FakeMedia>();
  readonly uploads: (FakeMedia & { type: string; mediaId: string })[] = [];
  /** errcodes the next send calls answer with (0 = accept). */
  readonly script: number[] = [];
  private current = '';
  private url = '';
  private seq = 0;
  private readonly server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const reply = (body: unknown): void => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const raw = Buffer.concat(chunks);
      const isJson = (req.headers['content-type'] ?? '').includes('json');
      const body = raw.length && isJson ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
      if (u.pathname === '/cgi-bin/gettoken') {
        this.tokenRequests++;
        if (u.searchParams.get('corpid') !== this.corpId || u.searchParams.get('corpsecret') !== this.secret) {
          return reply({ errcode: 40001, errmsg: 'invalid secret' });
        }
        // WeCom hands out the same token again while it is valid.
        if (this.current === '' || this.current === 'revoked') this.current = `kf-token-${this.tokenRequests}`;
        return reply({ errcode: 0, errmsg: 'ok', access_token: this.current, expires_in: 7200 });
      }
      if (u.searchParams.get('access_token') !== this.current)
        return reply({ errcode: 40014, errmsg: 'invalid token' });
      if (serveMedia(req, res, u, raw, this.media, this.uploads)) return;
      if (u.pathname === '/cgi-bin/kf/customer/batchget') {
        const ids = (body.external_userid_list as string[] | undefined) ?? [];
        this.customerRequests.push(ids);
        return reply({
          errcode: 0,
          errmsg: 'ok',
          customer_list: ids.flatMap((id) => {
            const c = this.customers.get(id);
            return c
              ? [{ external_userid: id, nickname: c.nickname, avatar: '', gender: 0, unionid: c.unionid ?? '' }]
              : [];
          }),
          invalid_external_userid: ids.filter((id) => !this.customers.has(id)),
        });
      }
      if (u.pathname === '/cgi-bin/kf/sync_msg') {
        const cursor = String(body.cursor ?? '');
        this.syncCalls.push({ cursor, token: String(body.token ?? '') });
        const from = cursor === '' ? 0 : Number(cursor.replace('c', ''));
        const page = this.log.slice(from, from + 2);
        const next = from + page.length;
        return reply({
          errcode: 0,
          errmsg: 'ok',
          next_cursor: `c${next}`,
          has_more: next < this.log.length ? 1 : 0,
          msg_list: page,
        });
      }
      if (u.pathname === '/cgi-bin/kf/send_msg') {
        const scripted = this.script.shift() ?? 0;
        if (scripted !== 0) return reply({ errcode: scripted, errmsg: `scripted ${scripted}` });
        this.sends.push(body);
        const msgid = `srv-${++this.seq}`;
        this.log.push({
          msgid,
          open_kfid: String(body.open_kfid),
          external_userid: String(body.touser),
          send_time: Math.floor(Date.now() / 1000),
          origin: 5,
          msgtype: String(body.msgtype),
          ...(body.msgtype === 'image'
            ? { image: { media_id: String((body.image as { media_id?: string } | undefined)?.media_id) } }
            : { text: { content: String((body.text as { content?: string } | undefined)?.content ?? '') } }),
        });
        return reply({ errcode: 0, errmsg: 'ok', msgid });
      }
      res.writeHead(404).end();
    });
  });

  constructor(
    readonly corpId: string,
    readonly secret: string,
  ) {}

  get baseUrl(): string {
    return this.url;
  }

  /** WeCom invalidated the token: the next call answers 40014. */
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
