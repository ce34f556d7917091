import { nextInTurn } from './round-robin';

describe('nextInTurn', () => {
  const agents = [
    { userId: 'a', load: 0 },
    { userId: 'b', load: 2 },
    { userId: 'c', load: 1 },
  ];

  it('takes turns by id after the last assignee, wrapping around', () => {
    expect(nextInTurn(agents, null, 5)).toBe('a');
    expect(nextInTurn(agents, 'a', 5)).toBe('b');
    expect(nextInTurn(agents, 'c', 5)).toBe('a');
  });

  it('skips agents at capacity and gives up when all are full', () => {
    expect(nextInTurn(agents, 'a', 2)).toBe('c');
    expect(nextInTurn(agents, null, 0)).toBeUndefined();
    expect(nextInTurn([], null, 3)).toBeUndefined();
  });
});
