import { Redis } from 'ioredis';
import { BullmqDriver } from '../libs/queue/src/bullmq.driver';
import { JobName, QueueName } from '../libs/queue/src/job-catalogue';
import { REDIS_URL } from './support/env';
import { createRedisPrefix, waitFor } from './support/test-services';

/**
 * The BullMQ driver on real Redis: a job that failed for good is kept for inspection, and a sweeper's
 * re-enqueue under the same job id must run again rather than be deduplicated against the dead job.
 */
describe('BullMQ driver', () => {
  const redis = createRedisPrefix();
  const clients: Redis[] = [];
  const driver = new BullmqDriver(
    () => {
      const c = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      clients.push(c);
      return c;
    },
    `${redis.prefix}:bull`,
    5_000,
  );
  const runs: string[] = [];
  let failing = true;

  beforeAll(() =>
    driver.startWorkers([{ queue: QueueName.Ingest, concurrency: 1 }], (_name, payload) => {
      const { inboundIds } = payload as { inboundIds: string[] };
      runs.push(inboundIds[0]);
      return failing ? Promise.reject(new Error('database unavailable')) : Promise.resolve();
    }),
  );

  afterAll(async () => {
    await driver.close();
    await Promise.all(clients.map((c) => c.quit()));
    await redis.cleanup();
  });

  const job = (replaceFailed?: boolean) => ({
    name: JobName.IngestInbound,
    payload: { workspaceId: 'w', inboundIds: ['row-1'] },
    options: { jobId: 'in-row-1', replaceFailed },
  });

  it('re-runs a job that failed for good only when the re-enqueue asks to replace it', async () => {
    await driver.addBulk(QueueName.Ingest, [job()], { attempts: 1, backoffMs: 10 });
    await waitFor('the first run', () => Promise.resolve(runs.length === 1));
    failing = false;

    // Same id, plain enqueue: deduplicated against the failed job, nothing runs.
    await driver.addBulk(QueueName.Ingest, [job()], { attempts: 1, backoffMs: 10 });
    await new Promise((r) => setTimeout(r, 500));
    expect(runs).toHaveLength(1);

    await driver.addBulk(QueueName.Ingest, [job(true)], { attempts: 1, backoffMs: 10 });
    await waitFor('the swept job to run', () => Promise.resolve(runs.length === 2));
    expect(runs).toEqual(['row-1', 'row-1']);
  });
});
