import 'reflect-metadata';
import { ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import express from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { correlationIdFrom, createLogger, PinoNestLogger, requestContext } from '@scrm/common';
import type { AppConfig } from '@scrm/config';
import { INBOUND_PREFIX, InboundPushMiddleware } from '@scrm/ingest';
import { ApiModule } from './api.module';
import { DemoSeeder, type SeedReport } from './demo-seeder.service';

export interface RunningApi {
  app: INestApplication;
  url: string;
  seed: SeedReport | undefined;
  close(): Promise<void>;
}

/** 1 MB, for JSON bodies and inbound pushes alike. */
const BODY_LIMIT = 1024 * 1024;

/** Counts requests being served, so shutdown can wait for them after the listener closes. */
class InFlightRequests {
  private count = 0;
  private waiters: (() => void)[] = [];

  readonly middleware = (_req: express.Request, res: express.Response, next: express.NextFunction): void => {
    this.track(res);
    next();
  };

  track(res: ServerResponse): void {
    this.count++;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      this.count--;
      if (this.count === 0) this.waiters.splice(0).forEach((w) => w());
    };
    res.once('finish', finish);
    res.once('close', finish);
  }

  drained(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }
}

/**
 * Answers the common inbound push (a declared length within the limit, no content encoding) straight
 * from the HTTP server, before the framework's request handling: pushes are the hottest route, and the
 * framework's routing and body reading were an eighth of the api's CPU under load. Same in-flight
 * count, `x-request-id` and correlation id as every other request; everything else goes on to the
 * framework as before.
 */
function serveDirectPushes(server: Server, inFlight: InFlightRequests, push: InboundPushMiddleware): void {
  const handlers = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  if (handlers.length === 0) throw new Error('the HTTP server has no request handler to put pushes in front of');
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const direct = push.directPush(req, BODY_LIMIT);
    if (!direct) {
      for (const handler of handlers) handler.call(server, req, res);
      return;
    }
    inFlight.track(res);
    const correlationId = correlationIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', correlationId);
    requestContext.run({ correlationId }, () => push.serveDirect(direct, req, res));
  });
}

/** REST routes live under /api/v1; the probes stay at the root where orchestrators expect them. */
export function setRoutePrefix(app: INestApplication): void {
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'ready'] });
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Murmur API')
    .setDescription(
      'Murmur: social CRM for listening and engagement. Every route but login, refresh, health and ' +
        "signed inbound pushes takes `Authorization: Bearer <accessToken>` and acts in the token's workspace. " +
        'Realtime: socket.io on the same port (path /socket.io, `auth: { token }`), events message.created, ' +
        'message.updated, conversation.updated, alert.created, alert.updated, channel.updated (admins), note.created, ' +
        'note.mentioned, and per conversation room (conversation.join) presence.updated and typing. See docs/inbox.md ' +
        'for the events contract.',
    )
    .setVersion('0.1.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, doc);
}

/** Builds and starts the api process (HTTP, socket.io, and with role `all` the job consumers). */
export async function startApi(config: AppConfig): Promise<RunningApi> {
  const logger = createLogger(config.logLevel, 'murmur-api');
  const app = await NestFactory.create(ApiModule.forRoot(config), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
  });
  // No framework banner on answers (the direct pushes below have none either).
  (app.getHttpAdapter().getInstance() as express.Express).disable('x-powered-by');
  const inFlight = new InFlightRequests();
  const push = app.get(InboundPushMiddleware);
  serveDirectPushes(app.getHttpServer() as Server, inFlight, push);
  app.use(inFlight.middleware);
  app.use((req: express.Request, res: express.Response, next: express.NextFunction) => {
    const correlationId = correlationIdFrom(req.headers['x-request-id']);
    res.setHeader('x-request-id', correlationId);
    requestContext.run({ correlationId }, next);
  });
  // Signed pushes are verified over their exact bytes, so the inbound route keeps the raw body. The
  // common push never gets here (see serveDirectPushes); the others (chunked, compressed, too large)
  // are answered right after the parser, ahead of the framework's router.
  app.use(INBOUND_PREFIX, express.raw({ type: () => true, limit: BODY_LIMIT }), push.handle);
  // An agent's upload is the file itself.
  app.use(
    /^\/api\/v1\/conversations\/[^/]+\/attachments$/,
    express.raw({ type: () => true, limit: config.attachmentMaxBytes }),
  );
  app.use(express.json({ limit: BODY_LIMIT }));
  setRoutePrefix(app);
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  SwaggerModule.setup('api/docs', app, buildOpenApi(app), { jsonDocumentUrl: 'api/docs-json' });
  app.use(express.static(join(__dirname, '..', 'public'), { index: 'index.html' }));

  const server = app.getHttpServer() as Server;
  // Idle keep-alive connections stay open longer than a load balancer's or proxy's own idle timeout
  // (commonly 60 s), so a client never reuses a connection the api is closing; Node's default is 5 s.
  // Webhook senders that keep their connections are spared a new TCP connection per push.
  server.keepAliveTimeout = config.httpKeepAliveMs;
  await app.listen(config.port, config.host);
  const url = config.publicUrl;
  return {
    app,
    url,
    seed: app.get(DemoSeeder).report,
    close: async () => {
      // Stop accepting connections, let requests already inside finish (their messages are being
      // staged), then close sockets, queues and the database.
      server.close();
      server.closeIdleConnections();
      await inFlight.drained();
      await app.close();
    },
  };
}
