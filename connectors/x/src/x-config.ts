import { ConnectorError, type PreparedConfig } from '@scrm/connector-sdk';

/** The channel's public settings (secrets live apart, encrypted). */
export interface XChannelConfig {
  /** The brand account's numeric user id. */
  userId: string;
  /** Listening queries in X search syntax. */
  queries: string[];
  /** Another base for the X API (a proxy, or a local fake in tests). */
  apiBaseUrl: string | null;
  pollSeconds: number;
  /** Posts the account's tier may read per calendar month (UTC); null: not tracked. */
  monthlyReadBudget: number | null;
  /** Posts (replies) the tier may create per month; null: not tracked. */
  monthlyPostBudget: number | null;
  /** Listen to the queries on the filtered stream (needs the bearer token) instead of polling search. */
  stream: boolean;
}

export interface XSecrets {
  bearerToken?: string;
  appKey: string;
  appSecret: string;
  accessToken: string;
  accessSecret: string;
}

const SECRET_FIELDS = ['bearerToken', 'appKey', 'appSecret', 'accessToken', 'accessSecret'] as const;
const CONFIG_FIELDS = [
  'userId',
  'queries',
  'apiBaseUrl',
  'pollSeconds',
  'monthlyReadBudget',
  'monthlyPostBudget',
  'stream',
];
const REQUIRED_SECRETS = ['appKey', 'appSecret', 'accessToken', 'accessSecret'] as const;
const MAX_QUERIES = 25;
const MAX_QUERY_LENGTH = 512;

/** Validates user input (create or update) into config and secrets. Throws ConnectorError('INVALID'). */
export function prepareXConfig(input: Record<string, unknown>, existing?: PreparedConfig): PreparedConfig {
  const unknown = Object.keys(input).filter(
    (k) => !CONFIG_FIELDS.includes(k) && !(SECRET_FIELDS as readonly string[]).includes(k),
  );
  if (unknown.length > 0) throw invalid(`config has unknown field(s): ${unknown.join(', ')}`);
  const prev = existing?.config ?? {};
  const pick = (k: string): unknown => (k in input ? input[k] : prev[k]);

  const userId = pick('userId');
  if (typeof userId !== 'string' || !/^\d{1,20}$/.test(userId)) {
    throw invalid('config.userId must be the brand account’s numeric X user id, as a string');
  }
  const queries = pick('queries') ?? [];
  if (
    !Array.isArray(queries) ||
    queries.length > MAX_QUERIES ||
    !queries.every((q) => typeof q === 'string' && q.trim() !== '' && q.length <= MAX_QUERY_LENGTH)
  ) {
    throw invalid(`config.queries must be a list of up to ${MAX_QUERIES} non-empty search queries (≤ 512 chars)`);
  }
  const apiBaseUrl = pick('apiBaseUrl') ?? null;
  if (apiBaseUrl !== null && !isHttpUrl(apiBaseUrl)) throw invalid('config.apiBaseUrl must be an http(s) URL');
  const pollSeconds = pick('pollSeconds') ?? 60;
  if (!Number.isInteger(pollSeconds) || (pollSeconds as number) < 1 || (pollSeconds as number) > 3600) {
    throw invalid('config.pollSeconds must be a whole number from 1 to 3600');
  }
  const budget = (name: string): number | null => {
    const v = pick(name) ?? null;
    if (v !== null && (!Number.isInteger(v) || (v as number) < 0)) {
      throw invalid(`config.${name} must be a non-negative whole number or null`);
    }
    return v as number | null;
  };

  const secrets: Record<string, string> = { ...(existing?.secrets ?? {}) };
  for (const k of SECRET_FIELDS) {
    if (!(k in input)) continue;
    const v = input[k];
    if (typeof v !== 'string' || v.trim() === '') throw invalid(`config.${k} must be a non-empty string`);
    secrets[k] = v;
  }
  const missing = REQUIRED_SECRETS.filter((k) => !secrets[k]);
  if (missing.length > 0) {
    throw invalid(`config needs the brand account's user-context credentials: ${missing.join(', ')}`);
  }
  const stream = pick('stream') ?? false;
  if (typeof stream !== 'boolean') throw invalid('config.stream must be true or false');
  if (stream && !secrets.bearerToken) throw invalid('config.stream needs config.bearerToken (the stream is app-only)');
  const config: XChannelConfig = {
    userId,
    queries: (queries as string[]).map((q) => q.trim()),
    apiBaseUrl: apiBaseUrl === null ? null : (apiBaseUrl as string).replace(/\/+$/, ''),
    pollSeconds: pollSeconds as number,
    monthlyReadBudget: budget('monthlyReadBudget'),
    monthlyPostBudget: budget('monthlyPostBudget'),
    stream,
  };
  return { config: config as unknown as Record<string, unknown>, secrets };
}

export function readXConfig(config: Record<string, unknown>): XChannelConfig {
  return config as unknown as XChannelConfig;
}

export function readXSecrets(secrets: Record<string, string>): XSecrets {
  for (const k of REQUIRED_SECRETS) {
    if (!secrets[k]) throw new ConnectorError('AUTH_REVOKED', `the channel has no ${k}`);
  }
  return secrets as unknown as XSecrets;
}

function invalid(message: string): ConnectorError {
  return new ConnectorError('INVALID', message);
}

function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
