import { normalizeContactIdentity } from './contact-identity-value';

describe('normalizeContactIdentity', () => {
  it('trims and lower-cases email addresses', () => {
    expect(normalizeContactIdentity('email', '  Ann.Lee@Example.COM ')).toBe('ann.lee@example.com');
  });

  it.each(['ann', 'ann@', '@example.com', 'ann@example', 'a b@example.com', 'ann@exa_mple.com'])(
    'refuses %j as an email address',
    (raw) => {
      expect(() => normalizeContactIdentity('email', raw)).toThrow(/not an email address/);
    },
  );

  it('keeps a + and the digits of a phone number', () => {
    expect(normalizeContactIdentity('phone', '+44 (20) 7946-0958')).toBe('+442079460958');
    expect(normalizeContactIdentity('phone', '0086 138 0013 8000')).toBe('+8613800138000');
  });

  it('refuses a phone number without a country code or with letters', () => {
    expect(() => normalizeContactIdentity('phone', '020 7946 0958')).toThrow(/country code/);
    expect(() => normalizeContactIdentity('phone', '+44 20 CALL NOW')).toThrow(/not a phone number/);
    expect(() => normalizeContactIdentity('phone', '+12')).toThrow(/not a phone number/);
  });
});
