import { AppException } from '@scrm/common';
import { isCalendarDate, normalizeAttributeValue, normalizeOptions, validateAttributePatch } from './attribute-value';

const defs = [
  { key: 'plan', type: 'choice' as const, options: ['free', 'pro'] },
  { key: 'seats', type: 'number' as const, options: [] },
  { key: 'renewal', type: 'date' as const, options: [] },
  { key: 'company', type: 'text' as const, options: [] },
];

const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AppException);
    return (e as AppException).message;
  }
  throw new Error('expected a validation error');
};

describe('attribute values', () => {
  it('accepts values of the right type and normalizes text', () => {
    expect(
      validateAttributePatch(defs, { plan: 'pro', seats: 12.5, renewal: '2027-02-28', company: '  Acme ' }),
    ).toEqual({ set: { plan: 'pro', seats: 12.5, renewal: '2027-02-28', company: 'Acme' }, clear: [] });
    expect(normalizeAttributeValue(defs[3]!, '  Acme ')).toBe('Acme');
    expect(validateAttributePatch(defs, { plan: null, seats: 0 })).toEqual({ set: { seats: 0 }, clear: ['plan'] });
  });

  it('names the attribute that is wrong', () => {
    expect(message(() => validateAttributePatch(defs, { seats: '12' }))).toBe('attribute "seats" must be a number');
    expect(message(() => validateAttributePatch(defs, { seats: Number.NaN }))).toMatch(/"seats"/);
    expect(message(() => validateAttributePatch(defs, { renewal: '2027-02-30' }))).toMatch(/"renewal" must be a date/);
    expect(message(() => validateAttributePatch(defs, { plan: 'gold' }))).toBe(
      'attribute "plan" must be one of "free", "pro"',
    );
    expect(message(() => validateAttributePatch(defs, { company: '' }))).toMatch(/"company" must not be empty/);
    expect(message(() => validateAttributePatch(defs, { nope: 1 }))).toBe(
      'attribute "nope" is not defined in this workspace',
    );
  });

  it('knows calendar dates', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-1-01')).toBe(false);
  });

  it('checks choice options', () => {
    expect(normalizeOptions('choice', [' a ', 'b'])).toEqual(['a', 'b']);
    expect(message(() => normalizeOptions('choice', []))).toMatch(/at least one option/);
    expect(message(() => normalizeOptions('choice', ['a', 'a']))).toMatch(/distinct/);
    expect(message(() => normalizeOptions('text', ['a']))).toMatch(/only for choice/);
  });
});
