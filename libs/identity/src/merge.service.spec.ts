import { chooseFields } from './merge.service';

describe('chooseFields', () => {
  const self = { name: 'Ann', avatar_url: null, last_seen_at: '2026-01-01T00:00:00.000Z' };
  const other = { name: 'Ann Lee', avatar_url: 'https://a/1.png', last_seen_at: '2026-02-01T00:00:00.000Z' };

  it("keeps the survivor's values, filling gaps from the other, and takes the later last-seen", () => {
    expect(chooseFields(self, other)).toEqual({
      name: 'Ann',
      avatar_url: 'https://a/1.png',
      last_seen_at: '2026-02-01T00:00:00.000Z',
    });
  });

  it('follows explicit choices, even when the chosen value is empty', () => {
    expect(chooseFields(self, other, { name: 'other', avatarUrl: 'self' })).toMatchObject({
      name: 'Ann Lee',
      avatar_url: null,
    });
  });
});
