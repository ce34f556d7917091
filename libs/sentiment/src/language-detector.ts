import type { SentimentLanguage } from './sentiment.types';

/** Share of a text's letters in each script; what the scorer needs to pick a model. */
export interface ScriptProfile {
  han: number;
  latinWords: number;
  kana: number;
  hangul: number;
  otherLetters: number;
}

/**
 * Decides which model (if any) may score a text. It only looks at scripts: the scorer has no model for
 * Japanese, Korean, Cyrillic, Arabic and so on, and guessing there would be worse than saying "unscored".
 */
export class LanguageDetector {
  /** A Latin word counts as this many Han characters when weighing Chinese against English. */
  private static readonly WORD_WEIGHT = 2;
  /** Below this share, the minority language is treated as loan words (e.g. "iPhone很好用"). */
  private static readonly MIXED_MIN_SHARE = 0.25;

  static detect(text: string): SentimentLanguage {
    return LanguageDetector.classify(LanguageDetector.profile(text));
  }

  static profile(text: string): ScriptProfile {
    const profile: ScriptProfile = { han: 0, latinWords: 0, kana: 0, hangul: 0, otherLetters: 0 };
    let inLatinWord = false;
    let latinRun = 0;
    // URLs, mentions and hashtags say nothing about the language the message is written in.
    const cleaned = text.replace(/https?:\/\/\S+|www\.\S+|@[\w.-]+|#[\w]+#?/g, ' ');
    for (const ch of cleaned) {
      const cp = ch.codePointAt(0) ?? 0;
      const isLatin =
        (cp >= 0x41 && cp <= 0x5a) ||
        (cp >= 0x61 && cp <= 0x7a) ||
        (cp >= 0xc0 && cp <= 0x24f && cp !== 0xd7 && cp !== 0xf7);
      if (isLatin) {
        latinRun++;
        inLatinWord = true;
        continue;
      }
      if (inLatinWord && latinRun >= 2) profile.latinWords++;
      inLatinWord = false;
      latinRun = 0;
      if ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2ebef)) {
        profile.han++;
      } else if ((cp >= 0x3041 && cp <= 0x30ff && cp !== 0x30fb && cp !== 0x30fc) || (cp >= 0x31f0 && cp <= 0x31ff)) {
        profile.kana++;
      } else if ((cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0x3130 && cp <= 0x318f)) {
        profile.hangul++;
      } else if (cp >= 0x370 && /\p{L}/u.test(ch)) {
        profile.otherLetters++;
      }
    }
    if (inLatinWord && latinRun >= 2) profile.latinWords++;
    return profile;
  }

  static classify(p: ScriptProfile): SentimentLanguage {
    const hanUnits = p.han;
    const enUnits = p.latinWords * LanguageDetector.WORD_WEIGHT;
    const foreign = p.kana * 2 + p.hangul + p.otherLetters;
    const known = hanUnits + enUnits;
    if (known === 0) return 'other';
    // A few kana among many Han characters are still Japanese: Chinese text almost never uses kana,
    // except for the odd decorative の.
    if (p.kana >= 2 && p.kana * 4 >= p.han) return 'other';
    if (foreign > known) return 'other';
    if (hanUnits === 0) return 'en';
    if (enUnits === 0) return 'zh';
    const enShare = enUnits / known;
    if (enShare < LanguageDetector.MIXED_MIN_SHARE || p.latinWords < 2) return 'zh';
    if (enShare > 1 - LanguageDetector.MIXED_MIN_SHARE || p.han < 2) return 'en';
    return 'mixed';
  }
}
