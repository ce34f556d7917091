import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { InboundHttpRequest } from '@scrm/connector-sdk';
import type { Response } from 'express';
import type { InboundAnswer } from './ingest.service';

/**
 * The HTTP side of the inbound door, shared by `InboundController` and `InboundPushMiddleware`: what the
 * connector is handed of a request, and how its answer is written back.
 */
export function inboundRequestOf(
  req: { method?: string; headers: IncomingHttpHeaders; query: unknown },
  rawBody: Buffer,
): InboundHttpRequest {
  return {
    method: req.method ?? 'POST',
    headers: req.headers as Record<string, string | undefined>,
    query: req.query as Record<string, string | undefined>,
    rawBody,
  };
}

/** Writes the connector's answer to an inbound request. */
export function sendInboundAnswer(res: Response, answer: InboundAnswer): void {
  res.status(answer.status);
  if (answer.contentType) res.type(answer.contentType).send(answer.body);
  else res.json(answer.body ?? {});
}

const JSON_TYPE = 'application/json; charset=utf-8';

/** What `sendInboundAnswer` writes through the framework, written on a bare response. */
export function writeInboundAnswer(res: ServerResponse, answer: InboundAnswer): void {
  const { status, body, contentType } = answer;
  if (contentType && typeof body === 'string') {
    writeBody(res, status, /;\s*charset=/i.test(contentType) ? contentType : `${contentType}; charset=utf-8`, body);
  } else if (contentType && Buffer.isBuffer(body)) {
    writeBody(res, status, contentType, body);
  } else {
    writeInboundJson(res, status, body ?? {});
  }
}

/** A JSON answer (an error body, say) on a bare response. */
export function writeInboundJson(res: ServerResponse, status: number, body: unknown): void {
  writeBody(res, status, JSON_TYPE, JSON.stringify(body));
}

function writeBody(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
