/**
 * Crisis vocabulary and term statistics: the built-in crisis words, topic keyword matching, and the
 * terms that set a crisis window apart from the messages before it.
 */
import { containsPattern } from '@scrm/common';

/** Used when a workspace has no `crisis` keyword set of its own. */
export const DEFAULT_CRISIS_WORDS: readonly string[] = [
  '投诉',
  '曝光',
  '维权',
  '退款',
  '315',
  '欺诈',
  '骗子',
  '诈骗',
  '召回',
  '起诉',
  '律师',
  '消协',
  '12315',
  '抵制',
  '黑心',
  '假货',
  '食物中毒',
  'recall',
  'lawsuit',
  'sue',
  'boycott',
  'scam',
  'fraud',
  'refund',
  'class action',
  'food poisoning',
  'data breach',
];

/** Case-insensitive substring matching; keywords are short, messages are short. */
export function matchesAny(text: string, keywords: readonly string[]): boolean {
  if (keywords.length === 0) return false;
  const lower = text.toLowerCase();
  return keywords.some((k) => k.trim() !== '' && lower.includes(k.trim().toLowerCase()));
}

/** SQL ILIKE patterns for the same matching, with the wildcard characters escaped. */
export function likePatterns(keywords: readonly string[]): string[] {
  return keywords.filter((k) => k.trim() !== '').map((k) => containsPattern(k.trim()));
}

const STOPWORDS = new Set(
  'the and for you your are was were this that with have has had not but they them their our out just get got can cant dont did does its from all about what when will would there been who how why too very more some any one http https www com amp rt'.split(
    ' ',
  ),
);
const HAN_STOP = new Set([
  '我们',
  '你们',
  '他们',
  '一个',
  '没有',
  '什么',
  '这个',
  '那个',
  '就是',
  '还是',
  '可以',
  '真的',
  '自己',
  '现在',
  '已经',
]);

/** Words for Latin text, character bigrams for Chinese runs (no dictionary needed, and stable). */
export function terms(text: string): string[] {
  const out = new Set<string>();
  for (const w of text.toLowerCase().match(/[a-z][a-z0-9']{2,}/g) ?? []) {
    if (!STOPWORDS.has(w) && !w.startsWith('http')) out.add(w);
  }
  for (const run of text.match(/[\u4e00-\u9fff]{2,}/g) ?? []) {
    for (let i = 0; i + 1 < run.length; i++) {
      const bigram = run.slice(i, i + 2);
      if (!HAN_STOP.has(bigram)) out.add(bigram);
    }
  }
  return [...out];
}

export interface DistinguishingTerm {
  term: string;
  count: number;
  lift: number;
}

/**
 * Terms over-represented in the window's messages compared with the baseline's, by smoothed
 * document-frequency ratio, weighted by how often they occur. Each message counts a term once.
 */
export function distinguishingTerms(
  window: readonly string[],
  baseline: readonly string[],
  limit = 8,
): DistinguishingTerm[] {
  const df = (texts: readonly string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const t of texts) for (const term of terms(t)) m.set(term, (m.get(term) ?? 0) + 1);
    return m;
  };
  const w = df(window);
  const b = df(baseline);
  const nw = Math.max(window.length, 1);
  const nb = Math.max(baseline.length, 1);
  const scored: (DistinguishingTerm & { score: number })[] = [];
  for (const [term, count] of w) {
    if (count < 2) continue;
    const lift = (count / nw + 0.5 / nw) / (((b.get(term) ?? 0) + 0.5) / nb);
    if (lift <= 1.5) continue;
    scored.push({ term, count, lift: Math.round(lift * 10) / 10, score: count * Math.log(lift) });
  }
  scored.sort((x, y) => y.score - x.score || x.term.localeCompare(y.term));
  return scored.slice(0, limit).map(({ term, count, lift }) => ({ term, count, lift }));
}
