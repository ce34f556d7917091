import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { Principal } from '@scrm/auth';
import { Rooms, type Viewer } from '@scrm/realtime';
import { AssignmentService } from './assignment.service';

/** How often this node tells the database which members have an inbox open (for auto-assignment). */
const HEARTBEAT_MS = 25_000;

export interface SocketIdentity {
  principal: Principal;
  name: string;
}

/**
 * Who has a conversation open: read from the sockets in its room (across api nodes when the Redis
 * adapter is installed), never stored. Broadcast to the room whenever someone joins or leaves.
 */
@Injectable()
export class PresenceService implements OnApplicationShutdown {
  private readonly logger = new Logger('Presence');
  private server: Server | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly assignment: AssignmentService) {}

  attach(server: Server): void {
    this.server = server;
    this.timer = setInterval(() => {
      this.heartbeat().catch((err: unknown) => this.logger.warn(`presence heartbeat failed: ${String(err)}`));
    }, HEARTBEAT_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** A member connected: online for auto-assignment at once. */
  online(principal: Principal): Promise<void> {
    return this.assignment.touchPresence([{ workspaceId: principal.workspaceId, userId: principal.userId }]);
  }

  /** A socket closed: the member is offline unless another of their sockets on this node remains. */
  async offline(principal: Principal): Promise<void> {
    if (!this.server) return;
    const still = (await this.server.local.in(Rooms.user(principal.userId)).fetchSockets()).some(
      (s) => (s.data as Partial<SocketIdentity>).principal?.workspaceId === principal.workspaceId,
    );
    if (!still) await this.assignment.markOffline(principal.workspaceId, principal.userId);
  }

  private async heartbeat(): Promise<void> {
    if (!this.server) return;
    const entries = (await this.server.local.fetchSockets())
      .map((s) => (s.data as Partial<SocketIdentity>).principal)
      .filter((p): p is Principal => p !== undefined)
      .map((p) => ({ workspaceId: p.workspaceId, userId: p.userId }));
    await this.assignment.touchPresence(entries);
  }

  async viewers(conversationId: string): Promise<Viewer[]> {
    if (!this.server) return [];
    const sockets = await this.server.in(Rooms.conversation(conversationId)).fetchSockets();
    const seen = new Map<string, Viewer>();
    for (const s of sockets) {
      const data = s.data as Partial<SocketIdentity>;
      if (data.principal && !seen.has(data.principal.userId)) {
        seen.set(data.principal.userId, { userId: data.principal.userId, name: data.name ?? '' });
      }
    }
    return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async broadcast(conversationId: string): Promise<Viewer[]> {
    const viewers = await this.viewers(conversationId);
    this.server?.to(Rooms.conversation(conversationId)).emit('presence.updated', { conversationId, viewers });
    return viewers;
  }
}
