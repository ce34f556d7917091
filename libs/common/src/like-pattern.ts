/** A SQL `LIKE`/`ILIKE` pattern matching `text` anywhere, its wildcard characters (`%`, `_`, `\`) escaped. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
