import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer';
import { type FeatureBuffer } from './feature-buffer';
import { FeatureHash, HASH_SEED } from './feature-hash';
import {
  EN_COMPLAINT_PATTERNS,
  EN_CONTRAST_WORDS,
  EN_DEGREE_WORDS,
  EN_NEGATORS,
  NEGATIVE_EMOJI,
  NEGATIVE_EMOTICON,
  POSITIVE_EMOJI,
  POSITIVE_EMOTICON,
} from './sentiment-cues.constants';

const BOS = 0x0b05;
const EOS = 0x0e05;
/** Negation is not carried further than this many tokens even without punctuation (tweets rarely punctuate). */
const NEGATION_SPAN = 5;
/**
 * Bound of the per-token cache: about 400 bytes an entry, so at most about 20 MB, as much as the stem
 * cache it replaced (200,000 numbers); cleared whole when full.
 */
const TOKEN_CACHE_LIMIT = 50_000;
const PUNCTUATION = '.,!?;:()';
const NO_GRAMS = new Int32Array(0);
/** "n't" contractions, with or without the apostrophe (tweets often drop it). */
const NT_CONTRACTION = /^(?:do|does|did|is|are|was|were|have|has|had|could|should|would|ca|wo|ai|must|need)nt$/;

export interface EnglishFeatureOptions {
  /** Character 3–5-grams inside words: catch misspellings and elongations the stemmer cannot. */
  charGrams: boolean;
}

/** The context-free features of one token (see EnglishFeatureExtractor.token). */
interface TokenFeatures {
  /** Hash of the hashtag feature; null when the token is not a hashtag. */
  hashtag: number | null;
  /** Three or more repeated letters ("soooo"), squeezed to two in the token. */
  elongated: boolean;
  stem: number;
  word: number;
  charGrams: Int32Array;
  isDegree: boolean;
  isNegator: boolean;
  isContrast: boolean;
}

/**
 * Features for English social text: words and Porter stems, stem bigrams, negation scope
 * (not/no/never/n't … up to punctuation), intensifiers, the clause after "but", emoticons, emoji,
 * repeated punctuation, shouting, elongation, mentions/hashtags/URLs and service-complaint patterns.
 */
export class EnglishFeatureExtractor {
  private static readonly tokenCache = new Map<string, TokenFeatures>();

  constructor(private readonly options: EnglishFeatureOptions = { charGrams: true }) {}

