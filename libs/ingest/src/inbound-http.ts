import type { InboundHttpRequest } from '@scrm/connector-sdk';
import type { Request, Response } from 'express';
import type { InboundAnswer } from './ingest.service';

/**
 * The HTTP side of the inbound door, shared by `InboundController` and `InboundPushMiddleware`: what the
 * connector is handed of a request, and how its answer is written back.
 */
export function inboundRequestOf(req: Request, rawBody: Buffer): InboundHttpRequest {
  return {
    method: req.method,
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
