import { type FeatureBuffer } from './feature-buffer';
import type { LinearHeadData } from './sentiment-model';

/** Sparse, binary, length-normalised view of a feature buffer in one head's hash space. */
export interface SparseVector {
  indices: Int32Array;
  /** Every present feature has this value: 1/sqrt(number of distinct features). */
  value: number;
}

/**
 * Binary presence features, normalised to unit length. Presence rather than counts because a word
 * repeated in one message says little more than once; unit length so that long reviews and short
 * posts get comparable margins.
 */
export class LinearHead {
  constructor(readonly data: LinearHeadData) {}

  static encode(buf: FeatureBuffer, bits: number): SparseVector {
    const mask = (1 << bits) - 1;
    const raw = new Int32Array(buf.length);
    for (let i = 0; i < buf.length; i++) raw[i] = buf.hashes[i] & mask;
    raw.sort();
    let n = 0;
    for (let i = 0; i < raw.length; i++) {
      if (i === 0 || raw[i] !== raw[i - 1]) raw[n++] = raw[i];
    }
    const indices = raw.slice(0, n);
    return { indices, value: n > 0 ? 1 / Math.sqrt(n) : 0 };
  }

  static sigmoid(x: number): number {
    return 1 / (1 + Math.exp(-x));
  }

  margin(v: SparseVector): number {
    const w = this.data.weights;
    let sum = 0;
    for (let i = 0; i < v.indices.length; i++) sum += w[v.indices[i]];
    return sum * v.value + this.data.bias;
  }

  probability(margin: number): number {
    return LinearHead.sigmoid(this.data.calibA * margin + this.data.calibB);
  }
}
