import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';

export interface NoteRow {
  id: string;
  conversation_id: string;
  author_user_id: string;
  text: string;
  mentioned_user_ids: string[];
  created_at: Date;
}

@Injectable()
export class NoteRepository {
  listForConversation(em: EntityManager, workspaceId: string, conversationId: string): Promise<NoteRow[]> {
    return sqlRows<NoteRow>(
      em,
      `SELECT id, conversation_id, author_user_id, text, mentioned_user_ids, created_at FROM conversation_note
        WHERE workspace_id = $1 AND conversation_id = $2 ORDER BY created_at, id LIMIT 500`,
      [workspaceId, conversationId],
    );
  }

  async insert(
    em: EntityManager,
    n: { workspaceId: string; conversationId: string; authorUserId: string; text: string; mentioned: string[] },
  ): Promise<NoteRow> {
    const [row] = await sqlRows<NoteRow>(
      em,
      `INSERT INTO conversation_note (workspace_id, conversation_id, author_user_id, text, mentioned_user_ids)
       VALUES ($1, $2, $3, $4, $5::uuid[])
       RETURNING id, conversation_id, author_user_id, text, mentioned_user_ids, created_at`,
      [n.workspaceId, n.conversationId, n.authorUserId, n.text, n.mentioned],
    );
    return row!;
  }
}
