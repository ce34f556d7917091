import { BucketSet } from './bucket-set';
import { FeatureBuffer } from './feature-buffer';
import { LinearHead } from './linear-head';

function bufferOf(hashes: readonly number[]): FeatureBuffer {
  const buf = new FeatureBuffer(4);
  for (const h of hashes) buf.push(h);
  return buf;
}

describe('BucketSet', () => {
  it('finds the same distinct buckets and norm as LinearHead.encode', () => {
    const set = new BucketSet();
    let seed = 7;
    for (const size of [1, 3, 200, 600, 3000, 40]) {
      const hashes: number[] = [];
      for (let i = 0; i < size; i++) {
        seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
        // Few distinct values among many, so that duplicates and hash-slot collisions both occur.
        hashes.push(i % 3 === 0 ? (hashes[Math.floor(i / 2)] ?? seed) : seed | 0);
      }
      const buf = bufferOf(hashes);
      const expected = LinearHead.encode(buf, 19);
      const got = set.collect(buf, 19);
      expect(Array.from(got.indices).sort((a, b) => a - b)).toEqual(Array.from(expected.indices));
      expect(got.value).toBe(expected.value);
    }
  });

  it('returns an empty vector for an empty buffer', () => {
    const got = new BucketSet().collect(new FeatureBuffer(), 20);
    expect(got.indices.length).toBe(0);
    expect(got.value).toBe(0);
  });
});