  extract(text: string, out: FeatureBuffer): void {
    let s = text.normalize('NFKC');
    s = s.replace(/https?:\/\/\S+|www\.\S+/g, () => {
      out.push(FeatureHash.mix(HASH_SEED.shape, 1));
      return ' ';
    });
    s = s.replace(/@\w+/g, (handle: string) => {
      out.push(FeatureHash.mix(HASH_SEED.mention, 0));
      out.push(FeatureHash.ofString(handle.toLowerCase(), HASH_SEED.mention));
      return ' ';
    });
    s = s.replace(POSITIVE_EMOTICON, () => {
      out.push(FeatureHash.mix(HASH_SEED.emoticon, 1));
      return ' , ';
    });
    s = s.replace(NEGATIVE_EMOTICON, () => {
      out.push(FeatureHash.mix(HASH_SEED.emoticon, 3));
      return ' , ';
    });
    s = s.replace(/\p{Extended_Pictographic}/gu, (emoji: string) => {
      out.push(FeatureHash.ofString(emoji, HASH_SEED.emoji));
      if (POSITIVE_EMOJI.has(emoji)) out.push(FeatureHash.mix(HASH_SEED.emoji, 1));
      else if (NEGATIVE_EMOJI.has(emoji)) out.push(FeatureHash.mix(HASH_SEED.emoji, 3));
      return ' ';
    });
    this.shape(s, out);
    const lower = s.toLowerCase().replace(/[’‘`]/g, "'");
    this.complaints(lower, out);
    this.tokens(lower, out);
  }

  private tokens(lower: string, out: FeatureBuffer): void {
    const re = /#?[a-z0-9]+(?:'[a-z]+)*|[.,!?;:()]/g;
    let prev = BOS;
    let negLeft = 0;
    let degreeNext = false;
    let afterContrast = false;
    for (let m = re.exec(lower); m !== null; m = re.exec(lower)) {
      const raw = m[0];
      if (raw.length === 1 && PUNCTUATION.includes(raw)) {
        negLeft = 0;
        degreeNext = false;
        if (raw !== ',') afterContrast = false;
        prev = FeatureHash.mix(HASH_SEED.punct, raw.charCodeAt(0));
        continue;
      }
      const token = this.token(raw);
      if (token.hashtag !== null) out.push(token.hashtag);
      if (token.elongated) out.push(FeatureHash.mix(HASH_SEED.shape, 2));
      const stem = token.stem;
      out.push(FeatureHash.mix(FeatureHash.mix(HASH_SEED.stemBigram, prev), stem));
      if (negLeft > 0) {
        // Inside a negation scope the word is replaced by its negated form, not added to it: otherwise
        // the strong plain weight of "great" outvotes the rarer "not great".
        out.push(FeatureHash.mix(HASH_SEED.negated, stem));
        negLeft--;
      } else if (!token.isDegree) {
        // Intensifiers carry no polarity of their own; they act through the degree features and the
        // scorer's sharpening, so "extremely bad" cannot come out milder than "bad".
        out.push(token.word);
        out.push(stem);
        if (this.options.charGrams) {
          const grams = token.charGrams;
          for (let k = 0; k < grams.length; k++) out.push(grams[k]);
        }
      }
      if (degreeNext) out.push(FeatureHash.mix(HASH_SEED.degree, stem));
      if (afterContrast) out.push(FeatureHash.mix(HASH_SEED.degree + 100, stem));
      degreeNext = token.isDegree;
      if (token.isDegree) out.degreeCount++;
      if (token.isNegator) {
        negLeft = NEGATION_SPAN;
        out.negationCount++;
      }
      if (token.isContrast) afterContrast = true;
      prev = stem;
    }
    out.push(FeatureHash.mix(FeatureHash.mix(HASH_SEED.stemBigram, prev), EOS));
  }

  /**
   * Everything about one token that does not depend on its neighbours, cached by its surface form:
   * social text repeats words heavily, and stemming and character n-grams are the slowest steps.
   */
  private token(raw: string): TokenFeatures {
    const cache = EnglishFeatureExtractor.tokenCache;
    const cached = cache.get(raw);
    if (cached !== undefined) return cached;
    let token = raw;
    let hashtag: number | null = null;
    if (token.charCodeAt(0) === 0x23) {
      token = token.slice(1);
      hashtag = FeatureHash.ofString(token, HASH_SEED.hashtag);
    }
    token = token.replace(/'/g, '');
    const elongated = /(.)\1\1/.test(token);
    if (elongated) token = token.replace(/(.)\1{2,}/g, '$1$1');
    if (/^[0-9]+$/.test(token)) token = '0';
    const features: TokenFeatures = {
      hashtag,
      elongated,
      stem: FeatureHash.ofString(PorterStemmer.stem(token), HASH_SEED.stem),
      word: FeatureHash.ofString(token, HASH_SEED.word),
      charGrams: EnglishFeatureExtractor.charGrams(token),
      isDegree: EN_DEGREE_WORDS.has(token),
      isNegator: EN_NEGATORS.has(token) || NT_CONTRACTION.test(token),
      isContrast: EN_CONTRAST_WORDS.has(token),
    };
    if (cache.size >= TOKEN_CACHE_LIMIT) cache.clear();
    cache.set(raw, features);
    return features;
  }

  private static charGrams(token: string): Int32Array {
    if (token.length < 3) return NO_GRAMS;
    const padded = `<${token}>`;
    const grams: number[] = [];
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        let h: number = HASH_SEED.charGram + n;
        for (let k = i; k < i + n; k++) h = FeatureHash.mix(h, padded.charCodeAt(k));
        grams.push(h);
      }
    }
    return Int32Array.from(grams);
  }

  private shape(s: string, out: FeatureBuffer): void {
    if (/!{2,}/.test(s)) out.push(FeatureHash.mix(HASH_SEED.punct, 1));
    if (/\?{2,}/.test(s)) out.push(FeatureHash.mix(HASH_SEED.punct, 2));
    if (/(?:\?!|!\?)/.test(s)) out.push(FeatureHash.mix(HASH_SEED.punct, 3));
    if (/\.{3,}|…/.test(s)) out.push(FeatureHash.mix(HASH_SEED.punct, 4));
    if (/!\s*$/.test(s)) out.push(FeatureHash.mix(HASH_SEED.punct, 6));
    if (/\?\s*$/.test(s)) out.push(FeatureHash.mix(HASH_SEED.punct, 7));
    const shouted = s.match(/\b[A-Z]{3,}\b/g);
    if (shouted !== null) out.push(FeatureHash.mix(HASH_SEED.shape, shouted.length >= 3 ? 4 : 3));
  }

  private complaints(lower: string, out: FeatureBuffer): void {
    for (let i = 0; i < EN_COMPLAINT_PATTERNS.length; i++) {
      if (EN_COMPLAINT_PATTERNS[i].test(lower)) {
        out.push(FeatureHash.mix(HASH_SEED.complaint, 100 + i));
        out.complaintCount++;
      }
    }
    if (out.complaintCount > 0) out.push(FeatureHash.mix(HASH_SEED.complaint, 1000));
  }
}
