import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { mergeByKey } from '@scrm/common';
import { prepared, sqlRows } from '@scrm/database';
import type { ConversationPriority, ConversationStatus } from '@scrm/database';
import { PRIORITY_RANK, type ConversationPosition, type ConversationSort } from './conversation-cursor';

export interface ConversationRow {
  id: string;
  workspace_id: string;
  channel_id: string;
  contact_id: string | null;
  thread_key: string;
  is_group: boolean;
  subject: string | null;
  status: ConversationStatus;
  assignee_id: string | null;
  priority: ConversationPriority;
  snoozed_until: Date | null;
  last_message_at: Date;
  waiting_since: Date | null;
  unread_count: number;
  erased_at: Date | null;
  /** The reading member's own unread count, when the row was read for a member. */
  my_unread?: number;
  created_at: Date;
  updated_at: Date;
  contact_name: string | null;
  lm_text: string | null;
  lm_direction: 'in' | 'out' | null;
  lm_sent_at: Date | null;
  label_ids: string[] | null;
}

export interface ThreadInput {
  workspaceId: string;
  channelId: string;
  threadKey: string;
  contactId: string | null;
  isGroup: boolean;
  subject: string | null;
  firstAt: Date;
}

export interface ThreadRef {
  id: string;
  workspaceId: string;
  contactId: string | null;
  inserted: boolean;
}

export interface InboundActivity {
  conversationId: string;
  workspaceId: string;
  lastAt: Date;
  inboundCount: number;
  /** The newest message of ours among them (an echo of a reply sent on the platform), if any. */
  lastOutAt: Date | null;
  /** The oldest customer message after `lastOutAt` (after everything when null): unanswered. */
  firstWaitingAt: Date | null;
}

export interface ConversationFilter {
  statuses?: ConversationStatus[];
  channelId?: string;
  priority?: ConversationPriority;
  labelId?: string;
  /** The label of the latest scored inbound message. */
  sentiment?: 'positive' | 'neutral' | 'negative';
  assignee?: { kind: 'user'; userId: string } | { kind: 'none' };
  /** A segment's predicate over the conversation's contact (`ct`): appends its values, returns SQL. */
  contactPredicate?: (params: unknown[]) => string;
  sort: ConversationSort;
  after?: ConversationPosition;
  limit: number;
  /** The member reading the list: rows carry their own unread count. */
  userId: string;
}

export interface ConversationPatch {
  status?: ConversationStatus;
  snoozedUntil?: Date | null;
  assigneeId?: string | null;
  priority?: ConversationPriority;
}

export function threadKeyOf(t: Pick<ThreadInput, 'workspaceId' | 'channelId' | 'threadKey'>): string {
  return `${t.workspaceId}\u0000${t.channelId}\u0000${t.threadKey}`;
}

/**
 * One input per distinct thread of a batch: the earliest message's, with the subject the latest
 * message that names one gives, as separate batches would leave it (a null never erases a subject).
 */
export function earliestOfEachThread(threads: ThreadInput[]): Map<string, ThreadInput> {
  return mergeByKey(threads, threadKeyOf, (held, t) => {
    const [earlier, later] = t.firstAt < held.firstAt ? [t, held] : [held, t];
    return { ...earlier, subject: later.subject ?? earlier.subject };
  });
}

/** Customer messages after the member's read position (or after they joined): at most 100 are counted. */
function unreadSql(userRef: string): string {
  return `(SELECT count(*)::int FROM (
      SELECT 1 FROM message um
       WHERE um.workspace_id = c.workspace_id AND um.conversation_id = c.id AND um.direction = 'in'
         AND um.created_at > COALESCE(
           (SELECT r.last_read_at FROM conversation_read r
             WHERE r.workspace_id = c.workspace_id AND r.conversation_id = c.id AND r.user_id = ${userRef}),
           (SELECT jm.created_at FROM workspace_member jm WHERE jm.workspace_id = c.workspace_id AND jm.user_id = ${userRef}),
           '-infinity')
       LIMIT 100) unread)`;
}

