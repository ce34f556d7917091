import { LanguageDetector } from './language-detector';

describe('LanguageDetector', () => {
  it.each([
    ['今天收到货了，包装很结实', 'zh'],
    ['iPhone 的屏幕真的很清楚', 'zh'],
    ['The parcel came a day early', 'en'],
    ['@shop thanks for the quick reply! https://example.com/x', 'en'],
    ['这个周末的 workshop was really useful and 大家都学到了很多东西', 'mixed'],
    ['明日の会議は午後三時からです', 'other'],
    ['ありがとうございます', 'other'],
    ['배송이 정말 빨라요', 'other'],
    ['Доставка была быстрой', 'other'],
    ['التوصيل كان سريعا', 'other'],
    ['', 'other'],
    ['   ', 'other'],
    ['12345 !!!', 'other'],
  ])('detects %j as %s', (text, expected) => {
    expect(LanguageDetector.detect(text)).toBe(expected);
  });

  it('ignores URLs and handles when weighing languages', () => {
    expect(LanguageDetector.detect('我很喜欢 https://shop.example.com/item/abc @someone')).toBe('zh');
  });
});
