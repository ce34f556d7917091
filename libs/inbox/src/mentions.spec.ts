import { findMentions } from './mentions';

const members = [
  { userId: 'u1', name: 'Li Lei', email: 'lilei@example.com' },
  { userId: 'u2', name: '张伟', email: 'zw@example.com' },
  { userId: 'u3', name: 'Li', email: 'li@example.com' },
];

describe('findMentions', () => {
  it('finds members by full name, email and email name, CJK without a following space', () => {
    expect(findMentions('@Li Lei please check', members)).toEqual(expect.arrayContaining(['u1']));
    expect(findMentions('ask @zw', members)).toEqual(['u2']);
    expect(findMentions('@张伟请看一下', members)).toEqual(['u2']);
    expect(findMentions('cc @lilei@example.com.', members)).toEqual(['u1']);
  });

  it('does not treat a longer handle as a shorter one', () => {
    expect(findMentions('@Lily hi', members)).toEqual([]);
    expect(findMentions('no mention here', members)).toEqual([]);
  });
});
