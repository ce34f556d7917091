import { AppException } from '@scrm/common';
import type { ContactAttributeType } from '@scrm/database';

/** What validating a value needs to know about its attribute. */
export interface AttributeShape {
  key: string;
  type: ContactAttributeType;
  options: string[];
}

export type AttributeValue = string | number;

export const ATTRIBUTE_KEY = /^[a-z][a-z0-9_]{0,63}$/;
const TEXT_MAX = 1000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export function isCalendarDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/**
 * Checks a value against its attribute's type and returns it as stored: text trimmed, numbers as
 * finite JSON numbers, dates as `YYYY-MM-DD`, choices one of the options. The 400 names the attribute.
 */
export function normalizeAttributeValue(attr: AttributeShape, value: unknown): AttributeValue {
  const bad = (why: string): AppException => AppException.invalid(`attribute "${attr.key}" ${why}`);
  switch (attr.type) {
    case 'text': {
      if (typeof value !== 'string') throw bad('must be text');
      const text = value.trim();
      if (text.length === 0) throw bad('must not be empty (send null to clear it)');
      if (text.length > TEXT_MAX) throw bad(`must be at most ${TEXT_MAX} characters`);
      return text;
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw bad('must be a number');
      return value;
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value)) throw bad('must be a date (YYYY-MM-DD)');
      return value;
    case 'choice':
      if (typeof value !== 'string' || !attr.options.includes(value)) {
        throw bad(`must be one of ${attr.options.map((o) => JSON.stringify(o)).join(', ')}`);
      }
      return value;
  }
}

/**
 * Validates a patch of attribute values against the workspace's definitions: every key must be
 * defined, null clears a value. Returns what to set and what to clear.
 */
export function validateAttributePatch(
  defs: AttributeShape[],
  values: Record<string, unknown>,
): { set: Record<string, AttributeValue>; clear: string[] } {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const set: Record<string, AttributeValue> = {};
  const clear: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) throw AppException.invalid(`attribute "${key}" is not defined in this workspace`);
    if (value === null) clear.push(key);
    else set[key] = normalizeAttributeValue(def, value);
  }
  return { set, clear };
}

/** Checks the options of a definition: a choice needs 1–100 distinct non-empty options, other types none. */
export function normalizeOptions(type: ContactAttributeType, options: string[] | undefined): string[] {
  if (type !== 'choice') {
    if (options && options.length > 0) throw AppException.invalid(`options are only for choice attributes`);
    return [];
  }
  const list = (options ?? []).map((o) => o.trim());
  if (list.length === 0) throw AppException.invalid('a choice attribute needs at least one option');
  if (list.length > 100) throw AppException.invalid('a choice attribute has at most 100 options');
  if (list.some((o) => o.length === 0 || o.length > 200)) {
    throw AppException.invalid('options must be 1–200 characters each');
  }
  if (new Set(list).size !== list.length) throw AppException.invalid('options must be distinct');
  return list;
}
