import { AppException, isUuid } from '@scrm/common';
import { LIFECYCLE_STAGES, type LifecycleStage } from '@scrm/database';
import { isCalendarDate, type AttributeShape } from '@scrm/identity';

/**
 * The segment filter language: a tree of conditions over a contact, joined by `all` (AND) or `any`
 * (OR). Parsed from JSON once (every error names the path of the bad part), stored as JSON, and
 * compiled to one SQL predicate over the contact row, so members, exports and the inbox filter all
 * run as a single query.
 */
export type SentimentLabel = 'positive' | 'neutral' | 'negative';
export type AttributeOp = 'eq' | 'neq' | 'contains' | 'in' | 'gt' | 'gte' | 'lt' | 'lte' | 'set' | 'unset';

export type SegmentCondition =
  | { type: 'lifecycle'; stages: LifecycleStage[] }
  | { type: 'tag'; tagId: string; has: boolean }
  | { type: 'attribute'; key: string; op: AttributeOp; value?: string | number | string[] }
  | { type: 'channel'; channelType?: string; channelId?: string }
  | { type: 'sentiment'; label: SentimentLabel; withinDays: number }
  | { type: 'activity'; lastSeen: 'within' | 'notWithin'; days: number }
  | { type: 'group'; match: 'all' | 'any'; conditions: SegmentCondition[] };

export interface SegmentFilter {
  match: 'all' | 'any';
  conditions: SegmentCondition[];
}

/** Ids a filter names, which must exist in the workspace. */
export interface FilterReferences {
  tagIds: string[];
  channelIds: string[];
}

const MAX_DEPTH = 3;
const MAX_CONDITIONS = 20;
const MAX_DAYS = 3650;
const LABELS: SentimentLabel[] = ['positive', 'neutral', 'negative'];
const OPS_BY_TYPE: Record<AttributeShape['type'], AttributeOp[]> = {
  text: ['eq', 'neq', 'contains', 'set', 'unset'],
  number: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'set', 'unset'],
  date: ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'set', 'unset'],
  choice: ['eq', 'neq', 'in', 'set', 'unset'],
};

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(path: string, why: string): AppException {
  return AppException.invalid(`${path} ${why}`);
}

function only(o: Json, path: string, keys: string[]): void {
  const extra = Object.keys(o).find((k) => !keys.includes(k));
  if (extra !== undefined) throw bad(`${path}.${extra}`, 'is not a known field');
}

function days(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > MAX_DAYS) {
    throw bad(path, `must be a whole number of days from 1 to ${MAX_DAYS}`);
  }
  return v;
}

/** Parses and checks a filter against the workspace's attribute definitions. */
export function parseSegmentFilter(input: unknown, attributes: AttributeShape[], path = 'filter'): SegmentFilter {
  return parseGroup(input, new Map(attributes.map((a) => [a.key, a])), path, 1);
}

function parseGroup(input: unknown, attrs: Map<string, AttributeShape>, path: string, depth: number): SegmentFilter {
  if (!isObject(input)) throw bad(path, 'must be an object with match and conditions');
  only(input, path, depth === 1 ? ['match', 'conditions'] : ['type', 'match', 'conditions']);
  const match = input.match ?? 'all';
  if (match !== 'all' && match !== 'any') throw bad(`${path}.match`, 'must be all or any');
  if (!Array.isArray(input.conditions)) throw bad(`${path}.conditions`, 'must be an array');
  if (input.conditions.length > MAX_CONDITIONS)
    throw bad(`${path}.conditions`, `has at most ${MAX_CONDITIONS} entries`);
  return {
    match,
    conditions: input.conditions.map((c, i) => parseCondition(c, attrs, `${path}.conditions[${i}]`, depth)),
  };
}

