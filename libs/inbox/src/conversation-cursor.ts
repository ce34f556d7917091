import { AppException, isUuid } from '@scrm/common';
import type { ConversationPriority } from '@scrm/database';

export const CONVERSATION_SORTS = ['latest', 'priority', 'waiting'] as const;
export type ConversationSort = (typeof CONVERSATION_SORTS)[number];

export const PRIORITY_RANK: Record<ConversationPriority, number> = { urgent: 4, high: 3, medium: 2, low: 1, none: 0 };

/**
 * Where a page of the conversation list ended, in the keys of its sort: `latest` is (last activity, id)
 * newest first; `priority` adds the priority rank before them; `waiting` puts the oldest unanswered
 * customer message first (`waitingSince` null = nobody waiting, after everyone who is).
 */
export type ConversationPosition =
  | { sort: 'latest'; at: Date; id: string }
  | { sort: 'priority'; rank: number; at: Date; id: string }
  | { sort: 'waiting'; waitingSince: Date | null; at: Date; id: string };

export function positionOf(
  sort: ConversationSort,
  row: { id: string; last_message_at: Date; priority: ConversationPriority; waiting_since: Date | null },
): ConversationPosition {
  const at = row.last_message_at;
  if (sort === 'priority') return { sort, rank: PRIORITY_RANK[row.priority], at, id: row.id };
  if (sort === 'waiting') return { sort, waitingSince: row.waiting_since, at, id: row.id };
  return { sort, at, id: row.id };
}

export function encodePosition(p: ConversationPosition): string {
  const key = p.sort === 'priority' ? p.rank : p.sort === 'waiting' ? (p.waitingSince?.toISOString() ?? null) : null;
  return Buffer.from(JSON.stringify([p.sort, key, p.at.toISOString(), p.id])).toString('base64url');
}

const date = (v: unknown): Date | undefined => {
  const d = typeof v === 'string' ? new Date(v) : undefined;
  return d && !Number.isNaN(d.getTime()) ? d : undefined;
};

/** Reads a cursor of the list's current sort; anything else is the client's error (400). */
export function decodePosition(cursor: string | undefined, sort: ConversationSort): ConversationPosition | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (Array.isArray(parsed) && parsed.length === 4) {
    const [s, key, atRaw, id] = parsed as unknown[];
    const at = date(atRaw);
    if (s !== sort && typeof s === 'string' && (CONVERSATION_SORTS as readonly string[]).includes(s)) {
      throw AppException.invalid(`cursor belongs to sort=${s}, not sort=${sort}`);
    }
    if (at && typeof id === 'string' && isUuid(id)) {
      if (sort === 'latest' && key === null) return { sort, at, id };
      if (sort === 'priority' && typeof key === 'number' && Number.isInteger(key) && key >= 0 && key <= 4) {
        return { sort, rank: key, at, id };
      }
      if (sort === 'waiting' && (key === null || date(key))) {
        return { sort, waitingSince: key === null ? null : date(key)!, at, id };
      }
    }
  }
  throw AppException.invalid('cursor is not a valid pagination cursor');
}
