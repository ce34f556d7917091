/** A member who can be mentioned: by `@name` or by `@` and the part of the email before the `@`. */
export interface Mentionable {
  userId: string;
  name: string;
  email: string;
}

const WORD = /[\p{L}\p{N}_.-]/u;

/**
 * The members a note mentions. A handle counts when `@handle` is followed by the end of the text or a
 * character that cannot continue a Latin handle; CJK names need no space after them ("@张伟请看").
 */
export function findMentions(text: string, members: Mentionable[]): string[] {
  const lower = text.toLowerCase();
  const found = new Set<string>();
  for (const m of members) {
    const handles = [m.name, m.email, m.email.split('@')[0] ?? ''].filter((h) => h.length > 0);
    for (const h of handles) {
      const needle = `@${h.toLowerCase()}`;
      let at = lower.indexOf(needle);
      while (at >= 0) {
        const next = text.charAt(at + needle.length);
        const latinEnd = /[a-z0-9]$/i.test(h);
        if (next === '' || !latinEnd || !WORD.test(next)) {
          found.add(m.userId);
          break;
        }
        at = lower.indexOf(needle, at + 1);
      }
    }
  }
  return [...found];
}