/** Named, not `c.*`: a prepared read keeps its result columns when a migration adds one. */
const CONVERSATION_COLUMNS = [
  'id',
  'workspace_id',
  'channel_id',
  'contact_id',
  'thread_key',
  'is_group',
  'subject',
  'status',
  'assignee_id',
  'priority',
  'snoozed_until',
  'last_message_at',
  'waiting_since',
  'unread_count',
  'erased_at',
  'created_at',
  'updated_at',
]
  .map((column) => `c.${column}`)
  .join(', ');

/** The list's row view; with `userRef` (a SQL parameter), the member's own unread count too. */
function viewSelect(userRef?: string): string {
  return `
  SELECT ${CONVERSATION_COLUMNS}, ct.name AS contact_name, lm.text AS lm_text, lm.direction AS lm_direction, lm.sent_at AS lm_sent_at,
         (SELECT array_agg(cl.label_id::text ORDER BY cl.created_at, cl.label_id) FROM conversation_label cl
           WHERE cl.workspace_id = c.workspace_id AND cl.conversation_id = c.id) AS label_ids
         ${userRef ? `, ${unreadSql(userRef)} AS my_unread` : ''}
    FROM conversation c
    LEFT JOIN contact ct ON ct.id = c.contact_id AND ct.workspace_id = c.workspace_id
    LEFT JOIN LATERAL (
      SELECT m.text, m.direction, m.sent_at FROM message m
       WHERE m.workspace_id = c.workspace_id AND m.conversation_id = c.id
       ORDER BY m.sent_at DESC, m.id DESC LIMIT 1
    ) lm ON true`;
}
const VIEW_SELECT = viewSelect();

/** `PRIORITY_RANK` in SQL: the cursor's rank and the order's are the same numbers. */
const PRIORITY_RANK_SQL = `(CASE c.priority ${Object.entries(PRIORITY_RANK)
  .map(([priority, rank]) => `WHEN '${priority}' THEN ${rank}`)
  .join(' ')} ELSE 0 END)`;
const WAITING_SQL = `COALESCE(c.waiting_since, 'infinity'::timestamptz)`;
const ORDER_BY: Record<ConversationSort, string> = {
  latest: 'c.last_message_at DESC, c.id DESC',
  priority: `${PRIORITY_RANK_SQL} DESC, c.last_message_at DESC, c.id DESC`,
  waiting: `${WAITING_SQL} ASC, c.last_message_at DESC, c.id DESC`,
};

@Injectable()
export class ConversationRepository {
  /** Finds or opens the conversation of every distinct thread; sorted to keep lock order stable. */
  async upsertThreads(em: EntityManager, threads: ThreadInput[]): Promise<Map<string, ThreadRef>> {
    const distinct = earliestOfEachThread(threads);
    const list = [...distinct.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t);
    const rows = await sqlRows<{
      id: string;
      workspace_id: string;
      channel_id: string;
      thread_key: string;
      contact_id: string | null;
      inserted: boolean;
    }>(
      em,
      prepared(`INSERT INTO conversation (workspace_id, channel_id, thread_key, contact_id, is_group, subject, last_message_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::boolean[], $6::text[], $7::timestamptz[])
       ON CONFLICT (workspace_id, channel_id, thread_key) DO UPDATE SET subject = COALESCE(EXCLUDED.subject, conversation.subject)
       RETURNING id, workspace_id, channel_id, thread_key, contact_id, (xmax = 0) AS inserted`),
      [
        list.map((t) => t.workspaceId),
        list.map((t) => t.channelId),
        list.map((t) => t.threadKey),
        list.map((t) => t.contactId),
        list.map((t) => t.isGroup),
        list.map((t) => t.subject),
        list.map((t) => t.firstAt.toISOString()),
      ],
    );
    const out = new Map<string, ThreadRef>();
    for (const r of rows) {
      out.set(threadKeyOf({ workspaceId: r.workspace_id, channelId: r.channel_id, threadKey: r.thread_key }), {
        id: r.id,
        workspaceId: r.workspace_id,
        contactId: r.contact_id,
        inserted: r.inserted,
      });
    }
    return out;
  }

