import type { UnitOfWork } from '@scrm/database';
import type { InboxPublisher } from '@scrm/inbox';
import { JobName, type QueueService } from '@scrm/queue';
import type { SentimentResult } from '@scrm/sentiment';
import type { MessageSentimentScorer } from './message-sentiment-scorer';
import { MessageSentimentService } from './message-sentiment.service';
import type { SentimentCorrectionRepository } from './sentiment-correction.repository';

function build(stale: { id: string; text: string; sentiment_label: string | null }[]) {
  const written: string[][] = [];
  const repo = {
    staleScored: jest.fn().mockResolvedValue(stale),
    rescore: jest.fn((_tx: unknown, _ws: string, rows: { id: string }[]) => {
      written.push(rows.map((r) => r.id));
      return Promise.resolve(rows.map((r) => r.id));
    }),
  };
  const scorer = {
    modelVersion: 'v2',
    score: (text: string): SentimentResult => ({
      label: text.includes('bad') ? 'negative' : 'positive',
      score: 0,
      confidence: 0.9,
      language: 'en',
      modelVersion: 'v2',
    }),
  };
  const uow = { manager: {}, run: (fn: (tx: unknown) => unknown) => fn({}) };
  const publisher = { messagesChanged: jest.fn().mockResolvedValue(undefined) };
  const queue = { enqueue: jest.fn().mockResolvedValue(undefined) };
  const service = new MessageSentimentService(
    uow as unknown as UnitOfWork,
    repo as unknown as SentimentCorrectionRepository,
    scorer as unknown as MessageSentimentScorer,
    publisher as unknown as InboxPublisher,
    queue as unknown as QueueService,
  );
  return { service, repo, publisher, queue, written };
}

describe('MessageSentimentService re-scoring', () => {
  it('re-labels messages from an older model and re-runs detection only for changed labels', async () => {
    const { service, publisher, queue, written } = build([
      { id: 'm1', text: 'bad service', sentiment_label: 'positive' },
      { id: 'm2', text: 'great', sentiment_label: 'positive' },
    ]);
    await service.rescorePage('ws', '2026-01-01T00:00:00Z', undefined);
    expect(written).toEqual([['m1', 'm2']]);
    expect(publisher.messagesChanged).toHaveBeenCalledWith('ws', ['m1'], 'message.updated');
    expect(queue.enqueue).toHaveBeenCalledWith(JobName.CrisisDetect, {
      workspaceId: 'ws',
      messageIds: ['m1'],
      recount: true,
    });
    expect(queue.enqueue).not.toHaveBeenCalledWith(JobName.SentimentRescore, expect.anything());
  });

  it('does nothing when every message already carries the current model', async () => {
    const { service, repo, queue } = build([]);
    await service.rescorePage('ws', '2026-01-01T00:00:00Z', undefined);
    expect(repo.rescore).not.toHaveBeenCalled();
    expect(queue.enqueue).not.toHaveBeenCalled();
  });
});
