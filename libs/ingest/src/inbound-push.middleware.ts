import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { AppException, errorBody, isUuid, requestContext } from '@scrm/common';
import type { InboundHttpRequest } from '@scrm/connector-sdk';
import { inboundRequestOf, sendInboundAnswer, writeInboundAnswer, writeInboundJson } from './inbound-http';
import { IngestService, type InboundAnswer } from './ingest.service';

/** Where the inbound route is mounted, and the one path segment after it. */
export const INBOUND_PREFIX = '/api/v1/inbound';
const PUSH_PATH = /^\/([^/]+)\/?$/;

/** A push that can be answered without the framework: its channel id and its query string. */
export interface DirectPush {
  channelId: string;
  query: string;
}

/**
 * The inbound push (`POST /api/v1/inbound/:channelId`) served in front of the framework's router:
 * pushes are the hottest route and need none of its layers (the route is public, the body stays raw
 * for the signature check). Same checks, same answers and the same error bodies as
 * `InboundController`, which still documents the route and serves it where this is not mounted.
 *
 * Two doors: `directPush` picks the common push (a declared length within the limit, no content
 * encoding) and `serveDirect` answers it straight from the HTTP server, before the framework sees it;
 * `handle`, mounted after the framework's raw body parser, takes every other push (chunked,
 * compressed, too large: the parser inflates them or answers 413).
 */
@Injectable()
export class InboundPushMiddleware {
  private readonly logger = new Logger('InboundPush');

  constructor(private readonly ingest: IngestService) {}

  /** Mounted at the inbound prefix after the raw body parser; anything but a push goes on. */
  readonly handle = (req: Request, res: Response, next: NextFunction): void => {
    const match = req.method === 'POST' ? PUSH_PATH.exec(req.path) : null;
    if (!match) {
      next();
      return;
    }
    const body = req.body as unknown;
    this.receive(match[1]!, Buffer.isBuffer(body) ? inboundRequestOf(req, body) : undefined).then(
      (a) => sendInboundAnswer(res, a),
      (err: unknown) => {
        const e = this.errorOf(err);
        res.status(e.statusCode).json(e);
      },
    );
  };

  /**
   * The push this request is, when it can be served by `serveDirect`; undefined sends it through the
   * framework. `limit` is the body limit in bytes.
   */
  directPush(req: IncomingMessage, limit: number): DirectPush | undefined {
    const url = req.url;
    if (req.method !== 'POST' || url === undefined || !url.startsWith(INBOUND_PREFIX)) return undefined;
    const q = url.indexOf('?');
    const match = PUSH_PATH.exec(url.slice(INBOUND_PREFIX.length, q < 0 ? undefined : q));
    if (!match) return undefined;
    const length = req.headers['content-length'];
    const encoding = req.headers['content-encoding'];
    if (length === undefined || !(Number(length) <= limit)) return undefined;
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return undefined;
    return { channelId: match[1]!, query: q < 0 ? '' : url.slice(q + 1) };
  }

  /** Reads the body of a push `directPush` accepted and writes the answer. */
  serveDirect(push: DirectPush, req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
    });
    // A client that goes away mid-body gets no answer; the server closes the socket.
    req.on('error', () => undefined);
    // The answer runs in the caller's request context (its correlation id), not the socket's. (Taken
    // and restored by hand: AsyncResource.bind costs a deprecation check on every call.)
    const context = requestContext.getStore();
    const answer = (): void => {
      const rawBody = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      const request = inboundRequestOf(
        { method: 'POST', headers: req.headers, query: parseQuery(push.query) },
        rawBody,
      );
      this.receive(push.channelId, request).then(
        (a) => writeInboundAnswer(res, a),
        (err: unknown) => {
          const e = this.errorOf(err);
          writeInboundJson(res, e.statusCode, e);
        },
      );
    };
    req.on('end', () => (context ? requestContext.run(context, answer) : answer()));
  }

  private receive(channelId: string, request: InboundHttpRequest | undefined): Promise<InboundAnswer> {
    if (!isUuid(channelId)) return Promise.reject(AppException.notFound('channel'));
    if (!request) return Promise.reject(AppException.invalid('request body is missing'));
    return this.ingest.accept(channelId.toLowerCase(), request);
  }

  private errorOf(err: unknown): ReturnType<typeof errorBody> {
    const body = errorBody(err);
    if (body.statusCode >= 500) {
      this.logger.error('inbound push failed', err instanceof Error ? err.stack : String(err));
    }
    return body;
  }
}