  /**
   * Applies newly stored messages to their conversations: latest activity, unread count, and a
   * customer message reopens a resolved or snoozed conversation. Returns the previous status too.
   */
  async applyInbound(
    em: EntityManager,
    activity: InboundActivity[],
  ): Promise<{ id: string; previousStatus: ConversationStatus; status: ConversationStatus }[]> {
    if (activity.length === 0) return [];
    const sorted = [...activity].sort((a, b) => (a.conversationId < b.conversationId ? -1 : 1));
    return sqlRows(
      em,
      prepared(`WITH v AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::int[], $5::timestamptz[], $6::timestamptz[])
           AS v(id, ws, last_at, n_in, last_out, first_waiting)
       ), old AS (
         SELECT c.id, c.status FROM conversation c JOIN v ON c.id = v.id AND c.workspace_id = v.ws ORDER BY c.id FOR UPDATE
       )
       UPDATE conversation c
          SET last_message_at = GREATEST(c.last_message_at, v.last_at),
              unread_count = c.unread_count + v.n_in,
              status = CASE WHEN v.n_in > 0 AND c.status IN ('resolved', 'snoozed') THEN 'open' ELSE c.status END,
              snoozed_until = CASE WHEN v.n_in > 0 AND c.status = 'snoozed' THEN NULL ELSE c.snoozed_until END,
              waiting_since = CASE
                WHEN v.last_out IS NULL OR c.waiting_since > v.last_out THEN LEAST(c.waiting_since, v.first_waiting)
                ELSE v.first_waiting END,
              updated_at = now()
         FROM v JOIN old ON old.id = v.id
        WHERE c.id = v.id AND c.workspace_id = v.ws
        RETURNING c.id, old.status AS "previousStatus", c.status`),
      [
        sorted.map((a) => a.conversationId),
        sorted.map((a) => a.workspaceId),
        sorted.map((a) => a.lastAt.toISOString()),
        sorted.map((a) => a.inboundCount),
        sorted.map((a) => a.lastOutAt?.toISOString() ?? null),
        sorted.map((a) => a.firstWaitingAt?.toISOString() ?? null),
      ],
    );
  }

