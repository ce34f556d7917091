import { handleKey, latestOfEachHandle, type HandleInput } from './identity.repository';

const handle = (over: Partial<HandleInput>): HandleInput => ({
  workspaceId: 'w1',
  channelType: 'webhook',
  scopeKey: '',
  platformUserId: 'u-3',
  displayName: null,
  avatarUrl: null,
  seenAt: new Date('2026-11-12T08:00:00Z'),
  ...over,
});

describe('latestOfEachHandle', () => {
  it('keeps a name an earlier message of the same batch gave when a later one gives none', () => {
    const merged = latestOfEachHandle([
      handle({ displayName: 'Bob', avatarUrl: 'https://a.example/bob.png', followersCount: 12 }),
      handle({ seenAt: new Date('2026-11-13T08:00:00Z') }),
    ]);
    expect([...merged.values()]).toEqual([
      handle({
        displayName: 'Bob',
        avatarUrl: 'https://a.example/bob.png',
        followersCount: 12,
        verified: null,
        unionId: null,
        seenAt: new Date('2026-11-13T08:00:00Z'),
      }),
    ]);
  });

  it('prefers the most recently seen value whichever order the batch holds them in', () => {
    const later = handle({ displayName: 'Robert', seenAt: new Date('2026-11-13T08:00:00Z') });
    const earlier = handle({ displayName: 'Bob', verified: true });
    const merged = latestOfEachHandle([later, earlier]).get(handleKey(later))!;
    expect(merged.displayName).toBe('Robert');
    expect(merged.verified).toBe(true);
    expect(merged.seenAt).toEqual(later.seenAt);
  });

  it('keeps different handles apart', () => {
    const merged = latestOfEachHandle([handle({ displayName: 'Bob' }), handle({ platformUserId: 'u-4' })]);
    expect([...merged.values()].map((h) => [h.platformUserId, h.displayName])).toEqual([
      ['u-3', 'Bob'],
      ['u-4', null],
    ]);
  });
});
