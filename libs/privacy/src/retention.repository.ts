import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';
import { storedAttachmentIds } from './contact-scope';

@Injectable()
export class RetentionRepository {
  workspacesWithRetention(em: EntityManager): Promise<{ id: string; retention_days: number }[]> {
    return sqlRows(em, `SELECT id, retention_days FROM workspace WHERE retention_days IS NOT NULL ORDER BY id`);
  }

  /**
   * Deletes up to `limit` messages sent before `cutoff`, with their timeline events, sentiment
   * corrections and stored files. Rows another sweeper holds are skipped, so concurrent workers share
   * the work instead of waiting.
   */
  async deleteBatch(
    em: EntityManager,
    workspaceId: string,
    cutoff: Date,
    limit: number,
  ): Promise<{ messages: number; attachments: number }> {
    const doomed = await sqlRows<{ id: string; attachments: unknown }>(
      em,
      `WITH doomed AS (
         SELECT id, conversation_id, attachments FROM message
          WHERE workspace_id = $1 AND sent_at < $2 ORDER BY sent_at, id LIMIT $3 FOR UPDATE SKIP LOCKED
       ), events AS (
         DELETE FROM timeline_event t USING doomed d
          WHERE t.workspace_id = $1 AND t.conversation_id = d.conversation_id AND t.message_id = d.id
       ), corrections AS (
         DELETE FROM sentiment_correction s USING doomed d WHERE s.workspace_id = $1 AND s.message_id = d.id
       ), gone AS (
         DELETE FROM message m USING doomed d WHERE m.workspace_id = $1 AND m.id = d.id RETURNING m.id
       )
       SELECT d.id, d.attachments FROM doomed d JOIN gone g ON g.id = d.id`,
      [workspaceId, cutoff.toISOString(), limit],
    );
    const attachmentIds = doomed.flatMap((m) => storedAttachmentIds(m.attachments));
    const files = await sqlRows<{ id: string }>(
      em,
      `DELETE FROM attachment WHERE workspace_id = $1 AND id = ANY($2::uuid[]) RETURNING id`,
      [workspaceId, attachmentIds],
    );
    return { messages: doomed.length, attachments: files.length };
  }
}
