import { Injectable } from '@nestjs/common';
import type { Principal } from '@scrm/auth';
import { AppException } from '@scrm/common';
import { UnitOfWork } from '@scrm/database';
import { RealtimePublisher, type NoteView } from '@scrm/realtime';
import { TimelineService } from '@scrm/timeline';
import { TeamService } from '@scrm/workspace';
import { ConversationRepository } from './conversation.repository';
import { findMentions } from './mentions';
import { NoteRepository, type NoteRow } from './note.repository';

const toView = (r: NoteRow): NoteView => ({
  id: r.id,
  conversationId: r.conversation_id,
  authorUserId: r.author_user_id,
  text: r.text,
  mentionedUserIds: r.mentioned_user_ids,
  createdAt: r.created_at.toISOString(),
});

/** Private notes on a conversation; `@name` mentions notify those members live in their own room. */
@Injectable()
export class NoteService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly notes: NoteRepository,
    private readonly conversations: ConversationRepository,
    private readonly timeline: TimelineService,
    private readonly team: TeamService,
    private readonly realtime: RealtimePublisher,
  ) {}

  async list(workspaceId: string, conversationId: string): Promise<NoteView[]> {
    if (!(await this.conversations.find(this.uow.manager, workspaceId, conversationId))) {
      throw AppException.notFound('conversation');
    }
    return (await this.notes.listForConversation(this.uow.manager, workspaceId, conversationId)).map(toView);
  }

  async create(p: Principal, conversationId: string, text: string): Promise<NoteView> {
    const { workspaceId } = p;
    const members = await this.team.list(workspaceId);
    const mentioned = findMentions(text, members).filter((id) => id !== p.userId);
    const row = await this.uow.run(async (tx) => {
      const conv = await this.conversations.lockForUpdate(tx, workspaceId, conversationId);
      if (!conv) throw AppException.notFound('conversation');
      const note = await this.notes.insert(tx, {
        workspaceId,
        conversationId,
        authorUserId: p.userId,
        text,
        mentioned,
      });
      await this.timeline.record(tx, [
        {
          workspaceId,
          contactId: conv.contact_id,
          conversationId,
          messageId: null,
          kind: 'note',
          actorUserId: p.userId,
          data: { noteId: note.id, mentionedUserIds: mentioned },
          occurredAt: note.created_at,
        },
      ]);
      return note;
    });
    const note = toView(row);
    this.realtime.publish(workspaceId, 'note.created', { workspaceId, conversationId, note });
    const author = members.find((m) => m.userId === p.userId);
    for (const userId of mentioned) {
      this.realtime.publishToUser(userId, 'note.mentioned', {
        workspaceId,
        conversationId,
        note,
        by: { userId: p.userId, name: author?.name || author?.email || '' },
      });
    }
    return note;
  }
}
