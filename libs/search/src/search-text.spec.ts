import { makeSnippet, parseSearchQuery } from './search-text';

describe('parseSearchQuery', () => {
  it('turns a CJK run into the phrase of its bigrams', () => {
    expect(parseSearchQuery('退款')).toEqual({ tsquery: "'退款'", terms: ['退款'] });
    expect(parseSearchQuery('退款很慢')?.tsquery).toBe("('退款' <-> '款很' <-> '很慢')");
  });

  it('matches a lone CJK character as a prefix', () => {
    expect(parseSearchQuery('慢')?.tsquery).toBe("'慢':*");
  });

  it('requires every word, lowercased, and drops punctuation', () => {
    expect(parseSearchQuery('Refund, 退款!!')).toEqual({ tsquery: "'refund' & '退款'", terms: ['refund', '退款'] });
  });

  it('keeps a double-quoted phrase in order, stepping over a CJK run’s trailing character', () => {
    expect(parseSearchQuery('"late delivery" box')?.tsquery).toBe("('late' <-> 'delivery') & 'box'");
    expect(parseSearchQuery('"很慢 refund"')?.tsquery).toBe("('很慢' <2> 'refund')");
  });

  it('has nothing to search in punctuation alone, and cannot be steered by tsquery syntax', () => {
    expect(parseSearchQuery(' !?，。 ')).toBeUndefined();
    expect(parseSearchQuery("a' | !b & (c:*")?.tsquery).toBe("'a' & 'b' & 'c'");
  });
});

describe('makeSnippet', () => {
  it('marks every occurrence of the terms', () => {
    expect(makeSnippet('退款太慢，Refund please, refund!', ['退款', 'refund'])).toEqual({
      snippet: '退款太慢，Refund please, refund!',
      highlights: [
        { start: 0, end: 2 },
        { start: 5, end: 11 },
        { start: 20, end: 26 },
      ],
    });
  });

  it('cuts a long text around the first match', () => {
    const text = `${'a'.repeat(100)} 退款 ${'b'.repeat(200)}`;
    const { snippet, highlights } = makeSnippet(text, ['退款']);
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(highlights).toHaveLength(1);
    expect(snippet.slice(highlights[0].start, highlights[0].end)).toBe('退款');
  });

  it('starts at the beginning when only a stemmed form matched', () => {
    expect(makeSnippet('refunds', ['refunded'])).toEqual({ snippet: 'refunds', highlights: [] });
  });
});
