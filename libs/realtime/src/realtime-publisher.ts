import { Injectable, Logger } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import { RedisConnections } from '@scrm/redis';
import { Rooms, type ServerEventName, type ServerEventPayload } from './realtime-events';
import { coalesceWebSocketWrites } from './websocket-write-coalescing';

/** Events a worker holds while its relay connection is not ready: at most twice this many. */
const MAX_HELD_EVENTS = 10_000;

/** One event relayed from a worker to the api nodes. */
interface RelayedEvent {
  room: string;
  event: string;
  payload: unknown;
}

/**
 * Publishes server events to a workspace's room. In a process that serves sockets it emits through
 * its own server (which, with Redis, fans out to every api node). A worker-only process relays its
 * events through Redis: all the events of one tick (an ingest batch's messages, conversations and
 * unread counts) go out as one JSON message on one channel, and every api node delivers them, in
 * order, to its own sockets in those rooms. One message per batch instead of one per event costs
 * Redis, the worker and each api node far less than the socket.io emitter's per-event packets.
 */
@Injectable()
export class RealtimePublisher {
  private readonly logger = new Logger('Realtime');
  private server: Server | undefined;
  private relay: Redis | undefined;
  private relayed: RelayedEvent[] = [];

  constructor(private readonly redis: RedisConnections) {}

  private get key(): string {
    return `${this.redis.prefix}:io`;
  }

  private get relayChannel(): string {
    return `${this.redis.prefix}:io-relay`;
  }

  /** Called once by the gateway: installs the Redis adapter when Redis is configured. */
  attachServer(server: Server): void {
    if (this.redis.enabled) {
      server.adapter(
        createAdapter(
          this.redis.create('io-pub', { autoPipelining: true, unawaitedCommands: true }),
          this.redis.create('io-sub', { unawaitedCommands: true }),
          {
            key: this.key,
          },
        ),
      );
      const relay = this.redis.create('io-relay-sub');
      relay.on('message', (channel: string, message: string) => {
        if (channel === this.relayChannel) this.deliverRelayed(server, message);
      });
      void relay
        .subscribe(this.relayChannel)
        .catch((err: unknown) => this.logger.error(`cannot subscribe to worker events: ${String(err)}`));
    }
    coalesceWebSocketWrites(server);
    this.server = server;
  }

  /** Delivers a worker's relayed events to this node's own sockets (every api node gets the message). */
  private deliverRelayed(server: Server, message: string): void {
    let events: RelayedEvent[];
    try {
      events = JSON.parse(message) as RelayedEvent[];
    } catch {
      this.logger.warn('dropped a relayed event message that is not JSON');
      return;
    }
    for (const { room, event, payload } of events) server.local.to(room).emit(event, payload);
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
      this.relay ??= this.redis.create('io-relay', { unawaitedCommands: true });
      if (this.relayed.length === 0) process.nextTick(() => this.flushRelayed());
      this.relayed.push({ room, event, payload });
      if (this.relayed.length >= 2 * MAX_HELD_EVENTS && this.relay.status !== 'ready') {
        const dropped = this.relayed.length - MAX_HELD_EVENTS;
        this.relayed.splice(0, dropped);
        this.logger.warn(`Redis not ready: dropped the ${dropped} oldest live events`);
      }
      return;
    }
    this.logger.debug(`no socket server or Redis: ${event} not delivered`);
  }

  /**
   * Sends the events held so far as one message. Only on a ready connection: ioredis may write a
   * command issued while it connects before one queued earlier, and events must keep their order.
   * Until the connection is ready (at start, or after Redis went away) events wait; beyond twice
   * `MAX_HELD_EVENTS` the oldest are dropped: live events are a convenience, clients re-read on reconnect.
   */
  private flushRelayed(): void {
    const relay = this.relay!;
    if (relay.status !== 'ready') {
      // Only the flush that found nothing held waits here: later events join the held ones.
      relay.once('ready', () => this.flushRelayed());
      return;
    }
    const events = this.relayed;
    this.relayed = [];
    if (events.length > 0) void relay.publish(this.relayChannel, JSON.stringify(events));
  }
}
