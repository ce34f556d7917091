import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AppException, errorBody, isUuid } from '@scrm/common';
import { inboundRequestOf, sendInboundAnswer } from './inbound-http';
import { IngestService, type InboundAnswer } from './ingest.service';

const PUSH_PATH = /^\/([^/]+)\/?$/;

/**
 * The inbound push (`POST /api/v1/inbound/:channelId`) served in front of the framework's router:
 * pushes are the hottest route and need none of its layers (the route is public, the body stays raw
 * for the signature check). Same checks, same answers and the same error bodies as
 * `InboundController`, which still documents the route and serves it where this is not mounted.
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
    this.receive(match[1]!, req).then(
      (answer) => sendInboundAnswer(res, answer),
      (err: unknown) => {
        const body = errorBody(err);
        if (body.statusCode >= 500) {
          this.logger.error('inbound push failed', err instanceof Error ? err.stack : String(err));
        }
        res.status(body.statusCode).json(body);
      },
    );
  };

  private receive(channelId: string, req: Request): Promise<InboundAnswer> {
    if (!isUuid(channelId)) return Promise.reject(AppException.notFound('channel'));
    if (!Buffer.isBuffer(req.body)) return Promise.reject(AppException.invalid('request body is missing'));
    return this.ingest.accept(channelId.toLowerCase(), inboundRequestOf(req, req.body));
  }
}
