import { type FeatureBuffer } from './feature-buffer';
import { FeatureHash, HASH_SEED } from './feature-hash';
import {
  BRACKET_EMOTICON_POLARITY,
  NEGATIVE_EMOJI,
  POSITIVE_EMOJI,
  ZH_COMPLAINT_PATTERNS,
  ZH_DEGREE_WORDS,
  ZH_NEGATION_SPAN,
  ZH_NEGATORS,
  ZH_SCOPE_BREAKS,
} from './sentiment-cues.constants';

const BOS = 0x02;
const EOS = 0x03;
const SPACE = 0x20;

/** Pairs of UTF-16 units packed into one number, so that two-character words are found without substrings. */
function pairKey(a: number, b: number): number {
  return a * 0x10000 + b;
}

/**
 * Features for Chinese text (Weibo posts, reviews, chat): character 1–3-grams — Chinese has no spaces
 * and a segmenter would cost more than it gains on short social text — plus negation and degree
 * scopes, WeChat/Weibo bracket emoticons, emoji, repeated punctuation, embedded Latin words and
 * service-complaint patterns.
 */
export class ChineseFeatureExtractor {
  private readonly negators1 = new Set<number>();
  private readonly negators2 = new Set<number>();
  private readonly degree1 = new Set<number>();
  private readonly degree2 = new Set<number>();
  private readonly breaks = new Set<number>();

  constructor() {
    for (const w of ZH_NEGATORS) this.register(w, this.negators1, this.negators2);
    for (const w of ZH_DEGREE_WORDS) this.register(w, this.degree1, this.degree2);
    for (let i = 0; i < ZH_SCOPE_BREAKS.length; i++) this.breaks.add(ZH_SCOPE_BREAKS.charCodeAt(i));
  }

  extract(text: string, out: FeatureBuffer): void {
    let s = text.normalize('NFKC').toLowerCase();
    s = s.replace(/https?:\/\/\S+|www\.\S+/g, () => {
      out.push(FeatureHash.mix(HASH_SEED.shape, 1));
      return ' ';
    });
    s = s.replace(/@[^\s:,@()]{1,30}/g, () => {
      out.push(FeatureHash.mix(HASH_SEED.mention, 0));
      return ' ';
    });
    s = s.replace(/\[([^[\]\s]{1,10})\]/g, (_match: string, name: string) => {
      out.push(FeatureHash.ofString(name, HASH_SEED.emoticon));
      const polarity = BRACKET_EMOTICON_POLARITY.get(name);
      if (polarity !== undefined) out.push(FeatureHash.mix(HASH_SEED.emoticon, polarity + 2));
      return ' ';
    });
    s = s.replace(/\p{Extended_Pictographic}/gu, (emoji: string) => {
      out.push(FeatureHash.ofString(emoji, HASH_SEED.emoji));
      if (POSITIVE_EMOJI.has(emoji)) out.push(FeatureHash.mix(HASH_SEED.emoji, 1));
      else if (NEGATIVE_EMOJI.has(emoji)) out.push(FeatureHash.mix(HASH_SEED.emoji, 3));
      return ' ';
    });
    this.punctuation(s, out);
    this.complaints(s, out);
    s = s.replace(/[a-z]{2,}/g, (word: string) => {
      out.push(FeatureHash.ofString(word, HASH_SEED.word));
      // One placeholder keeps the position of the word in the character stream without its letters.
      return 'a';
    });
    s = s.replace(/[0-9]+(?:\.[0-9]+)?/g, '0').replace(/\s+/g, ' ');
    this.characters(s, out);
  }

  private characters(s: string, out: FeatureBuffer): void {
    let p2 = BOS;
    let p1 = BOS;
    let negLeft = 0;
    let degLeft = 0;
    let prevNegated = -1;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === SPACE && p1 === SPACE) continue;
      out.push(FeatureHash.mix(HASH_SEED.charUni, c));
      out.push(FeatureHash.mix(FeatureHash.mix(HASH_SEED.charBi, p1), c));
      if (p1 !== BOS) out.push(FeatureHash.mix(FeatureHash.mix(FeatureHash.mix(HASH_SEED.charTri, p2), p1), c));

      if (this.breaks.has(c)) {
        negLeft = 0;
        degLeft = 0;
        prevNegated = -1;
      } else if (negLeft > 0) {
        out.push(FeatureHash.mix(HASH_SEED.negated, c));
        if (prevNegated >= 0) out.push(FeatureHash.mix(FeatureHash.mix(HASH_SEED.negated, prevNegated), c));
        prevNegated = c;
        negLeft--;
      } else if (degLeft > 0) {
        out.push(FeatureHash.mix(HASH_SEED.degree, c));
        degLeft--;
      }

      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      const negPair = this.negators2.has(pairKey(c, next));
      if (negPair || this.negators1.has(c)) {
        // A two-character negator (没有, 毫无) spends one step of the span on its own second character.
        negLeft = ZH_NEGATION_SPAN + (negPair ? 1 : 0);
        prevNegated = -1;
        out.negationCount++;
      }
      const degPair = this.degree2.has(pairKey(c, next));
      if (degPair || this.degree1.has(c)) {
        degLeft = degPair ? 3 : 2;
        out.degreeCount++;
      }
      p2 = p1;
      p1 = c;
    }
    out.push(FeatureHash.mix(FeatureHash.mix(HASH_SEED.charBi, p1), EOS));
  }

  private punctuation(s: string, out: FeatureBuffer): void {
    if (/!{2,}/.test(s)) out.push(FeatureHash.mix(HASH_SEED.punct, 1));
    if (/\?{2,}/.test(s)) out.push(FeatureHash.mix(HASH_SEED.punct, 2));
    if (/[?!]*(?:\?!|!\?)[?!]*/.test(s)) out.push(FeatureHash.mix(HASH_SEED.punct, 3));
    if (/\.{3,}|…|。{2,}/.test(s)) out.push(FeatureHash.mix(HASH_SEED.punct, 4));
    if (/[~～]/.test(s)) out.push(FeatureHash.mix(HASH_SEED.punct, 5));
  }

  private complaints(s: string, out: FeatureBuffer): void {
    for (let i = 0; i < ZH_COMPLAINT_PATTERNS.length; i++) {
      if (ZH_COMPLAINT_PATTERNS[i].test(s)) {
        out.push(FeatureHash.mix(HASH_SEED.complaint, i));
        out.complaintCount++;
      }
    }
    if (out.complaintCount > 0) out.push(FeatureHash.mix(HASH_SEED.complaint, 1000));
  }

  private register(word: string, singles: Set<number>, pairs: Set<number>): void {
    if (word.length === 1) singles.add(word.charCodeAt(0));
    else pairs.add(pairKey(word.charCodeAt(0), word.charCodeAt(1)));
  }
}
