import { Injectable } from '@nestjs/common';
import type { Server } from 'socket.io';
import type { Principal } from '@scrm/auth';
import { Rooms, type Viewer } from '@scrm/realtime';

export interface SocketIdentity {
  principal: Principal;
  name: string;
}

/**
 * Who has a conversation open: read from the sockets in its room (across api nodes when the Redis
 * adapter is installed), never stored. Broadcast to the room whenever someone joins or leaves.
 */
@Injectable()
export class PresenceService {
  private server: Server | undefined;

  attach(server: Server): void {
    this.server = server;
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
