import { decodePosition, encodePosition, positionOf } from './conversation-cursor';

const row = {
  id: '3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60',
  last_message_at: new Date('2026-12-01T10:00:00.123Z'),
  priority: 'high' as const,
  waiting_since: new Date('2026-12-01T09:00:00.000Z'),
};

describe('conversation list cursors', () => {
  it.each(['latest', 'priority', 'waiting'] as const)('round-trips a %s position', (sort) => {
    const p = positionOf(sort, row);
    expect(decodePosition(encodePosition(p), sort)).toEqual(p);
  });

  it('keeps "nobody waiting" (null) distinct from a time', () => {
    const p = positionOf('waiting', { ...row, waiting_since: null });
    expect(decodePosition(encodePosition(p), 'waiting')).toEqual({ ...p, waitingSince: null });
  });

  it('ranks priorities urgent first', () => {
    expect(positionOf('priority', { ...row, priority: 'urgent' })).toMatchObject({ rank: 4 });
    expect(positionOf('priority', { ...row, priority: 'none' })).toMatchObject({ rank: 0 });
  });

  it('refuses a cursor of another sort, and garbage, with a 400 naming the problem', () => {
    const latest = encodePosition(positionOf('latest', row));
    expect(() => decodePosition(latest, 'priority')).toThrow('cursor belongs to sort=latest, not sort=priority');
    expect(() => decodePosition('bm9wZQ', 'latest')).toThrow('cursor is not a valid pagination cursor');
    const badRank = Buffer.from(JSON.stringify(['priority', 9, row.last_message_at, row.id])).toString('base64url');
    expect(() => decodePosition(badRank, 'priority')).toThrow('cursor is not a valid pagination cursor');
    expect(decodePosition(undefined, 'latest')).toBeUndefined();
  });
});
