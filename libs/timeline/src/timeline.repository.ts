import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '@scrm/database';

export interface NewTimelineEvent {
  workspaceId: string;
  contactId: string | null;
  conversationId: string | null;
  messageId: string | null;
  kind: string;
  actorUserId: string | null;
  data: Record<string, unknown>;
  occurredAt: Date;
  /** Set for events a channel reports: recording the same platform event twice keeps one row. */
  channelId?: string | null;
  platformEventId?: string | null;
}

export interface TimelineRow {
  id: string;
  kind: string;
  contact_id: string | null;
  conversation_id: string | null;
  message_id: string | null;
  actor_user_id: string | null;
  data: Record<string, unknown>;
  occurred_at: Date;
  m_direction: 'in' | 'out' | null;
  m_text: string | null;
  m_channel_id: string | null;
  /** occurred_at exactly as PostgreSQL prints it, for the cursor. */
  at_key: string;
}

export interface TimelineFilter {
  /** Only these kinds (e.g. `message`, `contact.merged`). */
  kinds?: string[];
  /** Only events on this channel: a message's channel, a channel-reported event's, or its conversation's. */
  channelId?: string;
}

@Injectable()
export class TimelineRepository {
  /**
   * One multi-row INSERT for any number of events; a channel event already recorded is skipped.
   * Resolves the ids of the rows inserted, in no particular order.
   */
  async insertMany(em: EntityManager, events: NewTimelineEvent[]): Promise<{ id: string }[]> {
    if (events.length === 0) return [];
    return sqlRows<{ id: string }>(
      em,
      `INSERT INTO timeline_event
              (workspace_id, contact_id, conversation_id, message_id, kind, actor_user_id, data, occurred_at, channel_id, platform_event_id)
       SELECT w, c, cv, m, k, a, d::jsonb, t, ch, pe
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::timestamptz[],
                     $9::uuid[], $10::text[])
           AS x(w, c, cv, m, k, a, d, t, ch, pe)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      [
        events.map((e) => e.workspaceId),
        events.map((e) => e.contactId),
        events.map((e) => e.conversationId),
        events.map((e) => e.messageId),
        events.map((e) => e.kind),
        events.map((e) => e.actorUserId),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => e.occurredAt.toISOString()),
        events.map((e) => e.channelId ?? null),
        events.map((e) => e.platformEventId ?? null),
      ],
    );
  }

  /**
   * Newest first, keyset on (occurred_at, id) — a strict total order — so an event inserted while a
   * client pages never makes it see a row twice or miss one that was there when it started.
   */
  forContact(
    em: EntityManager,
    workspaceId: string,
    contactId: string,
    before: { at: string; id: string } | undefined,
    limit: number,
    filter: TimelineFilter = {},
  ): Promise<TimelineRow[]> {
    return sqlRows<TimelineRow>(
      em,
      `SELECT t.id, t.kind, t.contact_id, t.conversation_id, t.message_id, t.actor_user_id, t.data, t.occurred_at,
              to_json(t.occurred_at)#>>'{}' AS at_key,
              m.direction AS m_direction, m.text AS m_text, m.channel_id AS m_channel_id
         FROM timeline_event t
         LEFT JOIN message m ON m.id = t.message_id AND m.workspace_id = t.workspace_id
        WHERE t.workspace_id = $1 AND t.contact_id = $2
          AND ($3::timestamptz IS NULL OR (t.occurred_at, t.id) < ($3::timestamptz, $4::uuid))
          AND ($6::text[] IS NULL OR t.kind = ANY($6::text[]))
          AND ($7::uuid IS NULL OR COALESCE(m.channel_id, t.channel_id,
                 (SELECT cv.channel_id FROM conversation cv WHERE cv.workspace_id = t.workspace_id AND cv.id = t.conversation_id)
               ) = $7::uuid)
        ORDER BY t.occurred_at DESC, t.id DESC
        LIMIT $5`,
      [
        workspaceId,
        contactId,
        before?.at ?? null,
        before?.id ?? null,
        limit,
        filter.kinds && filter.kinds.length > 0 ? filter.kinds : null,
        filter.channelId ?? null,
      ],
    );
  }
}
