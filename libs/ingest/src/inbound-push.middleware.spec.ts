import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage } from 'node:http';
import { AppException } from '@scrm/common';
import type { InboundHttpRequest } from '@scrm/connector-sdk';
import { InboundPushMiddleware } from './inbound-push.middleware';
import type { InboundAnswer, IngestService } from './ingest.service';

const CHANNEL = '0b8a3f5e-2c1d-4e6f-9a7b-1c2d3e4f5a6b';

class FakeIngest {
  calls: { channelId: string; request: InboundHttpRequest }[] = [];
  answer: InboundAnswer | Error = { status: 202, body: { accepted: true } };

  accept(channelId: string, request: InboundHttpRequest): Promise<InboundAnswer> {
    this.calls.push({ channelId, request });
    return this.answer instanceof Error ? Promise.reject(this.answer) : Promise.resolve(this.answer);
  }
}

class FakeResponse {
  statusCode = 0;
  body: unknown;
  contentType: string | undefined;
  done!: Promise<void>;
  private finish!: () => void;

  constructor() {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  status(code: number): this {
    this.statusCode = code;
    return this;
  }
  type(t: string): this {
    this.contentType = t;
    return this;
  }
  json(body: unknown): this {
    this.body = body;
    this.finish();
    return this;
  }
  send(body: unknown): this {
    this.body = body;
    this.finish();
    return this;
  }
}

function setup(): { ingest: FakeIngest; middleware: InboundPushMiddleware } {
  const ingest = new FakeIngest();
  return { ingest, middleware: new InboundPushMiddleware(ingest as unknown as IngestService) };
}

function request(method: string, path: string, body: unknown = Buffer.from('{}')): Request {
  return { method, path, body, headers: { 'x-murmur-timestamp': '1' }, query: {} } as unknown as Request;
}

describe('InboundPushMiddleware', () => {
  it('hands a POST to a channel id to the ingest door and writes its answer', async () => {
    const { ingest, middleware } = setup();
    const res = new FakeResponse();
    const next = jest.fn();
    middleware.handle(request('POST', `/${CHANNEL.toUpperCase()}`), res as unknown as Response, next as NextFunction);
    await res.done;
    expect(next).not.toHaveBeenCalled();
    expect(ingest.calls).toHaveLength(1);
    expect(ingest.calls[0]!.channelId).toBe(CHANNEL);
    expect(ingest.calls[0]!.request.rawBody.toString()).toBe('{}');
    expect(res.statusCode).toBe(202);
    expect(res.body).toEqual({ accepted: true });
  });

  it('writes a text answer with its content type (WeChat channels)', async () => {
    const { ingest, middleware } = setup();
    ingest.answer = { status: 200, body: 'success', contentType: 'text/plain' };
    const res = new FakeResponse();
    middleware.handle(request('POST', `/${CHANNEL}`), res as unknown as Response, jest.fn() as NextFunction);
    await res.done;
    expect(res.contentType).toBe('text/plain');
    expect(res.body).toBe('success');
  });

  it('leaves everything but a POST to one path segment to the router', () => {
    const { ingest, middleware } = setup();
    for (const req of [request('GET', `/${CHANNEL}`), request('POST', '/'), request('POST', `/${CHANNEL}/x`)]) {
      const next = jest.fn();
      middleware.handle(req, new FakeResponse() as unknown as Response, next as NextFunction);
      expect(next).toHaveBeenCalledTimes(1);
    }
    expect(ingest.calls).toHaveLength(0);
  });

  it('answers 404 for an id that is not a UUID, without asking the ingest door', async () => {
    const { ingest, middleware } = setup();
    const res = new FakeResponse();
    middleware.handle(request('POST', '/not-a-channel'), res as unknown as Response, jest.fn() as NextFunction);
    await res.done;
    expect(res.statusCode).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND', message: 'channel not found' });
    expect(ingest.calls).toHaveLength(0);
  });

  it('answers a rejection with the same error body as the rest of the API', async () => {
    const { ingest, middleware } = setup();
    ingest.answer = new AppException('SIGNATURE_INVALID', 'X-Murmur-Signature does not match the request body');
    const res = new FakeResponse();
    middleware.handle(request('POST', `/${CHANNEL}`), res as unknown as Response, jest.fn() as NextFunction);
    await res.done;
    expect(res.statusCode).toBe(401);
    expect(res.body).toMatchObject({ statusCode: 401, error: 'SIGNATURE_INVALID' });
  });

  it('refuses a request whose body was not read as raw bytes', async () => {
    const { middleware } = setup();
    const res = new FakeResponse();
    middleware.handle(request('POST', `/${CHANNEL}`, {}), res as unknown as Response, jest.fn() as NextFunction);
    await res.done;
    expect(res.statusCode).toBe(400);
  });

  it('takes only a POST to one channel with a declared length within the limit and no encoding directly', () => {
    const { middleware } = setup();
    const raw = (method: string, url: string, headers: Record<string, string> = { 'content-length': '2' }) =>
      middleware.directPush({ method, url, headers } as unknown as IncomingMessage, 100);
    expect(raw('POST', `/api/v1/inbound/${CHANNEL}`)).toEqual({ channelId: CHANNEL, query: '' });
    expect(raw('POST', `/api/v1/inbound/${CHANNEL}/?signature=a&nonce=b`)).toEqual({
      channelId: CHANNEL,
      query: 'signature=a&nonce=b',
    });
    expect(
      raw('POST', `/api/v1/inbound/${CHANNEL}`, { 'content-length': '5', 'content-encoding': 'identity' }),
    ).toEqual({ channelId: CHANNEL, query: '' });
    // Everything else goes through the framework, which parses, inflates or refuses it.
    expect(raw('GET', `/api/v1/inbound/${CHANNEL}`)).toBeUndefined();
    expect(raw('POST', `/api/v1/inbound/${CHANNEL}/x`)).toBeUndefined();
    expect(raw('POST', `/api/v1/inbounds/${CHANNEL}`)).toBeUndefined();
    expect(raw('POST', `/api/v1/conversations/${CHANNEL}`)).toBeUndefined();
    expect(raw('POST', `/api/v1/inbound/${CHANNEL}`, {})).toBeUndefined();
    expect(raw('POST', `/api/v1/inbound/${CHANNEL}`, { 'content-length': '101' })).toBeUndefined();
    expect(
      raw('POST', `/api/v1/inbound/${CHANNEL}`, { 'content-length': '5', 'content-encoding': 'gzip' }),
    ).toBeUndefined();
  });
});
