import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { signWebhook } from '@scrm/connector-webhook';
import { createWebhookChannel, postInbound } from './support/murmur-harness';
import { useWebhookStack } from './support/webhook-stack';
import { ingestCounts, queuedJobs, totalJobs } from './support/db-probe';

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
}

const good = { messageId: 'm-1', sender: { id: 'u-1', name: 'Alice' }, text: 'hello' };

/**
 * The inbound door refuses every malformed or unauthenticated push with a 4xx whose body names the
 * problem, and refuses it before anything is stored or enqueued. The api runs without a worker, so a
 * job enqueued by mistake would still be sitting in Redis when the test looks.
 */
describe('inbound pushes with bad input', () => {
  const s = useWebhookStack('api', 'Bad Input Co');

  async function expectNothingStored(): Promise<void> {
    expect(await ingestCounts(s.db.url)).toEqual({
      inbound_event: 0,
      message: 0,
      conversation: 0,
      contact: 0,
      identity: 0,
      timeline_event: 0,
    });
    expect(totalJobs(await queuedJobs(s.redis.prefix, 'ingest'))).toBe(0);
    expect(totalJobs(await queuedJobs(s.redis.prefix, 'outbound'))).toBe(0);
  }

  const now = (): number => Math.floor(Date.now() / 1000);

  const cases: {
    name: string;
    send: () => Promise<{ status: number; body: unknown }>;
    status: number;
    error: string;
    message: RegExp;
  }[] = [
    {
      name: 'a signature made with another secret',
      send: () => postInbound({ ...s.channel, secret: 'ab'.repeat(32) }, good),
      status: 401,
      error: 'SIGNATURE_INVALID',
      message: /X-Murmur-Signature does not match/,
    },
    {
      name: 'a signature over different bytes',
      send: () => {
        const ts = String(now());
        return postInbound(s.channel, good, {
          timestamp: Number(ts),
          signature: signWebhook(s.channel.secret, ts, '{}'),
        });
      },
      status: 401,
      error: 'SIGNATURE_INVALID',
      message: /X-Murmur-Signature does not match/,
    },
    {
      name: 'a malformed signature header',
      send: () => postInbound(s.channel, good, { signature: 'sha256=not-hex' }),
      status: 401,
      error: 'SIGNATURE_INVALID',
      message: /X-Murmur-Signature/,
    },
    {
      name: 'no signature header',
      send: () => postInbound(s.channel, good, { signature: null }),
      status: 401,
      error: 'SIGNATURE_INVALID',
      message: /missing X-Murmur-Signature/,
    },
    {
      name: 'no timestamp header',
      send: async () => {
        const body = JSON.stringify(good);
        const res = await fetch(s.channel.inboundUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-murmur-signature': signWebhook(s.channel.secret, '', body),
          },
          body,
        });
        return { status: res.status, body: (await res.json()) as unknown };
      },
      status: 401,
      error: 'SIGNATURE_INVALID',
      message: /missing X-Murmur-Timestamp/,
    },
    {
      name: 'a timestamp more than 5 minutes old (correctly signed)',
      send: () => postInbound(s.channel, good, { timestamp: now() - 301 }),
      status: 401,
      error: 'TIMESTAMP_STALE',
      message: /X-Murmur-Timestamp is more than 300 seconds away/,
    },
    {
      name: 'a timestamp more than 5 minutes ahead (correctly signed)',
      send: () => postInbound(s.channel, good, { timestamp: now() + 301 }),
      status: 401,
      error: 'TIMESTAMP_STALE',
      message: /X-Murmur-Timestamp is more than 300 seconds away/,
    },
    {
      name: 'a timestamp that is not unix seconds',
      send: () => postInbound(s.channel, good, { timestamp: Number.NaN }),
      status: 401,
      error: 'TIMESTAMP_STALE',
      message: /X-Murmur-Timestamp must be unix seconds/,
    },
    {
      name: 'malformed JSON (correctly signed)',
      send: () => postInbound(s.channel, '{"messageId": "m-1", "sender": '),
      status: 400,
      error: 'VALIDATION_FAILED',
      message: /not valid JSON/,
    },
    {
      name: 'a JSON array instead of an object',
      send: () => postInbound(s.channel, JSON.stringify([good])),
      status: 400,
      error: 'VALIDATION_FAILED',
      message: /must be a JSON object/,
    },
    {
      name: 'a body over 1 MB (correctly signed)',
      send: () => postInbound(s.channel, { ...good, text: 'x'.repeat(1024 * 1024 + 1) }),
      status: 413,
      error: 'PAYLOAD_TOO_LARGE',
      message: /larger than the 1 MB limit/,
    },
    {
      name: 'an unknown channel id',
      send: () =>
        postInbound(s.channel, good, { url: `${s.api.url}/api/v1/inbound/00000000-0000-4000-8000-000000000000` }),
      status: 404,
      error: 'NOT_FOUND',
      message: /channel not found/,
    },
    {
      name: 'a channel id that is not a UUID',
      send: () => postInbound(s.channel, good, { url: `${s.api.url}/api/v1/inbound/not-a-channel` }),
      status: 404,
      error: 'NOT_FOUND',
      message: /channel not found/,
    },
    {
      name: 'no messageId',
      send: () => postInbound(s.channel, JSON.stringify({ sender: { id: 'u-1' }, text: 'hi' })),
      status: 400,
      error: 'VALIDATION_FAILED',
      message: /messageId must be a non-empty string/,
    },
    {
      name: 'an empty messageId',
      send: () => postInbound(s.channel, { ...good, messageId: ' ' }),
      status: 400,
      error: 'VALIDATION_FAILED',
      message: /messageId must be a non-empty string/,
    },
    {
      name: 'no sender',
      send: () => postInbound(s.channel, JSON.stringify({ messageId: 'm-1', text: 'hi' })),
      status: 400,
      error: 'VALIDATION_FAILED',
      message: /sender must be an object/,
    },
    {
      name: 'a sender without an id',
      send: () => postInbound(s.channel, JSON.stringify({ messageId: 'm-1', sender: { name: 'Alice' }, text: 'hi' })),
      status: 400,
      error: 'VALIDATION_FAILED',
      message: /sender\.id must be a non-empty string/,
    },
    {
      name: 'neither text nor attachments',
      send: () => postInbound(s.channel, JSON.stringify({ messageId: 'm-1', sender: { id: 'u-1' } })),
      status: 400,
      error: 'VALIDATION_FAILED',
      message: /text or attachments must be given/,
    },
    {
      name: 'a text that is not a string',
      send: () => postInbound(s.channel, JSON.stringify({ ...good, text: 42 })),
      status: 400,
      error: 'VALIDATION_FAILED',
      message: /text must be a string/,
    },
    {
      name: 'an unparseable event timestamp',
      send: () => postInbound(s.channel, { ...good, timestamp: 'yesterday' }),
      status: 400,
      error: 'VALIDATION_FAILED',
      message: /timestamp must be an ISO-8601 date-time/,
    },
    {
      name: 'an attachment without an http(s) url',
      send: () => postInbound(s.channel, { ...good, attachments: [{ url: 'file:///etc/passwd' }] }),
      status: 400,
      error: 'VALIDATION_FAILED',
      message: /attachments\[0\]\.url must be an http\(s\) URL/,
    },
  ];

  it.each(cases)('refuses $name with $status and stores nothing', async (c) => {
    const res = await c.send();
    expect(res.status).toBe(c.status);
    const body = res.body as ErrorBody;
    expect(body).toMatchObject({ statusCode: c.status, error: c.error });
    expect(body.message).toMatch(c.message);
    await expectNothingStored();
  });

  it('refuses pushes to a deleted channel', async () => {
    const doomed = await createWebhookChannel(s.tenant.client);
    expect((await s.tenant.client.call('DELETE', `/api/v1/channels/${doomed.id}`)).status).toBe(204);
    const res = await postInbound(doomed, good);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: 'NOT_FOUND', message: 'channel not found' });
    await expectNothingStored();
  });

  it('accepts the same push once it is well-formed and signed (the refusals above were not a broken door)', async () => {
    expect((await postInbound(s.channel, good)).status).toBe(202);
    expect((await ingestCounts(s.db.url)).inbound_event).toBe(1);
    expect(totalJobs(await queuedJobs(s.redis.prefix, 'ingest'))).toBe(1);
  });

  /**
   * A push with a declared length and no content encoding is answered before the HTTP framework; a
   * chunked or compressed one goes through the framework's body parser. Both give the same answers.
   */
  it('answers pushes alike whether they are sent with a length, chunked or compressed', async () => {
    type Framing = 'length' | 'chunked' | 'gzip';
    const send = (
      message: object,
      framing: Framing,
      opts: { secret?: string; requestId?: string } = {},
    ): Promise<{ status: number; headers: Record<string, unknown>; body: unknown }> => {
      const json = JSON.stringify(message);
      const ts = String(now());
      const payload = framing === 'gzip' ? gzipSync(json) : Buffer.from(json);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-murmur-timestamp': ts,
        'x-murmur-signature': signWebhook(opts.secret ?? s.channel.secret, ts, json),
        ...(framing === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
        ...(framing === 'chunked' ? {} : { 'content-length': String(payload.length) }),
        ...(opts.requestId ? { 'x-request-id': opts.requestId } : {}),
      };
      return new Promise((resolve, reject) => {
        const req = httpRequest(s.channel.inboundUrl, { method: 'POST', headers }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: JSON.parse(Buffer.concat(chunks).toString()) as unknown,
            }),
          );
        });
        req.on('error', reject);
        if (framing === 'chunked') {
          // Two chunks, so the request is not sent with a length.
          req.write(payload.subarray(0, 5));
          req.end(payload.subarray(5));
        } else {
          req.end(payload);
        }
      });
    };

    const framings: Framing[] = ['length', 'chunked', 'gzip'];
    for (const framing of framings) {
      const refused = await send(good, framing, { secret: 'cd'.repeat(32), requestId: `req-${framing}` });
      expect(refused.status).toBe(401);
      expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(refused.headers['x-request-id']).toBe(`req-${framing}`);
      expect(refused.body).toMatchObject({
        statusCode: 401,
        error: 'SIGNATURE_INVALID',
        message: expect.stringMatching(/X-Murmur-Signature does not match/) as unknown,
        correlationId: `req-${framing}`,
      });
    }
    expect((await ingestCounts(s.db.url)).inbound_event).toBe(1);

    for (const [i, framing] of framings.entries()) {
      const accepted = await send({ ...good, messageId: `m-framing-${i}` }, framing);
      expect(accepted.status).toBe(202);
      expect(accepted.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(typeof accepted.headers['x-request-id']).toBe('string');
      expect(accepted.body).toEqual({ accepted: true });
    }
    expect((await ingestCounts(s.db.url)).inbound_event).toBe(1 + framings.length);
  });
});