  async list(em: EntityManager, workspaceId: string, f: ConversationFilter): Promise<ConversationRow[]> {
    const where = ['c.workspace_id = $1'];
    const params: unknown[] = [workspaceId];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.statuses && f.statuses.length > 0) add('c.status = ANY(?::text[])', f.statuses);
    if (f.channelId) add('c.channel_id = ?', f.channelId);
    if (f.priority) add('c.priority = ?', f.priority);
    if (f.labelId) {
      add(
        'EXISTS (SELECT 1 FROM conversation_label fl WHERE fl.workspace_id = c.workspace_id AND fl.conversation_id = c.id AND fl.label_id = ?)',
        f.labelId,
      );
    }
    if (f.sentiment) {
      add(
        `(SELECT m.sentiment_label FROM message m WHERE m.workspace_id = c.workspace_id AND m.conversation_id = c.id
           AND m.direction = 'in' AND m.sentiment_label IS NOT NULL ORDER BY m.sent_at DESC, m.id DESC LIMIT 1) = ?`,
        f.sentiment,
      );
    }
    if (f.assignee?.kind === 'user') add('c.assignee_id = ?', f.assignee.userId);
    if (f.assignee?.kind === 'none') where.push('c.assignee_id IS NULL');
    if (f.contactPredicate) where.push(`ct.id IS NOT NULL AND ${f.contactPredicate(params)}`);
    if (f.after) where.push(afterSql(f.after, params));
    params.push(f.userId);
    const user = `$${params.length}::uuid`;
    params.push(f.limit);
    return sqlRows<ConversationRow>(
      em,
      `${viewSelect(user)} WHERE ${where.join(' AND ')} ORDER BY ${ORDER_BY[f.sort]} LIMIT $${params.length}`,
      params,
    );
  }

  /** The existing conversations of a channel's threads (none is opened): thread key → conversation id. */
  async idsByThreadKeys(
    em: EntityManager,
    workspaceId: string,
    channelId: string,
    threadKeys: string[],
  ): Promise<Map<string, string>> {
    if (threadKeys.length === 0) return new Map();
    const rows = await sqlRows<{ id: string; thread_key: string }>(
      em,
      `SELECT id, thread_key FROM conversation WHERE workspace_id = $1 AND channel_id = $2 AND thread_key = ANY($3::text[])`,
      [workspaceId, channelId, threadKeys],
    );
    return new Map(rows.map((r) => [r.thread_key, r.id]));
  }

  /** One conversation; read for a member (`userId`), it carries their own unread count. */
  async find(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    userId?: string,
  ): Promise<ConversationRow | undefined> {
    const [row] = await sqlRows<ConversationRow>(
      em,
      `${userId ? viewSelect('$3::uuid') : VIEW_SELECT} WHERE c.workspace_id = $1 AND c.id = $2`,
      userId ? [workspaceId, conversationId, userId] : [workspaceId, conversationId],
    );
    return row;
  }

  /**
   * Members' own unread counts of the given conversations: of every member of the workspace, or of
   * one (`userId`).
   */
  unreadOf(
    em: EntityManager,
    workspaceId: string,
    conversationIds: string[],
    userId?: string,
  ): Promise<{ user_id: string; conversation_id: string; unread: number }[]> {
    if (conversationIds.length === 0) return Promise.resolve([]);
    return sqlRows(
      em,
      prepared(`SELECT wm.user_id, c.id AS conversation_id, ${unreadSql('wm.user_id')} AS unread
         FROM conversation c JOIN workspace_member wm ON wm.workspace_id = c.workspace_id
        WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[]) AND ($3::uuid IS NULL OR wm.user_id = $3)`),
      [workspaceId, conversationIds, userId ?? null],
    );
  }

  async findManyViews(em: EntityManager, workspaceId: string, ids: string[]): Promise<ConversationRow[]> {
    if (ids.length === 0) return [];
    return sqlRows<ConversationRow>(
      em,
      prepared(`${VIEW_SELECT} WHERE c.workspace_id = $1 AND c.id = ANY($2::uuid[])`),
      [workspaceId, ids],
    );
  }

  async lockForUpdate(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
  ): Promise<ConversationRow | undefined> {
    const [row] = await sqlRows<ConversationRow>(
      em,
      `SELECT * FROM conversation WHERE workspace_id = $1 AND id = $2 FOR UPDATE`,
      [workspaceId, conversationId],
    );
    return row;
  }

  async update(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    patch: ConversationPatch,
  ): Promise<void> {
    const sets: string[] = [];
    const params: unknown[] = [workspaceId, conversationId];
    const set = (col: string, value: unknown): void => {
      params.push(value);
      sets.push(`${col} = $${params.length}`);
    };
    if (patch.status !== undefined) set('status', patch.status);
    if (patch.snoozedUntil !== undefined) set('snoozed_until', patch.snoozedUntil?.toISOString() ?? null);
    if (patch.assigneeId !== undefined) set('assignee_id', patch.assigneeId);
    if (patch.priority !== undefined) set('priority', patch.priority);
    if (sets.length === 0) return;
    await em.query(
      `UPDATE conversation SET ${sets.join(', ')}, updated_at = now() WHERE workspace_id = $1 AND id = $2`,
      params,
    );
  }

  /**
   * A member has read the conversation: their read position moves to its newest stored message, and
   * the conversation's shared unread count is cleared. `found` is false for an unknown conversation;
   * `sharedCleared` says whether the shared count changed.
   */
  async markRead(
    em: EntityManager,
    workspaceId: string,
    conversationId: string,
    userId: string,
  ): Promise<{ found: boolean; sharedCleared: boolean }> {
    const rows = await sqlRows<{ shared_cleared: boolean }>(
      em,
      `WITH cleared AS (
         UPDATE conversation SET unread_count = 0, updated_at = now()
          WHERE workspace_id = $1 AND id = $2 AND unread_count > 0 RETURNING id
       )
       INSERT INTO conversation_read (workspace_id, conversation_id, user_id, last_read_at)
       SELECT c.workspace_id, c.id, $3,
              COALESCE((SELECT max(m.created_at) FROM message m WHERE m.workspace_id = c.workspace_id AND m.conversation_id = c.id), now())
         FROM conversation c WHERE c.workspace_id = $1 AND c.id = $2
       ON CONFLICT (workspace_id, conversation_id, user_id)
       DO UPDATE SET last_read_at = GREATEST(conversation_read.last_read_at, EXCLUDED.last_read_at)
       RETURNING EXISTS (SELECT 1 FROM cleared) AS shared_cleared`,
      [workspaceId, conversationId, userId],
    );
    return { found: rows.length > 0, sharedCleared: rows[0]?.shared_cleared ?? false };
  }

  /**
   * Reopens snoozed conversations whose time has come (all due ones, or the given one). Returns the
   * reopened rows; a conversation that moved on (woken by a message, snoozed again) is left alone.
   */
  wakeDue(
    em: EntityManager,
    target?: { workspaceId: string; conversationId: string },
    limit = 500,
  ): Promise<{ id: string; workspace_id: string; contact_id: string | null }[]> {
    return sqlRows(
      em,
      `UPDATE conversation c SET status = 'open', snoozed_until = NULL, updated_at = now()
        WHERE c.id IN (
          SELECT id FROM conversation
           WHERE status = 'snoozed' AND snoozed_until IS NOT NULL AND snoozed_until <= now()
             AND ($1::uuid IS NULL OR (workspace_id = $1 AND id = $2))
           ORDER BY snoozed_until LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING c.id, c.workspace_id, c.contact_id`,
      [target?.workspaceId ?? null, target?.conversationId ?? null, limit],
    );
  }

  /** An agent's reply: the conversation's activity moves on, its unread count is cleared, nobody waits. */
  async touchOutbound(em: EntityManager, workspaceId: string, conversationId: string, at: Date): Promise<void> {
    await em.query(
      `UPDATE conversation SET last_message_at = GREATEST(last_message_at, $3), unread_count = 0, waiting_since = NULL,
              updated_at = now()
        WHERE workspace_id = $1 AND id = $2`,
      [workspaceId, conversationId, at.toISOString()],
    );
  }

  /**
   * Raises the priority of the conversations these messages belong to to at least `priority`, in one
   * statement; returns the ids of the conversations changed.
   */
  async raisePriorityOfMessages(
    em: EntityManager,
    workspaceId: string,
    messageIds: string[],
    priority: 'high' | 'urgent',
  ): Promise<string[]> {
    if (messageIds.length === 0) return [];
    const lower = priority === 'urgent' ? ['none', 'low', 'medium', 'high'] : ['none', 'low', 'medium'];
    const rows = await sqlRows<{ id: string }>(
      em,
      `UPDATE conversation SET priority = $3, updated_at = now()
        WHERE workspace_id = $1 AND priority = ANY($4::text[])
          AND id IN (SELECT conversation_id FROM message WHERE workspace_id = $1 AND id = ANY($2::uuid[]))
        RETURNING id`,
      [workspaceId, messageIds, priority, lower],
    );
    return rows.map((r) => r.id);
  }
}

/** The keyset condition for the rows after `p` in its sort order; pushes its parameters. */
function afterSql(p: ConversationPosition, params: unknown[]): string {
  params.push(p.at.toISOString(), p.id);
  const rest = `(c.last_message_at, c.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`;
  if (p.sort === 'latest') return rest;
  if (p.sort === 'priority') {
    params.push(p.rank);
    return `(${PRIORITY_RANK_SQL}, c.last_message_at, c.id) < ($${params.length}::int, $${params.length - 2}::timestamptz, $${params.length - 1}::uuid)`;
  }
  params.push(p.waitingSince?.toISOString() ?? 'infinity');
  const w = `$${params.length}::timestamptz`;
  return `(${WAITING_SQL} > ${w} OR (${WAITING_SQL} = ${w} AND ${rest}))`;
}
