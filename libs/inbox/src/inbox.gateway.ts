import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { AuthService, type Principal } from '@scrm/auth';
import { RealtimePublisher, Rooms, type ClientToServerEvents, type ServerToClientEvents } from '@scrm/realtime';
import { ConversationService } from './conversation.service';

type InboxSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, { principal: Principal }>;

/**
 * socket.io on the api's port. The handshake must carry `auth.token` (an access token); the server
 * puts the socket in its workspace and user rooms. Conversation rooms are joined on request, after an
 * access check. Clients never name rooms.
 */
@WebSocketGateway({ path: '/socket.io', cors: { origin: true, credentials: true } })
export class InboxGateway implements OnGatewayInit<Server> {
  private readonly logger = new Logger('InboxGateway');

  constructor(
    private readonly auth: AuthService,
    private readonly conversations: ConversationService,
    private readonly realtime: RealtimePublisher,
  ) {}

  afterInit(server: Server): void {
    this.realtime.attachServer(server);
    server.use((socket, next) => {
      const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
      if (typeof token !== 'string' || token === '') {
        next(new Error('unauthorized: auth.token is required'));
        return;
      }
      this.auth.authenticate(token).then(
        (principal) => {
          if (!principal) return next(new Error('unauthorized: token is invalid or expired'));
          const s = socket as InboxSocket;
          s.data.principal = principal;
          const rooms = [Rooms.workspace(principal.workspaceId), Rooms.user(principal.userId)];
          if (principal.role === 'owner' || principal.role === 'admin')
            rooms.push(Rooms.workspaceAdmins(principal.workspaceId));
          void s.join(rooms);
          next();
        },
        (err: unknown) => {
          this.logger.warn(`socket authentication failed: ${String(err)}`);
          next(new Error('unauthorized'));
        },
      );
    });
  }

  @SubscribeMessage('conversation.join')
  async join(
    @ConnectedSocket() socket: InboxSocket,
    @MessageBody() body: unknown,
  ): Promise<{ ok: boolean; error?: string }> {
    const conversationId = (body as { conversationId?: unknown } | null)?.conversationId;
    const { workspaceId } = socket.data.principal;
    if (typeof conversationId !== 'string' || !(await this.conversations.exists(workspaceId, conversationId))) {
      return { ok: false, error: 'NOT_FOUND' };
    }
    await socket.join(Rooms.conversation(conversationId));
    return { ok: true };
  }

  @SubscribeMessage('conversation.leave')
  async leave(@ConnectedSocket() socket: InboxSocket, @MessageBody() body: unknown): Promise<{ ok: boolean }> {
    const conversationId = (body as { conversationId?: unknown } | null)?.conversationId;
    if (typeof conversationId === 'string') await socket.leave(Rooms.conversation(conversationId));
    return { ok: true };
  }
}
