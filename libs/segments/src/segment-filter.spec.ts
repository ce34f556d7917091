import { AppException } from '@scrm/common';
import { compileSegmentFilter, filterReferences, parseSegmentFilter } from './segment-filter';

const attrs = [
  { key: 'plan', type: 'choice' as const, options: ['free', 'pro'] },
  { key: 'seats', type: 'number' as const, options: [] },
  { key: 'renewal', type: 'date' as const, options: [] },
];
const TAG = '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5';

const error = (input: unknown): string => {
  try {
    parseSegmentFilter(input, attrs);
  } catch (e) {
    expect(e).toBeInstanceOf(AppException);
    return (e as AppException).message;
  }
  throw new Error('expected a validation error');
};

describe('segment filters', () => {
  it('parses "VIPs with a negative message in the last 7 days" and compiles it with parameters', () => {
    const f = parseSegmentFilter(
      {
        match: 'all',
        conditions: [
          { type: 'lifecycle', stages: ['vip'] },
          { type: 'sentiment', label: 'negative', withinDays: 7 },
          {
            type: 'group',
            match: 'any',
            conditions: [
              { type: 'tag', tagId: TAG },
              { type: 'attribute', key: 'seats', op: 'gte', value: 10 },
            ],
          },
        ],
      },
      attrs,
    );
    expect(filterReferences(f)).toEqual({ tagIds: [TAG], channelIds: [] });
    const params: unknown[] = ['workspace'];
    const sql = compileSegmentFilter(f, params);
    expect(params).toEqual(['workspace', ['vip'], 'negative', 7, TAG, 'seats', 10]);
    expect(sql).toMatch(/^\(ct\.lifecycle_stage = ANY\(\$2::text\[\]\) AND EXISTS/);
    expect(sql).toContain(' OR ');
    expect(sql).not.toContain('negative');
  });

  it('treats an empty "all" as everyone and an empty "any" as no one', () => {
    expect(compileSegmentFilter(parseSegmentFilter({ match: 'all', conditions: [] }, attrs), [])).toBe('TRUE');
    expect(compileSegmentFilter(parseSegmentFilter({ match: 'any', conditions: [] }, attrs), [])).toBe('FALSE');
  });

  it('names the part of the filter that is wrong', () => {
    expect(error({ conditions: [{ type: 'lifecycle', stages: ['king'] }] })).toMatch(
      /^filter\.conditions\[0\]\.stages/,
    );
    expect(error({ conditions: [{ type: 'sentiment', label: 'negative', withinDays: 0 }] })).toMatch(
      /^filter\.conditions\[0\]\.withinDays must be a whole number/,
    );
    expect(error({ conditions: [{ type: 'attribute', key: 'nope', op: 'eq', value: 1 }] })).toMatch(
      /^filter\.conditions\[0\]\.key names no attribute/,
    );
    expect(error({ conditions: [{ type: 'attribute', key: 'plan', op: 'eq', value: 'gold' }] })).toMatch(
      /value must be one of "free", "pro" \(attribute "plan"\)/,
    );
    expect(error({ conditions: [{ type: 'attribute', key: 'seats', op: 'contains', value: 1 }] })).toMatch(
      /\.op must be one of/,
    );
    expect(error({ conditions: [{ type: 'tag', tagId: 'x' }] })).toMatch(/tagId must be a tag id/);
    expect(error({ conditions: [{ type: 'magic' }] })).toMatch(/\.type must be one of/);
    expect(error({ conditions: [{ type: 'lifecycle', stages: ['vip'], extra: 1 }] })).toMatch(
      /\.extra is not a known field/,
    );
    const deep = {
      type: 'group',
      match: 'all',
      conditions: [{ type: 'group', match: 'all', conditions: [{ type: 'group', match: 'all', conditions: [] }] }],
    };
    expect(error({ conditions: [deep] })).toMatch(/deeper than 3/);
  });
});
