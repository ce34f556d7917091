import { Logger } from '@nestjs/common';
import type { AppConfig } from '@scrm/config';
import type { UnitOfWork } from '@scrm/database';
import { JobName, type QueueService } from '@scrm/queue';
import type { CrisisAlertRepository } from './crisis-alert.repository';
import type { CrisisBucketRepository } from './crisis-bucket.repository';
import { CrisisDetectionService } from './crisis-detection.service';
import type { CrisisKeywordSetRepository } from './crisis-keyword-set.repository';
import type { CrisisNotifier } from './crisis-notifier.service';

/**
 * `detectSoon` is the in-process hand-off after ingest: these tests hold the run's transaction open
 * to see what the caller, a failure and shutdown do meanwhile. The counting itself is tested on
 * PostgreSQL in test/crisis.e2e-spec.ts.
 */
describe('CrisisDetectionService.detectSoon', () => {
  const settings = { crisisCooldownMinutes: 120, crisisInfluencerReach: 50_000 };

  function service(
    run: () => Promise<unknown>,
    runsWorker = true,
  ): { detection: CrisisDetectionService; runs: () => number; queued: unknown[][] } {
    let runs = 0;
    const queued: unknown[][] = [];
    const queue = {
      enqueue: (...args: unknown[]) => {
        queued.push(args);
        return Promise.resolve();
      },
    } as unknown as QueueService;
    const uow = {
      run: () => {
        runs++;
        return run();
      },
    } as unknown as UnitOfWork;
    const notifier = { alertsChanged: () => Promise.resolve() } as unknown as CrisisNotifier;
    const detection = new CrisisDetectionService(
      uow,
      {} as CrisisBucketRepository,
      {} as CrisisAlertRepository,
      {} as CrisisKeywordSetRepository,
      notifier,
      queue,
      { ...settings, runsWorker } as unknown as AppConfig,
    );
    return { detection, runs: () => runs, queued };
  }

  afterEach(() => jest.restoreAllMocks());

  it('returns at once, and shutdown waits for the run to finish', async () => {
    let finish!: () => void;
    const { detection, runs } = service(
      () => new Promise((resolve) => (finish = () => resolve({ created: [], updated: new Set() }))),
    );
    detection.detectSoon('ws-1', ['m-1', 'm-2']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs()).toBe(1);

    let shutDown = false;
    const shutdown = detection.beforeApplicationShutdown().then(() => (shutDown = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(shutDown).toBe(false);
    finish();
    await shutdown;
    expect(shutDown).toBe(true);

    // After shutdown began, nothing new starts: the outbox rows wait for the sweeper.
    detection.detectSoon('ws-1', ['m-3']);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs()).toBe(1);
  });

  it('logs a failed run instead of raising it, and leaves it to the sweeper', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const { detection, runs } = service(() => Promise.reject(new Error('connection lost')));
    detection.detectSoon('ws-1', ['m-1']);
    await detection.beforeApplicationShutdown();
    expect(runs()).toBe(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('connection lost'));
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('sweeper'));
  });

  it('starts nothing for an empty batch', async () => {
    const { detection, runs } = service(() => Promise.resolve({ created: [], updated: new Set() }));
    detection.detectSoon('ws-1', [], []);
    await detection.beforeApplicationShutdown();
    expect(runs()).toBe(0);
  });

  it('queues the job instead in a process that does not run jobs (an api node)', async () => {
    const { detection, runs, queued } = service(() => Promise.resolve({ created: [], updated: new Set() }), false);
    detection.detectSoon('ws-1', ['m-1'], ['e-1']);
    await detection.beforeApplicationShutdown();
    expect(runs()).toBe(0);
    expect(queued).toEqual([[JobName.CrisisDetect, { workspaceId: 'ws-1', messageIds: ['m-1'], eventIds: ['e-1'] }]]);
  });
});
