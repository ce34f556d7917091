/**
 * A reusable, growable list of feature hashes plus the rule counters the scorer reads back.
 * Reused across calls so that scoring a message does not allocate a new array each time.
 */
export class FeatureBuffer {
  hashes: Int32Array;
  length = 0;
  /** Intensifiers seen (very, 非常 …); the scorer uses it to sharpen the score. */
  degreeCount = 0;
  negationCount = 0;
  complaintCount = 0;

  constructor(capacity = 1024) {
    this.hashes = new Int32Array(capacity);
  }

  reset(): void {
    this.length = 0;
    this.degreeCount = 0;
    this.negationCount = 0;
    this.complaintCount = 0;
  }

  push(hash: number): void {
    if (this.length === this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[this.length++] = hash | 0;
  }
}
