import { GroupCommitter } from './group-committer';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A committer whose flushes succeed at once and are recorded. */
function recording(maxItems: number, maxConcurrent: number, lingerMs: number) {
  const flushes: number[][] = [];
  const committer = new GroupCommitter<number>(
    (items) => {
      flushes.push(items);
      return Promise.resolve();
    },
    maxItems,
    maxConcurrent,
    lingerMs,
  );
  return { flushes, committer };
}

describe('GroupCommitter', () => {
  it('flushes at once when idle and groups what arrives while a flush runs', async () => {
    const flushes: number[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const committer = new GroupCommitter<number>(
      async (items) => {
        flushes.push(items);
        if (flushes.length === 1) await gate;
      },
      100,
      1,
    );
    const first = committer.submit([1]);
    const rest = [committer.submit([2]), committer.submit([3, 4])];
    expect(flushes).toEqual([[1]]);
    release();
    await Promise.all([first, ...rest]);
    expect(flushes).toEqual([[1], [2, 3, 4]]);
  });

  it('with a linger, flushes an item that arrives after a quiet spell at once', async () => {
    const { flushes, committer } = recording(100, 2, 60_000);
    const first = committer.submit([1]);
    expect(flushes).toEqual([[1]]);
    await first;
  });

  it('with a linger, holds a short batch that arrives while busy until its oldest item has waited that long', async () => {
    const flushes: { items: number[]; at: number }[] = [];
    const committer = new GroupCommitter<number>(
      (items) => {
        flushes.push({ items, at: Date.now() });
        return Promise.resolve();
      },
      100,
      2,
      40,
    );
    await committer.submit([0]);
    await sleep(5);
    const start = Date.now();
    const a = committer.submit([1]);
    await sleep(10);
    const b = committer.submit([2]);
    await Promise.all([a, b]);
    expect(flushes.map((f) => f.items)).toEqual([[0], [1, 2]]);
    expect(flushes[1]!.at - start).toBeGreaterThanOrEqual(35);
  });

  it('with a linger, flushes a full batch without waiting', async () => {
    const { flushes, committer } = recording(3, 1, 60_000);
    await committer.submit([0]);
    await Promise.all([committer.submit([1, 2]), committer.submit([3])]);
    expect(flushes).toEqual([[0], [1, 2, 3]]);
  });

  it('retries each caller alone when a shared flush fails, so one bad item fails only its caller', async () => {
    const committer = new GroupCommitter<number>(
      (items) => (items.includes(13) ? Promise.reject(new Error('bad item')) : Promise.resolve()),
      100,
      1,
      5,
    );
    const results = await Promise.allSettled([committer.submit([1]), committer.submit([13]), committer.submit([2])]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });
});
