import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows, type LifecycleStage } from '@scrm/database';
import type { AttributeValue } from './attribute-value';

export interface ProfileFieldsRow {
  id: string;
  lifecycle_stage: LifecycleStage;
  attributes: Record<string, AttributeValue>;
  merged_into_id: string | null;
}

export interface ChannelContactRow {
  channel_id: string;
  channel_type: string;
  channel_name: string;
  last_inbound_at: Date | null;
  last_outbound_at: Date | null;
}

export interface SentimentWeekRow {
  week_start: string;
  average: number;
  messages: number;
}

/** The contact's profile: lifecycle stage and attribute values, and what its messages say about it. */
@Injectable()
export class ContactProfileRepository {
  async lock(em: EntityManager, workspaceId: string, contactId: string): Promise<ProfileFieldsRow | undefined> {
    const [row] = await sqlRows<ProfileFieldsRow>(
      em,
      `SELECT id, lifecycle_stage, attributes, merged_into_id FROM contact WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [workspaceId, contactId],
    );
    return row;
  }

  async setLifecycle(em: EntityManager, workspaceId: string, contactId: string, stage: LifecycleStage): Promise<void> {
    await em.query(`UPDATE contact SET lifecycle_stage = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2`, [
      workspaceId,
      contactId,
      stage,
    ]);
  }

  /** Sets some attribute values and clears others in one statement; returns the values now held. */
  async patchAttributes(
    em: EntityManager,
    workspaceId: string,
    contactId: string,
    set: Record<string, AttributeValue>,
    clear: string[],
  ): Promise<Record<string, AttributeValue>> {
    const [row] = await sqlRows<{ attributes: Record<string, AttributeValue> }>(
      em,
      `UPDATE contact SET attributes = (attributes - $4::text[]) || $3::jsonb, updated_at = now()
        WHERE workspace_id = $1 AND id = $2 RETURNING attributes`,
      [workspaceId, contactId, JSON.stringify(set), clear],
    );
    return row!.attributes;
  }

  /** When the customer first wrote, on any channel (routed by identity). */
  async firstInboundAt(em: EntityManager, workspaceId: string, contactId: string): Promise<Date | null> {
    const [row] = await sqlRows<{ at: Date | null }>(
      em,
      `SELECT min(m.sent_at) AS at FROM message m
         JOIN identity i ON i.id = m.author_identity_id AND i.workspace_id = m.workspace_id
        WHERE m.workspace_id = $1 AND i.contact_id = $2 AND m.direction = 'in'`,
      [workspaceId, contactId],
    );
    return row?.at ?? null;
  }

  /** The last message each way on every channel the contact has a conversation on. */
  channelContacts(em: EntityManager, workspaceId: string, contactId: string): Promise<ChannelContactRow[]> {
    return sqlRows<ChannelContactRow>(
      em,
      `SELECT ch.id AS channel_id, ch.type AS channel_type, ch.name AS channel_name,
              max(m.sent_at) FILTER (WHERE m.direction = 'in') AS last_inbound_at,
              max(m.sent_at) FILTER (WHERE m.direction = 'out') AS last_outbound_at
         FROM conversation cv
         JOIN channel ch ON ch.id = cv.channel_id AND ch.workspace_id = cv.workspace_id
         JOIN message m ON m.workspace_id = cv.workspace_id AND m.conversation_id = cv.id
        WHERE cv.workspace_id = $1 AND cv.contact_id = $2
        GROUP BY ch.id, ch.type, ch.name
        ORDER BY max(m.sent_at) DESC, ch.id`,
      [workspaceId, contactId],
    );
  }

  /** Average sentiment score of the customer's own messages per week (UTC, weeks start on Monday). */
  sentimentWeeks(
    em: EntityManager,
    workspaceId: string,
    contactId: string,
    weeks: number,
  ): Promise<SentimentWeekRow[]> {
    return sqlRows<SentimentWeekRow>(
      em,
      `SELECT to_char(date_trunc('week', m.sent_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week_start,
              avg(m.sentiment_score)::float8 AS average, count(*)::int AS messages
         FROM message m
         JOIN identity i ON i.id = m.author_identity_id AND i.workspace_id = m.workspace_id
        WHERE m.workspace_id = $1 AND i.contact_id = $2 AND m.direction = 'in' AND m.sentiment_score IS NOT NULL
          AND m.sent_at >= date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - make_interval(weeks => $3)
        GROUP BY 1 ORDER BY 1`,
      [workspaceId, contactId, weeks - 1],
    );
  }
}
