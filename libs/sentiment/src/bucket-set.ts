import { type FeatureBuffer } from './feature-buffer';
import type { SparseVector } from './linear-head';

/**
 * The distinct hash buckets of a feature buffer, for scoring: the same set as `LinearHead.encode`,
 * in first-seen order instead of sorted, found with a small open-addressing table that is reused
 * across calls. Sorting a few hundred indices per message cost as much as the extraction of English
 * features. The order does not change a margin: the decoded weights of a head are float32 multiples
 * of one unit spanning less than 2^40 of it, so their float64 sum is exact in any order.
 */
export class BucketSet {
  /** Bucket + 1 per slot, 0 when the slot is empty. */
  private table = new Int32Array(1024);
  private tableBits = 10;
  private indices = new Int32Array(512);

  collect(buf: FeatureBuffer, bits: number): SparseVector {
    const n = buf.length;
    if (2 * n > this.table.length) {
      while (1 << this.tableBits < 2 * n) this.tableBits++;
      this.table = new Int32Array(1 << this.tableBits);
      this.indices = new Int32Array(1 << (this.tableBits - 1));
    } else {
      this.table.fill(0);
    }
    const table = this.table;
    const indices = this.indices;
    const mask = (1 << bits) - 1;
    const slotMask = table.length - 1;
    const shift = 32 - this.tableBits;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const bucket = buf.hashes[i] & mask;
      const key = bucket + 1;
      let slot = Math.imul(key, 0x9e3779b1) >>> shift;
      for (;;) {
        const held = table[slot];
        if (held === 0) {
          table[slot] = key;
          indices[count++] = bucket;
          break;
        }
        if (held === key) break;
        slot = (slot + 1) & slotMask;
      }
    }
    return { indices: indices.subarray(0, count), value: count > 0 ? 1 / Math.sqrt(count) : 0 };
  }
}
