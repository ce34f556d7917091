/**
 * How a search query becomes a PostgreSQL `tsquery`, and how a hit's snippet is cut. The character
 * classes are the ones `murmur_search_document()` (migration MessageSearch) uses on the stored side:
 * a run of CJK characters is indexed as its overlapping bigrams plus its last character, and anything
 * else as words of letters and digits.
 */
const CJK = '\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uac00-\\ud7af\\uf900-\\ufaff';
const WORD = '0-9A-Za-z\\u00c0-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff';
const SEGMENT = new RegExp(`[${CJK}]+|[${WORD}]+`, 'g');
const IS_CJK = new RegExp(`^[${CJK}]`);

export const MAX_QUERY_LENGTH = 200;

export interface ParsedQuery {
  /** Text for `to_tsquery('english', …)`; lexemes hold only letters, digits and CJK characters. */
  tsquery: string;
  /** The query's words and CJK runs, lowercased, for highlighting. */
  terms: string[];
}

interface Segment {
  text: string;
  cjk: boolean;
}

function segmentsOf(text: string): Segment[] {
  return (text.match(SEGMENT) ?? []).map((s) => ({ text: s.toLowerCase(), cjk: IS_CJK.test(s) }));
}

/** A CJK run as a phrase of its bigrams; a lone character as a prefix, which the index keeps complete. */
function cjkQuery(run: string): string {
  const chars = Array.from(run);
  if (chars.length === 1) return `'${run}':*`;
  const bigrams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) bigrams.push(`'${chars[i]}${chars[i + 1]}'`);
  return bigrams.length === 1 ? bigrams[0] : `(${bigrams.join(' <-> ')})`;
}

/**
 * `refund 退款` → every term must occur; `"late delivery"` (double quotes) → the words in that order.
 * Returns undefined when the query holds nothing searchable (only punctuation or spaces).
 */
export function parseSearchQuery(q: string): ParsedQuery | undefined {
  const parts: string[] = [];
  const terms: string[] = [];
  const groups = q.split('"');
  groups.forEach((group, i) => {
    const segments = segmentsOf(group);
    terms.push(...segments.map((s) => s.text));
    const isPhrase = i % 2 === 1 && i < groups.length - 1;
    if (isPhrase && segments.length > 1) {
      // Inside the stored document a CJK run of two or more characters ends with its lone last
      // character, so the next word sits two positions after the run's last bigram.
      let phrase = '';
      segments.forEach((s, k) => {
        if (k > 0) {
          const prev = segments[k - 1];
          phrase += prev.cjk && Array.from(prev.text).length > 1 ? ' <2> ' : ' <-> ';
        }
        phrase += s.cjk ? cjkQuery(s.text) : `'${s.text}'`;
      });
      parts.push(`(${phrase})`);
    } else {
      for (const s of segments) parts.push(s.cjk ? cjkQuery(s.text) : `'${s.text}'`);
    }
  });
  if (parts.length === 0) return undefined;
  return { tsquery: parts.join(' & '), terms: [...new Set(terms)] };
}

export interface Highlight {
  /** Offsets into the snippet, in UTF-16 code units (JavaScript string indices), end exclusive. */
  start: number;
  end: number;
}

export interface Snippet {
  snippet: string;
  highlights: Highlight[];
}

const SNIPPET_BEFORE = 30;
const SNIPPET_LENGTH = 120;

/**
 * A window of `text` around the first occurrence of any term, with every occurrence inside it
 * marked. A stemmed match ("refunds" for "refund") may have no literal occurrence: the window then
 * starts at the beginning and nothing is marked.
 */
export function makeSnippet(text: string, terms: string[]): Snippet {
  const lower = text.toLowerCase();
  // toLowerCase can change lengths for a few scripts; offsets are then only approximate, never out of range.
  const sameLength = lower.length === text.length;
  let first = -1;
  for (const t of terms) {
    const at = lower.indexOf(t);
    if (at >= 0 && (first < 0 || at < first)) first = at;
  }
  let start = first < 0 ? 0 : Math.max(0, first - SNIPPET_BEFORE);
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start--;
  let end = Math.min(text.length, start + SNIPPET_LENGTH);
  if (end < text.length && isLowSurrogate(text.charCodeAt(end))) end++;
  const prefix = start > 0 ? '…' : '';
  const suffix = end < text.length ? '…' : '';
  const window = lower.slice(start, end);
  const marks: Highlight[] = [];
  if (sameLength) {
    for (const t of terms) {
      if (t.length === 0) continue;
      for (let at = window.indexOf(t); at >= 0; at = window.indexOf(t, at + t.length)) {
        marks.push({ start: prefix.length + at, end: prefix.length + at + t.length });
      }
    }
  }
  return { snippet: prefix + text.slice(start, end) + suffix, highlights: mergeRanges(marks) };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function mergeRanges(ranges: Highlight[]): Highlight[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const out: Highlight[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}
