import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayDisconnect,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { AuthService } from '@scrm/auth';
import {
  RealtimePublisher,
  Rooms,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type Viewer,
} from '@scrm/realtime';
import { ConversationService } from './conversation.service';
import { PresenceService, type SocketIdentity } from './presence.service';

type InboxSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketIdentity>;

const CONV_PREFIX = Rooms.conversation('');

function conversationIdOf(body: unknown): string | undefined {
  const v = (body as { conversationId?: unknown } | null)?.conversationId;
  return typeof v === 'string' ? v.toLowerCase() : undefined;
}

/**
 * socket.io on the api's port. The handshake must carry `auth.token` (an access token); the server
 * puts the socket in its workspace and user rooms. Conversation rooms are joined on request, after an
 * access check; presence and typing are only ever sent to a conversation's room. Clients never name
 * rooms.
 */
@WebSocketGateway({ path: '/socket.io', cors: { origin: true, credentials: true } })
export class InboxGateway implements OnGatewayInit<Server>, OnGatewayDisconnect<InboxSocket> {
  private readonly logger = new Logger('InboxGateway');

  constructor(
    private readonly auth: AuthService,
    private readonly conversations: ConversationService,
    private readonly realtime: RealtimePublisher,
    private readonly presence: PresenceService,
  ) {}

  afterInit(server: Server): void {
    this.realtime.attachServer(server);
    this.presence.attach(server);
    server.use((socket, next) => {
      const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      if (typeof token !== 'string' || token === '') {
        next(new Error('unauthorized: auth.token is required'));
        return;
      }
      this.authenticate(socket as InboxSocket, token).then(
        (ok) => next(ok ? undefined : new Error('unauthorized: token is invalid or expired')),
        (err: unknown) => {
          this.logger.warn(`socket authentication failed: ${String(err)}`);
          next(new Error('unauthorized'));
        },
      );
    });
  }

  private async authenticate(s: InboxSocket, token: string): Promise<boolean> {
    const principal = await this.auth.authenticate(token);
    if (!principal) return false;
    const me = await this.auth.me(principal);
    s.data.principal = principal;
    s.data.name = me.name || me.email;
    // Remember the conversation rooms while they still exist, to update presence after a disconnect.
    s.on('disconnecting', () => {
      (s as unknown as { leftRooms?: string[] }).leftRooms = [...s.rooms].filter((r) => r.startsWith(CONV_PREFIX));
    });
    const rooms = [
      Rooms.workspace(principal.workspaceId),
      Rooms.user(principal.userId),
      Rooms.member(principal.workspaceId, principal.userId),
    ];
    if (principal.role === 'owner' || principal.role === 'admin')
      rooms.push(Rooms.workspaceAdmins(principal.workspaceId));
    await s.join(rooms);
    await this.presence.online(principal);
    return true;
  }

  handleDisconnect(socket: InboxSocket): void {
    const principal = socket.data.principal;
    if (principal) {
      this.presence
        .offline(principal)
        .catch((err: unknown) => this.logger.warn(`presence offline failed: ${String(err)}`));
    }
    const rooms = (socket as unknown as { leftRooms?: string[] }).leftRooms ?? [];
    for (const room of rooms) {
      this.presence
        .broadcast(room.slice(CONV_PREFIX.length))
        .catch((err: unknown) => this.logger.warn(`presence update failed: ${String(err)}`));
    }
  }

  @SubscribeMessage('conversation.join')
  async join(
    @ConnectedSocket() socket: InboxSocket,
    @MessageBody() body: unknown,
  ): Promise<{ ok: boolean; error?: string; viewers?: Viewer[] }> {
    const conversationId = conversationIdOf(body);
    const { workspaceId } = socket.data.principal;
    if (!conversationId || !(await this.conversations.exists(workspaceId, conversationId))) {
      return { ok: false, error: 'NOT_FOUND' };
    }
    await socket.join(Rooms.conversation(conversationId));
    return { ok: true, viewers: await this.presence.broadcast(conversationId) };
  }

  @SubscribeMessage('conversation.leave')
  async leave(@ConnectedSocket() socket: InboxSocket, @MessageBody() body: unknown): Promise<{ ok: boolean }> {
    const conversationId = conversationIdOf(body);
    const room = conversationId ? Rooms.conversation(conversationId) : undefined;
    if (room && socket.rooms.has(room)) {
      await socket.leave(room);
      await this.presence.broadcast(conversationId!);
    }
    return { ok: true };
  }

  /** Relayed to the others in the room; only from a member who joined it and may reply. */
  @SubscribeMessage('typing')
  typing(@ConnectedSocket() socket: InboxSocket, @MessageBody() body: unknown): { ok: boolean } {
    const conversationId = conversationIdOf(body);
    const room = conversationId ? Rooms.conversation(conversationId) : undefined;
    const { principal, name } = socket.data;
    if (!room || !socket.rooms.has(room) || principal.role === 'analyst') return { ok: false };
    const typing = (body as { typing?: unknown }).typing !== false;
    socket.to(room).emit('typing', { conversationId: conversationId!, userId: principal.userId, name, typing });
    return { ok: true };
  }
}