function parseCondition(c: unknown, attrs: Map<string, AttributeShape>, path: string, depth: number): SegmentCondition {
  if (!isObject(c)) throw bad(path, 'must be an object');
  switch (c.type) {
    case 'group': {
      if (depth >= MAX_DEPTH) throw bad(path, `nests groups deeper than ${MAX_DEPTH} levels`);
      return { type: 'group', ...parseGroup(c, attrs, path, depth + 1) };
    }
    case 'lifecycle': {
      only(c, path, ['type', 'stages']);
      const stages = c.stages;
      if (!Array.isArray(stages) || stages.length === 0 || stages.some((s) => !LIFECYCLE_STAGES.includes(s))) {
        throw bad(`${path}.stages`, `must be a non-empty list of ${LIFECYCLE_STAGES.join(', ')}`);
      }
      return { type: 'lifecycle', stages: [...new Set(stages as LifecycleStage[])] };
    }
    case 'tag': {
      only(c, path, ['type', 'tagId', 'has']);
      if (typeof c.tagId !== 'string' || !isUuid(c.tagId)) throw bad(`${path}.tagId`, 'must be a tag id');
      if (c.has !== undefined && typeof c.has !== 'boolean') throw bad(`${path}.has`, 'must be true or false');
      return { type: 'tag', tagId: c.tagId.toLowerCase(), has: c.has ?? true };
    }
    case 'channel': {
      only(c, path, ['type', 'channelType', 'channelId']);
      if (c.channelType === undefined && c.channelId === undefined) {
        throw bad(path, 'needs channelType (e.g. "x", "webhook") or channelId');
      }
      if (
        c.channelType !== undefined &&
        (typeof c.channelType !== 'string' || !/^[a-z][a-z0-9_-]{0,39}$/.test(c.channelType))
      ) {
        throw bad(`${path}.channelType`, 'must be a channel type such as "x" or "webhook"');
      }
      if (c.channelId !== undefined && (typeof c.channelId !== 'string' || !isUuid(c.channelId))) {
        throw bad(`${path}.channelId`, 'must be a channel id');
      }
      return {
        type: 'channel',
        ...(c.channelType !== undefined ? { channelType: c.channelType as string } : {}),
        ...(c.channelId !== undefined ? { channelId: (c.channelId as string).toLowerCase() } : {}),
      };
    }
    case 'sentiment': {
      only(c, path, ['type', 'label', 'withinDays']);
      if (!LABELS.includes(c.label as SentimentLabel))
        throw bad(`${path}.label`, `must be one of ${LABELS.join(', ')}`);
      return {
        type: 'sentiment',
        label: c.label as SentimentLabel,
        withinDays: days(c.withinDays, `${path}.withinDays`),
      };
    }
    case 'activity': {
      only(c, path, ['type', 'lastSeen', 'days']);
      if (c.lastSeen !== 'within' && c.lastSeen !== 'notWithin') {
        throw bad(`${path}.lastSeen`, 'must be within or notWithin');
      }
      return { type: 'activity', lastSeen: c.lastSeen, days: days(c.days, `${path}.days`) };
    }
    case 'attribute':
      return parseAttribute(c, attrs, path);
    default:
      throw bad(`${path}.type`, 'must be one of lifecycle, tag, attribute, channel, sentiment, activity, group');
  }
}

function parseAttribute(c: Json, attrs: Map<string, AttributeShape>, path: string): SegmentCondition {
  only(c, path, ['type', 'key', 'op', 'value']);
  const attr = typeof c.key === 'string' ? attrs.get(c.key) : undefined;
  if (!attr) throw bad(`${path}.key`, `names no attribute of this workspace (${JSON.stringify(c.key)})`);
  const ops = OPS_BY_TYPE[attr.type];
  const op = c.op as AttributeOp;
  if (!ops.includes(op)) throw bad(`${path}.op`, `must be one of ${ops.join(', ')} for a ${attr.type} attribute`);
  if (op === 'set' || op === 'unset') {
    if (c.value !== undefined) throw bad(`${path}.value`, `is not used with ${op}`);
    return { type: 'attribute', key: attr.key, op };
  }
  const v = c.value;
  const valuePath = `${path}.value`;
  switch (attr.type) {
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw bad(valuePath, `must be a number (attribute "${attr.key}")`);
      break;
    case 'date':
      if (typeof v !== 'string' || !isCalendarDate(v))
        throw bad(valuePath, `must be a date YYYY-MM-DD (attribute "${attr.key}")`);
      break;
    case 'text':
      if (typeof v !== 'string' || v.length === 0 || v.length > 1000)
        throw bad(valuePath, `must be non-empty text (attribute "${attr.key}")`);
      break;
    case 'choice': {
      const list = op === 'in' ? v : [v];
      if (
        !Array.isArray(list) ||
        list.length === 0 ||
        list.some((x) => typeof x !== 'string' || !attr.options.includes(x))
      ) {
        throw bad(
          valuePath,
          `must be ${op === 'in' ? 'a list of' : 'one of'} ${attr.options.map((o) => JSON.stringify(o)).join(', ')} (attribute "${attr.key}")`,
        );
      }
      return { type: 'attribute', key: attr.key, op, value: op === 'in' ? (list as string[]) : (v as string) };
    }
  }
  return { type: 'attribute', key: attr.key, op, value: v };
}

