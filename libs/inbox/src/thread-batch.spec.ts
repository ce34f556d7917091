import { earliestOfEachThread, type ThreadInput } from './conversation.repository';

const thread = (over: Partial<ThreadInput>): ThreadInput => ({
  workspaceId: 'w1',
  channelId: 'c1',
  threadKey: 'room-1',
  contactId: null,
  isGroup: true,
  subject: null,
  firstAt: new Date('2026-11-12T08:00:00Z'),
  ...over,
});

describe('earliestOfEachThread', () => {
  it('starts a thread at its earliest message and keeps the latest subject a message of the batch named', () => {
    const merged = earliestOfEachThread([
      thread({ subject: 'Old name', firstAt: new Date('2026-11-12T09:00:00Z') }),
      thread({}),
      thread({ subject: 'New name', firstAt: new Date('2026-11-12T10:00:00Z') }),
      thread({ firstAt: new Date('2026-11-12T11:00:00Z') }),
    ]);
    expect([...merged.values()]).toEqual([thread({ subject: 'New name' })]);
  });

  it('keeps different threads apart', () => {
    const merged = earliestOfEachThread([thread({ subject: 'A' }), thread({ threadKey: 'room-2' })]);
    expect([...merged.values()].map((t) => [t.threadKey, t.subject])).toEqual([
      ['room-1', 'A'],
      ['room-2', null],
    ]);
  });
});
