import { ChineseFeatureExtractor } from './chinese-feature.extractor';
import { EnglishFeatureExtractor } from './english-feature.extractor';
import { FeatureBuffer } from './feature-buffer';

function extractZh(text: string): FeatureBuffer {
  const buf = new FeatureBuffer();
  new ChineseFeatureExtractor().extract(text, buf);
  return buf;
}

function extractEn(text: string): FeatureBuffer {
  const buf = new FeatureBuffer();
  new EnglishFeatureExtractor({ charGrams: true }).extract(text, buf);
  return buf;
}

function hashes(buf: FeatureBuffer): Set<number> {
  return new Set(Array.from(buf.hashes.subarray(0, buf.length)));
}

describe('ChineseFeatureExtractor', () => {
  it('counts negators and degree words', () => {
    expect(extractZh('这个杯子不好看').negationCount).toBe(1);
    expect(extractZh('这个杯子没有想象中结实').negationCount).toBe(1);
    expect(extractZh('这个杯子非常好看').degreeCount).toBe(1);
    expect(extractZh('这个杯子好看').negationCount).toBe(0);
  });

  it('flags service complaints that contain no sentiment word', () => {
    expect(extractZh('下单一周了还没发货').complaintCount).toBeGreaterThan(0);
    expect(extractZh('等了三天才有人回复').complaintCount).toBeGreaterThan(0);
    expect(extractZh('周五下午到的，挺快').complaintCount).toBe(0);
  });

  it('turns bracket emoticons into tokens instead of characters', () => {
    const laugh = hashes(extractZh('[哈哈]'));
    const angry = hashes(extractZh('[怒]'));
    expect([...laugh].some((h) => !angry.has(h))).toBe(true);
    // The emoticon name is not also read as the characters 哈 and 哈哈.
    const plain = hashes(extractZh('哈哈'));
    expect([...plain].filter((h) => laugh.has(h)).length).toBeLessThan(plain.size);
  });

  it('gives repeated punctuation its own feature', () => {
    const once = hashes(extractZh('真的吗?'));
    const many = hashes(extractZh('真的吗???'));
    expect([...many].some((h) => !once.has(h))).toBe(true);
  });
});

describe('EnglishFeatureExtractor', () => {
  it('gives the same features when a token comes from the per-token cache', () => {
    const text = "Sooo #happy with @united, didn't expect THAT!! but the 3 bags were loooost :(";
    const first = extractEn(text);
    const second = extractEn(text);
    expect(Array.from(second.hashes.subarray(0, second.length))).toEqual(
      Array.from(first.hashes.subarray(0, first.length)),
    );
    expect([second.negationCount, second.degreeCount]).toEqual([first.negationCount, first.degreeCount]);
  });

  it('marks words after a negator, including contractions without apostrophes', () => {
    expect(extractEn('this is not what I ordered').negationCount).toBe(1);
    expect(extractEn("it doesn't fit").negationCount).toBe(1);
    expect(extractEn('it doesnt fit').negationCount).toBe(1);
    expect(extractEn('it fits').negationCount).toBe(0);
  });

  it('replaces negated words rather than adding to them', () => {
    const plain = hashes(extractEn('helpful'));
    const negated = hashes(extractEn('not helpful'));
    const shared = [...plain].filter((h) => negated.has(h));
    // Only the constant-free parts such as the sentence-end bigram may be shared; the word itself is not.
    expect(shared.length).toBeLessThan(plain.size / 4);
  });

  it('counts intensifiers', () => {
    expect(extractEn('the room was extremely clean').degreeCount).toBe(1);
    expect(extractEn('the room was clean').degreeCount).toBe(0);
  });

  it('flags service complaints', () => {
    expect(extractEn('been on hold for 40 minutes now').complaintCount).toBeGreaterThan(0);
    expect(extractEn('still no refund for my order').complaintCount).toBeGreaterThan(0);
    expect(extractEn('the meeting is at 10:30 tomorrow').complaintCount).toBe(0);
  });

  it('does not read clock times or URLs as emoticons', () => {
    const time = hashes(extractEn('see you at 10:30'));
    const smiley = hashes(extractEn('see you :)'));
    const url = hashes(extractEn('see you https://example.com/a'));
    const emoticonOnly = [...smiley].filter((h) => !hashes(extractEn('see you')).has(h));
    expect(emoticonOnly.length).toBeGreaterThan(0);
    for (const h of emoticonOnly) {
      expect(time.has(h)).toBe(false);
      expect(url.has(h)).toBe(false);
    }
  });
});
