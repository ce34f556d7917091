import { containsPattern } from './like-pattern';

describe('containsPattern', () => {
  it('matches the text anywhere, with LIKE wildcards taken literally', () => {
    expect(containsPattern('退款')).toBe('%退款%');
    expect(containsPattern('100%_off\\now')).toBe('%100\\%\\_off\\\\now%');
  });
});
