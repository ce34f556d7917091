import { Injectable, Logger } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server } from 'socket.io';
import { RedisConnections } from '@scrm/redis';
import { Rooms, type ServerEventName, type ServerEventPayload } from './realtime-events';
import { coalesceWebSocketWrites } from './websocket-write-coalescing';

/**
 * Publishes server events to a workspace's room. In a process that serves sockets it emits through
 * its own server (which, with Redis, fans out to every api node); a worker-only process emits through
 * Redis with the same key, so browsers on any api node receive it.
 */
@Injectable()
export class RealtimePublisher {
  private readonly logger = new Logger('Realtime');
  private server: Server | undefined;
  private emitter: Emitter | undefined;

  constructor(private readonly redis: RedisConnections) {}

  private get key(): string {
    return `${this.redis.prefix}:io`;
  }

  /** Called once by the gateway: installs the Redis adapter when Redis is configured. */
  attachServer(server: Server): void {
    if (this.redis.enabled) {
      server.adapter(
        createAdapter(
          this.redis.create('io-pub', { autoPipelining: true, unawaitedPublish: true }),
          this.redis.create('io-sub', { unawaitedPublish: true }),
          {
            key: this.key,
          },
        ),
      );
    }
    coalesceWebSocketWrites(server);
    this.server = server;
  }

  publish<E extends ServerEventName>(workspaceId: string, event: E, payload: ServerEventPayload<E>): void {
    this.publishTo(Rooms.workspace(workspaceId), event, payload);
  }

  /** To the workspace's owners and admins only (channel status, login QR codes). */
  publishToAdmins<E extends ServerEventName>(workspaceId: string, event: E, payload: ServerEventPayload<E>): void {
    this.publishTo(Rooms.workspaceAdmins(workspaceId), event, payload);
  }

  /** To one user's sockets (every workspace they have open): personal notifications. */
  publishToUser<E extends ServerEventName>(userId: string, event: E, payload: ServerEventPayload<E>): void {
    this.publishTo(Rooms.user(userId), event, payload);
  }

  /** To one member's sockets in this workspace only. */
  publishToMember<E extends ServerEventName>(
    workspaceId: string,
    userId: string,
    event: E,
    payload: ServerEventPayload<E>,
  ): void {
    this.publishTo(Rooms.member(workspaceId, userId), event, payload);
  }

  private publishTo<E extends ServerEventName>(room: string, event: E, payload: ServerEventPayload<E>): void {
    if (this.server) {
      this.server.to(room).emit(event, payload);
      return;
    }
    if (this.redis.enabled) {
      this.emitter ??= new Emitter(this.redis.create('io-emit', { autoPipelining: true, unawaitedPublish: true }), {
        key: this.key,
      });
      this.emitter.to(room).emit(event, payload);
      return;
    }
    this.logger.debug(`no socket server or Redis: ${event} not delivered`);
  }
}
