import { ChineseFeatureExtractor } from './chinese-feature.extractor';
import { EnglishFeatureExtractor } from './english-feature.extractor';
import { type FeatureBuffer } from './feature-buffer';
import { FeatureHash, HASH_SEED } from './feature-hash';
import type { ModelLanguage } from './sentiment.types';

/** Turns a text into hashed features for one language's model; shared by the trainer and the scorer so they cannot drift. */
export class SentimentFeaturizer {
  private readonly zh = new ChineseFeatureExtractor();
  private readonly en: EnglishFeatureExtractor;

  constructor(options: { englishCharGrams: boolean }) {
    this.en = new EnglishFeatureExtractor({ charGrams: options.englishCharGrams });
  }

  featurize(text: string, language: ModelLanguage, out: FeatureBuffer): void {
    out.reset();
    // A constant feature lets the NB scaling carry the class prior like any other feature.
    out.push(FeatureHash.mix(HASH_SEED.bias, 0));
    if (language === 'zh') this.zh.extract(text, out);
    else this.en.extract(text, out);
  }
}
