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
});
