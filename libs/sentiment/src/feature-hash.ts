/**
 * 32-bit hashing for the hashing trick. Features are never materialised as strings on the hot path:
 * n-grams are hashed by mixing the hashes (or code units) of their parts, so scoring allocates little.
 * The functions must never change once a model is shipped, or old model files silently degrade.
 */
export class FeatureHash {
  /** FNV-1a over UTF-16 code units, seeded so that feature namespaces do not collide. */
  static ofString(value: string, seed: number): number {
    let h = (0x811c9dc5 ^ seed) >>> 0;
    for (let i = 0; i < value.length; i++) {
      h ^= value.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    return h >>> 0;
  }

  /** Order-sensitive combination of a running hash with one more value (murmur3 finaliser). */
  static mix(h: number, value: number): number {
    let x = (h ^ Math.imul(value + 0x9e3779b9, 0xcc9e2d51)) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    return (x ^ (x >>> 16)) >>> 0;
  }
}

/** Namespace seeds; one per feature family so that e.g. a word and a character n-gram never share a hash. */
export const HASH_SEED = {
  bias: 1,
  charUni: 11,
  charBi: 12,
  charTri: 13,
  word: 21,
  stem: 22,
  stemBigram: 23,
  negated: 24,
  degree: 25,
  charGram: 27,
  emoticon: 31,
  emoji: 32,
  punct: 33,
  complaint: 34,
  shape: 35,
  mention: 36,
  hashtag: 37,
} as const;
