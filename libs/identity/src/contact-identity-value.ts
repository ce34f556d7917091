import { AppException } from '@scrm/common';

export type ContactIdentityType = 'email' | 'phone';
export const CONTACT_IDENTITY_TYPES: ContactIdentityType[] = ['email', 'phone'];

/** A pragmatic address check: one @, no spaces, a dotted domain of letters, digits and hyphens. */
const EMAIL = /^[^\s@]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;
/** Separators people write inside phone numbers; anything else is refused rather than dropped. */
const PHONE_SEPARATORS = /[\s().-]/g;

/**
 * The stored form of an email address or phone number, so the same address typed two ways is one
 * identity: emails trimmed and lower-cased, phones as `+` and 8–15 digits (E.164). A number written
 * without its country code cannot be told apart from another country's and is refused.
 */
export function normalizeContactIdentity(type: ContactIdentityType, raw: string): string {
  if (type === 'email') {
    const email = raw.trim().toLowerCase();
    if (email.length > 254 || !EMAIL.test(email))
      throw AppException.invalid(`value: ${JSON.stringify(raw)} is not an email address`);
    return email;
  }
  let phone = raw.trim().replace(PHONE_SEPARATORS, '');
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
  if (!phone.startsWith('+')) {
    throw AppException.invalid(
      `value: phone number ${JSON.stringify(raw)} needs its country code, e.g. +44 20 7946 0958`,
    );
  }
  if (!/^\+[1-9][0-9]{7,14}$/.test(phone)) {
    throw AppException.invalid(`value: ${JSON.stringify(raw)} is not a phone number (a + and 8 to 15 digits)`);
  }
  return phone;
}
