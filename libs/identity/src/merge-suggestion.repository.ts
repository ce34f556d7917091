import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';

export interface SuggestionRow {
  id: string;
  contact_a_id: string;
  contact_b_id: string;
  reason: string;
  evidence: Record<string, unknown>;
  confidence: number;
  status: 'pending' | 'accepted' | 'rejected';
  merge_id: string | null;
  created_at: Date;
}

/** A phone number as a webhook or SMS-like channel reports it: digits with optional + and separators. */
const PHONE = `'^\\+?[0-9][0-9 ()-]{6,}$'`;
/** "I'm @handle on X" (or 我是 @handle) in an inbound message. */
const HANDLE_CLAIM = `'(?:i''m|i am|im|我是)\\s*@([A-Za-z0-9_]{1,15})'`;

@Injectable()
export class MergeSuggestionRepository {
  /**
   * Finds fuzzy matches and stores each new pair once per reason. A pair already decided keeps its
   * decision: a rejected suggestion is not raised again.
   */
  async detect(em: EntityManager, workspaceId: string): Promise<void> {
    await em.query(
      `INSERT INTO merge_suggestion (workspace_id, contact_a_id, contact_b_id, reason, evidence, confidence)
       SELECT DISTINCT ON (LEAST(c1.id, c2.id), GREATEST(c1.id, c2.id))
              $1::uuid, LEAST(c1.id, c2.id), GREATEST(c1.id, c2.id), 'same_name_phone_suffix',
              jsonb_build_object('displayName', c1.name, 'phoneSuffix', right(regexp_replace(i1.platform_user_id, '\\D', '', 'g'), 4),
                                 'identityIds', jsonb_build_array(i1.id, i2.id)),
              0.7
         FROM contact c1
         JOIN contact c2 ON c2.workspace_id = c1.workspace_id AND c2.id > c1.id
                        AND lower(btrim(c2.name)) = lower(btrim(c1.name)) AND c2.merged_into_id IS NULL
         JOIN identity i1 ON i1.workspace_id = c1.workspace_id AND i1.contact_id = c1.id AND i1.platform_user_id ~ ${PHONE}
         JOIN identity i2 ON i2.workspace_id = c2.workspace_id AND i2.contact_id = c2.id AND i2.platform_user_id ~ ${PHONE}
        WHERE c1.workspace_id = $1 AND c1.merged_into_id IS NULL AND c1.name IS NOT NULL
          AND right(regexp_replace(i1.platform_user_id, '\\D', '', 'g'), 4) = right(regexp_replace(i2.platform_user_id, '\\D', '', 'g'), 4)
       ON CONFLICT (workspace_id, contact_a_id, contact_b_id, reason) DO NOTHING`,
      [workspaceId],
    );
    await em.query(
      `WITH claims AS (
         SELECT m.id AS message_id, i.contact_id, (regexp_match(m.text, ${HANDLE_CLAIM}, 'i'))[1] AS handle
           FROM message m JOIN identity i ON i.workspace_id = m.workspace_id AND i.id = m.author_identity_id
          WHERE m.workspace_id = $1 AND m.direction = 'in' AND m.text ~* ${HANDLE_CLAIM}
       )
       INSERT INTO merge_suggestion (workspace_id, contact_a_id, contact_b_id, reason, evidence, confidence)
       SELECT DISTINCT ON (LEAST(cl.contact_id, x.contact_id), GREATEST(cl.contact_id, x.contact_id))
              $1::uuid, LEAST(cl.contact_id, x.contact_id), GREATEST(cl.contact_id, x.contact_id), 'claimed_handle',
              jsonb_build_object('handle', cl.handle, 'messageId', cl.message_id, 'identityId', x.id, 'channelType', x.channel_type),
              0.6
         FROM claims cl
         JOIN identity x ON x.workspace_id = $1 AND x.channel_type = 'x' AND x.contact_id <> cl.contact_id
                        AND (lower(x.platform_user_id) = lower(cl.handle)
                             OR lower(x.display_name) = lower(cl.handle)
                             OR lower(x.display_name) LIKE '%(@' || lower(cl.handle) || ')')
         JOIN contact cx ON cx.workspace_id = $1 AND cx.id = x.contact_id AND cx.merged_into_id IS NULL
         JOIN contact cc ON cc.workspace_id = $1 AND cc.id = cl.contact_id AND cc.merged_into_id IS NULL
       ON CONFLICT (workspace_id, contact_a_id, contact_b_id, reason) DO NOTHING`,
      [workspaceId],
    );
  }

  /**
   * Stores one suggestion for a pair found outside `detect` (e.g. an unverified email another contact
   * already has). A pair already suggested for this reason keeps its row, and so its decision.
   */
  async raise(
    em: EntityManager,
    workspaceId: string,
    contactIds: [string, string],
    reason: string,
    evidence: Record<string, unknown>,
    confidence: number,
  ): Promise<void> {
    const [a, b] = [...contactIds].sort();
    await em.query(
      `INSERT INTO merge_suggestion (workspace_id, contact_a_id, contact_b_id, reason, evidence, confidence)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (workspace_id, contact_a_id, contact_b_id, reason) DO NOTHING`,
      [workspaceId, a, b, reason, JSON.stringify(evidence), confidence],
    );
  }

  pending(em: EntityManager, workspaceId: string, limit: number): Promise<SuggestionRow[]> {
    return sqlRows<SuggestionRow>(
      em,
      `SELECT s.* FROM merge_suggestion s
         JOIN contact a ON a.workspace_id = s.workspace_id AND a.id = s.contact_a_id AND a.merged_into_id IS NULL
         JOIN contact b ON b.workspace_id = s.workspace_id AND b.id = s.contact_b_id AND b.merged_into_id IS NULL
        WHERE s.workspace_id = $1 AND s.status = 'pending'
        ORDER BY s.confidence DESC, s.created_at, s.id LIMIT $2`,
      [workspaceId, limit],
    );
  }

  async find(em: EntityManager, workspaceId: string, id: string): Promise<SuggestionRow | undefined> {
    const [row] = await sqlRows<SuggestionRow>(
      em,
      `SELECT * FROM merge_suggestion WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [workspaceId, id],
    );
    return row;
  }

  async decide(
    em: EntityManager,
    workspaceId: string,
    id: string,
    status: 'accepted' | 'rejected',
    userId: string,
    mergeId: string | null,
  ): Promise<void> {
    await em.query(
      `UPDATE merge_suggestion SET status = $3, decided_by_user_id = $4, decided_at = now(), merge_id = $5
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, id, status, userId, mergeId],
    );
  }
}
