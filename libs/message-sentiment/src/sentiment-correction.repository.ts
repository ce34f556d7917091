import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';

export interface CorrectionRow {
  id: string;
  message_id: string;
  user_id: string;
  old_label: string | null;
  new_label: string;
  created_at: Date;
  text: string;
  language: string | null;
}

export interface MessageSentimentRow {
  id: string;
  text: string;
  direction: 'in' | 'out';
  sentiment_label: string | null;
  sentiment_model: string | null;
}

/** Model name stored on a message whose label an agent set: re-scoring leaves it alone. */
export const AGENT_MODEL = 'agent';

@Injectable()
export class SentimentCorrectionRepository {
  async lockMessage(
    em: EntityManager,
    workspaceId: string,
    messageId: string,
  ): Promise<MessageSentimentRow | undefined> {
    const [row] = await sqlRows<MessageSentimentRow>(
      em,
      `SELECT id, text, direction, sentiment_label, sentiment_model FROM message
        WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [workspaceId, messageId],
    );
    return row;
  }

  async correct(
    em: EntityManager,
    workspaceId: string,
    messageId: string,
    userId: string,
    oldLabel: string | null,
    newLabel: string,
    score: number,
  ): Promise<void> {
    await em.query(
      `UPDATE message SET sentiment_label = $3, sentiment_score = $4, sentiment_confidence = 1, sentiment_model = $5
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, messageId, newLabel, score, AGENT_MODEL],
    );
    await em.query(
      `INSERT INTO sentiment_correction (workspace_id, message_id, user_id, old_label, new_label) VALUES ($1, $2, $3, $4, $5)`,
      [workspaceId, messageId, userId, oldLabel, newLabel],
    );
  }

  /** The latest correction of each message, newest first, with the text to train on (erased words excluded). */
  list(em: EntityManager, workspaceId: string, limit: number): Promise<CorrectionRow[]> {
    return sqlRows<CorrectionRow>(
      em,
      `SELECT * FROM (
         SELECT DISTINCT ON (c.message_id) c.id, c.message_id, c.user_id, c.old_label, c.new_label, c.created_at,
                m.text, m.sentiment_language AS language
           FROM sentiment_correction c
           JOIN message m ON m.id = c.message_id AND m.workspace_id = c.workspace_id
          WHERE c.workspace_id = $1 AND m.erased_at IS NULL
          ORDER BY c.message_id, c.created_at DESC, c.id DESC) latest
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      [workspaceId, limit],
    );
  }

  /** Inbound messages since `since` scored by another model (agent labels and erased messages excluded), oldest first. */
  staleScored(
    em: EntityManager,
    workspaceId: string,
    modelVersion: string,
    since: Date,
    after: string | null,
    limit: number,
  ): Promise<{ id: string; text: string; sentiment_label: string | null }[]> {
    return sqlRows(
      em,
      `SELECT id, text, sentiment_label FROM message
        WHERE workspace_id = $1 AND direction = 'in' AND sent_at >= $2 AND erased_at IS NULL
          AND sentiment_model IS DISTINCT FROM $3 AND sentiment_model IS DISTINCT FROM $4
          AND ($5::uuid IS NULL OR id > $5::uuid)
        ORDER BY id LIMIT $6`,
      [workspaceId, since.toISOString(), modelVersion, AGENT_MODEL, after, limit],
    );
  }

  /** Writes new scores; agent-set labels are never overwritten. Returns the ids written. */
  async rescore(
    em: EntityManager,
    workspaceId: string,
    rows: { id: string; label: string; score: number; confidence: number; language: string; model: string }[],
  ): Promise<string[]> {
    if (rows.length === 0) return [];
    const updated = await sqlRows<{ id: string }>(
      em,
      `UPDATE message m SET sentiment_label = x.label, sentiment_score = x.score, sentiment_confidence = x.conf,
              sentiment_language = x.lang, sentiment_model = x.model
         FROM unnest($2::uuid[], $3::text[], $4::real[], $5::real[], $6::text[], $7::text[])
           AS x(id, label, score, conf, lang, model)
        WHERE m.workspace_id = $1 AND m.id = x.id AND m.sentiment_model IS DISTINCT FROM $8
        RETURNING m.id`,
      [
        workspaceId,
        rows.map((r) => r.id),
        rows.map((r) => r.label),
        rows.map((r) => r.score),
        rows.map((r) => r.confidence),
        rows.map((r) => r.language),
        rows.map((r) => r.model),
        AGENT_MODEL,
      ],
    );
    return updated.map((r) => r.id);
  }
}
