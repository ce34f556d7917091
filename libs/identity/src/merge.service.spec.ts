import { chooseFields, restoreFields } from './merge.service';

describe('chooseFields', () => {
  const self = { name: 'Ann', avatar_url: null, last_seen_at: '2026-01-01T00:00:00.000Z' };
  const other = { name: 'Ann Lee', avatar_url: 'https://a/1.png', last_seen_at: '2026-02-01T00:00:00.000Z' };

  it("keeps the survivor's values, filling gaps from the other, and takes the later last-seen", () => {
    expect(chooseFields(self, other)).toEqual({
      name: 'Ann',
      avatar_url: 'https://a/1.png',
      last_seen_at: '2026-02-01T00:00:00.000Z',
      lifecycle_stage: 'new',
      attributes: {},
    });
  });

  it('follows explicit choices, even when the chosen value is empty', () => {
    expect(chooseFields(self, other, { name: 'other', avatarUrl: 'self' })).toMatchObject({
      name: 'Ann Lee',
      avatar_url: null,
    });
  });

  it('keeps a stage other than new, and combines attribute values key by key', () => {
    const a = { ...self, lifecycle_stage: 'new' as const, attributes: { plan: 'free', seats: 2 } };
    const b = { ...other, lifecycle_stage: 'vip' as const, attributes: { plan: 'pro', city: 'Shanghai' } };
    expect(chooseFields(a, b)).toMatchObject({
      lifecycle_stage: 'vip',
      attributes: { plan: 'free', seats: 2, city: 'Shanghai' },
    });
    expect(chooseFields({ ...a, lifecycle_stage: 'customer' }, b)).toMatchObject({ lifecycle_stage: 'customer' });
    expect(chooseFields(a, b, { attributes: 'other', lifecycleStage: 'self' })).toMatchObject({
      lifecycle_stage: 'new',
      attributes: { plan: 'pro', seats: 2, city: 'Shanghai' },
    });
  });
});

describe('restoreFields', () => {
  const before = {
    name: 'Ann',
    avatar_url: null,
    last_seen_at: null,
    lifecycle_stage: 'new' as const,
    attributes: { plan: 'free' },
  };
  const after = { ...before, lifecycle_stage: 'vip' as const, attributes: { plan: 'free', city: 'Shanghai' } };

  it('puts back what the merge chose, and keeps what changed since', () => {
    expect(restoreFields(after, { surviving_before: before, surviving_after: after })).toMatchObject({
      lifecycle_stage: 'new',
      attributes: { plan: 'free' },
    });
    const edited = {
      ...after,
      lifecycle_stage: 'customer' as const,
      attributes: { plan: 'pro', city: 'Shanghai', seats: 3 },
    };
    expect(restoreFields(edited, { surviving_before: before, surviving_after: after })).toMatchObject({
      lifecycle_stage: 'customer',
      attributes: { plan: 'pro', seats: 3 },
    });
  });
});
