/**
 * Folds items that share a key into one, in input order: the first of a key is kept as is, and each
 * later one is combined with what the key holds so far. Map order is the order keys first appear.
 */
export function mergeByKey<T>(
  items: Iterable<T>,
  keyOf: (item: T) => string,
  combine: (held: T, next: T) => T,
): Map<string, T> {
  const merged = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    const held = merged.get(key);
    merged.set(key, held === undefined ? item : combine(held, item));
  }
  return merged;
}
