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
/** Stemming is the slowest step; social text repeats words heavily, so a bounded cache pays for itself. */
const STEM_CACHE_LIMIT = 200_000;
/** "n't" contractions, with or without the apostrophe (tweets often drop it). */
const NT_CONTRACTION = /^(?:do|does|did|is|are|was|were|have|has|had|could|should|would|ca|wo|ai|must|need)nt$/;

export interface EnglishFeatureOptions {
  /** Character 3–5-grams inside words: catch misspellings and elongations the stemmer cannot. */
  charGrams: boolean;
}

/**
 * Features for English social text: words and Porter stems, stem bigrams, negation scope
 * (not/no/never/n't … up to punctuation), intensifiers, the clause after "but", emoticons, emoji,
 * repeated punctuation, shouting, elongation, mentions/hashtags/URLs and service-complaint patterns.
 */
export class EnglishFeatureExtractor {
  private static readonly stemCache = new Map<string, number>();

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
      let token = m[0];
      if (token.length === 1 && '.,!?;:()'.includes(token)) {
        negLeft = 0;
        degreeNext = false;
        if (token !== ',') afterContrast = false;
        prev = FeatureHash.mix(HASH_SEED.punct, token.charCodeAt(0));
        continue;
      }
      if (token.charCodeAt(0) === 0x23) {
        token = token.slice(1);
        out.push(FeatureHash.ofString(token, HASH_SEED.hashtag));
      }
      token = token.replace(/'/g, '');
      if (/(.)\1\1/.test(token)) {
        token = token.replace(/(.)\1{2,}/g, '$1$1');
        out.push(FeatureHash.mix(HASH_SEED.shape, 2));
      }
      if (/^[0-9]+$/.test(token)) token = '0';
      const stem = this.stem(token);
      const isDegree = EN_DEGREE_WORDS.has(token);
      out.push(FeatureHash.mix(FeatureHash.mix(HASH_SEED.stemBigram, prev), stem));
      if (negLeft > 0) {
        // Inside a negation scope the word is replaced by its negated form, not added to it: otherwise
        // the strong plain weight of "great" outvotes the rarer "not great".
        out.push(FeatureHash.mix(HASH_SEED.negated, stem));
        negLeft--;
      } else if (!isDegree) {
        // Intensifiers carry no polarity of their own; they act through the degree features and the
        // scorer's sharpening, so "extremely bad" cannot come out milder than "bad".
        out.push(FeatureHash.ofString(token, HASH_SEED.word));
        out.push(stem);
        if (this.options.charGrams) this.charGrams(token, out);
      }
      if (degreeNext) out.push(FeatureHash.mix(HASH_SEED.degree, stem));
      if (afterContrast) out.push(FeatureHash.mix(HASH_SEED.degree + 100, stem));
      degreeNext = isDegree;
      if (isDegree) out.degreeCount++;
      if (EN_NEGATORS.has(token) || NT_CONTRACTION.test(token)) {
        negLeft = NEGATION_SPAN;
        out.negationCount++;
      }
      if (EN_CONTRAST_WORDS.has(token)) afterContrast = true;
      prev = stem;
    }
    out.push(FeatureHash.mix(FeatureHash.mix(HASH_SEED.stemBigram, prev), EOS));
  }

  private charGrams(token: string, out: FeatureBuffer): void {
    if (token.length < 3) return;
    const padded = `<${token}>`;
    for (let n = 3; n <= 5; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        let h: number = HASH_SEED.charGram + n;
        for (let k = i; k < i + n; k++) h = FeatureHash.mix(h, padded.charCodeAt(k));
        out.push(h);
      }
    }
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

  /** Hash of the Porter stem, cached by surface form. */
  private stem(token: string): number {
    const cache = EnglishFeatureExtractor.stemCache;
    let hash = cache.get(token);
    if (hash === undefined) {
      hash = FeatureHash.ofString(PorterStemmer.stem(token), HASH_SEED.stem);
      if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
      cache.set(token, hash);
    }
    return hash;
  }
}
