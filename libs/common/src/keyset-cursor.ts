import { AppException } from './app.exception';

/**
 * Opaque keyset cursors: (timestamp, id) pairs encoded as base64url JSON. Clients treat them as opaque
 * strings; a tampered cursor is a 400, not a 500.
 */
export interface KeysetPosition {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeCursor(position: KeysetPosition): string {
  return encodeExactCursor({ at: position.at.toISOString(), id: position.id });
}

export function decodeCursor(cursor: string | undefined): KeysetPosition | undefined {
  return decodePair(cursor, (at) => {
    const date = new Date(at);
    return Number.isNaN(date.getTime()) ? undefined : date;
  });
}

/**
 * Decodes a base64url JSON `[at, id]` pair, `at` checked (and converted) by `parseAt`; undefined for no
 * cursor, a 400 for one that does not parse (the client's error, not a 500).
 */
function decodePair<T>(
  cursor: string | undefined,
  parseAt: (at: string) => T | undefined,
): { at: T; id: string } | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2) {
      const [at, id] = parsed as unknown[];
      const value = typeof at === 'string' ? parseAt(at) : undefined;
      if (value !== undefined && typeof id === 'string' && UUID.test(id)) return { at: value, id };
    }
  } catch {
    // fall through to the 400 below: a cursor that does not parse is the client's error
  }
  throw AppException.invalid('cursor is not a valid pagination cursor');
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * A keyset position whose timestamp is kept as PostgreSQL printed it (to the microsecond), for
 * columns filled by `now()`: a JavaScript Date would round it to the millisecond and skip rows.
 */
export interface ExactKeysetPosition {
  at: string;
  id: string;
}

const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/;

export function encodeExactCursor(position: ExactKeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

export function decodeExactCursor(cursor: string | undefined): ExactKeysetPosition | undefined {
  return decodePair(cursor, (at) => (PG_TIMESTAMP.test(at) ? at : undefined));
}
