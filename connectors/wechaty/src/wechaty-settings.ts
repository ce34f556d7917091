import { ConnectorError, type PreparedConfig } from '@scrm/connector-sdk';

export const PUPPETS = [
  'wechaty-puppet-service',
  'wechaty-puppet-wechat4u',
  'wechaty-puppet-padlocal',
  'wechaty-puppet-mock',
] as const;
export type PuppetName = (typeof PUPPETS)[number];

export interface WechatySettings {
  puppet: PuppetName;
  /** puppet-service: host:port of the puppet server. */
  endpoint?: string;
  /** puppet-service / padlocal token (a secret). */
  token?: string;
  /** puppet-service: talk to the server without TLS (`tls: { disable: true }`). */
  tlsInsecure: boolean;
  /** Outbound pacing: at most this many messages a minute from this account. */
  messagesPerMinute: number;
  /** Random extra delay, 0..jitterMs, added to each paced send. */
  jitterMs: number;
}

const FIELDS = ['puppet', 'endpoint', 'token', 'tlsInsecure', 'messagesPerMinute', 'jitterMs'] as const;
export const DEFAULT_MESSAGES_PER_MINUTE = 20;
export const DEFAULT_JITTER_MS = 2_000;

/** Validates a wechaty channel's configuration; the token is the only secret. */
export function prepareWechatyConfig(input: Record<string, unknown>, existing?: PreparedConfig): PreparedConfig {
  const unknown = Object.keys(input).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new ConnectorError('INVALID', `config has unknown field(s): ${unknown.join(', ')}`);
  const pick = (k: (typeof FIELDS)[number]): unknown => (k in input ? input[k] : (existing?.config[k] ?? undefined));

  const puppet = pick('puppet');
  if (typeof puppet !== 'string' || !(PUPPETS as readonly string[]).includes(puppet)) {
    throw new ConnectorError('INVALID', `config.puppet must be one of ${PUPPETS.join(', ')}`);
  }
  const token = input.token ?? existing?.secrets.token;
  if (token !== undefined && (typeof token !== 'string' || token.length > 512)) {
    throw new ConnectorError('INVALID', 'config.token must be a string');
  }
  const endpoint = pick('endpoint');
  if (
    endpoint !== undefined &&
    endpoint !== null &&
    (typeof endpoint !== 'string' || !/^[\w.-]+:\d{1,5}$/.test(endpoint))
  ) {
    throw new ConnectorError('INVALID', 'config.endpoint must be host:port');
  }
  if (puppet === 'wechaty-puppet-service' && !token) {
    throw new ConnectorError('INVALID', 'config.token is required for wechaty-puppet-service');
  }
  if (puppet === 'wechaty-puppet-padlocal' && !token) {
    throw new ConnectorError('INVALID', 'config.token (the PadLocal token) is required for wechaty-puppet-padlocal');
  }
  const tlsInsecure = pick('tlsInsecure') ?? false;
  if (typeof tlsInsecure !== 'boolean') throw new ConnectorError('INVALID', 'config.tlsInsecure must be a boolean');
  const perMinute = pick('messagesPerMinute') ?? DEFAULT_MESSAGES_PER_MINUTE;
  if (typeof perMinute !== 'number' || !Number.isInteger(perMinute) || perMinute < 1 || perMinute > 600) {
    throw new ConnectorError('INVALID', 'config.messagesPerMinute must be an integer from 1 to 600');
  }
  const jitterMs = pick('jitterMs') ?? DEFAULT_JITTER_MS;
  if (typeof jitterMs !== 'number' || !Number.isInteger(jitterMs) || jitterMs < 0 || jitterMs > 60_000) {
    throw new ConnectorError('INVALID', 'config.jitterMs must be an integer from 0 to 60000');
  }
  const config: Record<string, unknown> = { puppet, tlsInsecure, messagesPerMinute: perMinute, jitterMs };
  if (typeof endpoint === 'string') config.endpoint = endpoint;
  return { config, secrets: typeof token === 'string' && token !== '' ? { token } : {} };
}

export function settingsOf(config: Record<string, unknown>, secrets: Record<string, string>): WechatySettings {
  return {
    puppet: config.puppet as PuppetName,
    endpoint: typeof config.endpoint === 'string' ? config.endpoint : undefined,
    token: secrets.token,
    tlsInsecure: config.tlsInsecure === true,
    messagesPerMinute:
      typeof config.messagesPerMinute === 'number' ? config.messagesPerMinute : DEFAULT_MESSAGES_PER_MINUTE,
    jitterMs: typeof config.jitterMs === 'number' ? config.jitterMs : DEFAULT_JITTER_MS,
  };
}