/** The tag and channel ids a filter names. */
export function filterReferences(f: SegmentFilter): FilterReferences {
  const refs: FilterReferences = { tagIds: [], channelIds: [] };
  const walk = (cs: SegmentCondition[]): void => {
    for (const c of cs) {
      if (c.type === 'tag') refs.tagIds.push(c.tagId);
      if (c.type === 'channel' && c.channelId) refs.channelIds.push(c.channelId);
      if (c.type === 'group') walk(c.conditions);
    }
  };
  walk(f.conditions);
  return { tagIds: [...new Set(refs.tagIds)], channelIds: [...new Set(refs.channelIds)] };
}

/**
 * Appends the filter's values to `params` and returns a SQL predicate over the contact row `alias`
 * (which must have `workspace_id`, `id`, `lifecycle_stage`, `attributes` and `last_seen_at`).
 * Every subquery stays inside the contact's workspace.
 */
export function compileSegmentFilter(f: SegmentFilter, params: unknown[], alias = 'ct'): string {
  const p = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const group = (match: 'all' | 'any', cs: SegmentCondition[]): string => {
    if (cs.length === 0) return match === 'all' ? 'TRUE' : 'FALSE';
    return `(${cs.map(one).join(match === 'all' ? ' AND ' : ' OR ')})`;
  };
  const one = (c: SegmentCondition): string => {
    switch (c.type) {
      case 'group':
        return group(c.match, c.conditions);
      case 'lifecycle':
        return `${alias}.lifecycle_stage = ANY(${p(c.stages)}::text[])`;
      case 'tag':
        return `${c.has ? '' : 'NOT '}EXISTS (SELECT 1 FROM contact_tag tg WHERE tg.workspace_id = ${alias}.workspace_id
                  AND tg.contact_id = ${alias}.id AND tg.tag_id = ${p(c.tagId)}::uuid)`;
      case 'channel': {
        const parts: string[] = [];
        if (c.channelType !== undefined) {
          parts.push(`EXISTS (SELECT 1 FROM identity si WHERE si.workspace_id = ${alias}.workspace_id
                        AND si.contact_id = ${alias}.id AND si.channel_type = ${p(c.channelType)})`);
        }
        if (c.channelId !== undefined) {
          parts.push(`EXISTS (SELECT 1 FROM conversation scv WHERE scv.workspace_id = ${alias}.workspace_id
                        AND scv.contact_id = ${alias}.id AND scv.channel_id = ${p(c.channelId)}::uuid)`);
        }
        return `(${parts.join(' AND ')})`;
      }
      case 'sentiment':
        return `EXISTS (SELECT 1 FROM identity si JOIN message sm ON sm.workspace_id = si.workspace_id AND sm.author_identity_id = si.id
                  WHERE si.workspace_id = ${alias}.workspace_id AND si.contact_id = ${alias}.id AND sm.direction = 'in'
                    AND sm.sentiment_label = ${p(c.label)} AND sm.sent_at >= now() - make_interval(days => ${p(c.withinDays)}::int))`;
      case 'activity': {
        const since = `now() - make_interval(days => ${p(c.days)}::int)`;
        return c.lastSeen === 'within'
          ? `${alias}.last_seen_at >= ${since}`
          : `(${alias}.last_seen_at IS NULL OR ${alias}.last_seen_at < ${since})`;
      }
      case 'attribute':
        return attribute(c);
    }
  };
  const attribute = (c: Extract<SegmentCondition, { type: 'attribute' }>): string => {
    const key = p(c.key);
    const json = `(${alias}.attributes -> ${key}::text)`;
    const text = `(${alias}.attributes ->> ${key}::text)`;
    if (c.op === 'set') return `${json} IS NOT NULL`;
    if (c.op === 'unset') return `${json} IS NULL`;
    if (c.op === 'in') return `${text} = ANY(${p(c.value)}::text[])`;
    if (c.op === 'contains') return `strpos(lower(${text}), lower(${p(c.value)}::text)) > 0`;
    const cmp = { eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.op];
    const lhs =
      typeof c.value === 'number'
        ? `(CASE WHEN jsonb_typeof(${json}) = 'number' THEN ${text}::numeric END)`
        : `(${text} COLLATE "C")`;
    const rhs = typeof c.value === 'number' ? `${p(c.value)}::numeric` : `${p(c.value)}::text`;
    return c.op === 'neq' ? `${lhs} IS DISTINCT FROM ${rhs}` : `${lhs} ${cmp} ${rhs}`;
  };
  return group(f.match, f.conditions);
}
