import { InProcessDriver } from './in-process.driver';
import { JobName, QueueName } from './job-catalogue';
import { DeferJobError, MAX_JOB_DEFERRALS, type JobContext } from './job-handler';

function settled(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('InProcessDriver deferrals', () => {
  const errors: { willRetry: boolean }[] = [];
  let driver: InProcessDriver;

  beforeEach(() => {
    errors.length = 0;
    driver = new InProcessDriver((_job, _err, willRetry) => errors.push({ willRetry }));
  });

  afterEach(() => driver.close());

  it('runs a deferred job again without using up an attempt', async () => {
    const seen: JobContext[] = [];
    const done = settled();
    await driver.startWorkers([{ queue: QueueName.Outbound, concurrency: 1 }], (_name, _payload, ctx) => {
      seen.push(ctx);
      if (seen.length <= 3) return Promise.reject(new DeferJobError(1, 'rate limited'));
      done.resolve();
      return Promise.resolve();
    });
    await driver.addBulk(
      QueueName.Outbound,
      [{ name: JobName.OutboundSend, payload: { workspaceId: 'w', messageId: 'm' } }],
      { attempts: 2, backoffMs: 1 },
    );
    await done.promise;
    expect(seen.map((c) => c.attempt)).toEqual([1, 1, 1, 1]);
    expect(seen.every((c) => !c.isFinalAttempt)).toBe(true);
    // A deferral is not a failure: nothing was reported as one.
    expect(errors).toEqual([]);
  });

  it('counts deferrals past the cap as ordinary failed attempts', async () => {
    let runs = 0;
    const done = settled();
    await driver.startWorkers([{ queue: QueueName.Outbound, concurrency: 1 }], () => {
      runs++;
      if (runs === MAX_JOB_DEFERRALS + 2) done.resolve();
      return Promise.reject(new DeferJobError(0, 'still rate limited'));
    });
    await driver.addBulk(
      QueueName.Outbound,
      [{ name: JobName.OutboundSend, payload: { workspaceId: 'w', messageId: 'm' } }],
      { attempts: 2, backoffMs: 1 },
    );
    await done.promise;
    await driver.close();
    // The run after the cap failed attempt 1 (retried); the next failed the last attempt.
    expect(errors).toEqual([{ willRetry: true }, { willRetry: false }]);
  });
});
