import { InboundRejection, type Attachment, type NormalizedInboundMessage } from '@scrm/connector-sdk';

/** Parses and validates the API channel's inbound JSON; every error names the offending field. */
export function parseWebhookPayload(raw: Buffer, now: Date): NormalizedInboundMessage {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalid('request body is not valid JSON');
  }
  if (!isObject(body)) throw invalid('request body must be a JSON object');

  const messageId = body.messageId;
  if (typeof messageId !== 'string' || messageId.trim() === '' || messageId.length > 256) {
    throw invalid('messageId must be a non-empty string of at most 256 characters');
  }
  const sender = body.sender;
  if (!isObject(sender)) throw invalid('sender must be an object with an id');
  if (typeof sender.id !== 'string' || sender.id.trim() === '' || sender.id.length > 256) {
    throw invalid('sender.id must be a non-empty string of at most 256 characters');
  }
  if (sender.name !== undefined && sender.name !== null && typeof sender.name !== 'string') {
    throw invalid('sender.name must be a string');
  }
  if (sender.avatarUrl !== undefined && sender.avatarUrl !== null && !isHttpUrl(sender.avatarUrl)) {
    throw invalid('sender.avatarUrl must be an http(s) URL');
  }
  const text = body.text ?? '';
  if (typeof text !== 'string') throw invalid('text must be a string');
  const attachments = parseAttachments(body.attachments);
  if (text === '' && attachments.length === 0) throw invalid('text or attachments must be given');

  const reach = body.reach ?? sender.reach;
  if (reach !== undefined && reach !== null && !(typeof reach === 'number' && Number.isInteger(reach) && reach >= 0)) {
    throw invalid('reach must be a whole number of people, 0 or more');
  }

  let sentAt = now;
  if (body.timestamp !== undefined && body.timestamp !== null) {
    const ts = body.timestamp;
    const d = typeof ts === 'string' ? new Date(ts) : typeof ts === 'number' ? new Date(ts * 1000) : undefined;
    if (!d || Number.isNaN(d.getTime())) throw invalid('timestamp must be an ISO-8601 date-time or unix seconds');
    sentAt = d;
  }

  return {
    platformMessageId: messageId,
    threadKey: sender.id,
    sender: {
      platformUserId: sender.id,
      displayName: typeof sender.name === 'string' ? sender.name.slice(0, 256) : undefined,
      avatarUrl: typeof sender.avatarUrl === 'string' ? sender.avatarUrl : undefined,
    },
    text,
    attachments,
    sentAt: sentAt.toISOString(),
    ...(typeof reach === 'number' ? { reach: Math.min(reach, 2_000_000_000) } : {}),
  };
}

function parseAttachments(value: unknown): Attachment[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid('attachments must be an array');
  if (value.length > 20) throw invalid('attachments may hold at most 20 items');
  return value.map((a: unknown, i) => {
    if (!isObject(a) || !isHttpUrl(a.url)) throw invalid(`attachments[${i}].url must be an http(s) URL`);
    const out: Attachment = { url: a.url };
    if (typeof a.type === 'string') out.type = a.type.slice(0, 128);
    if (typeof a.name === 'string') out.name = a.name.slice(0, 256);
    if (typeof a.size === 'number' && Number.isFinite(a.size) && a.size >= 0) out.size = a.size;
    return out;
  });
}

function invalid(message: string): InboundRejection {
  return new InboundRejection(400, 'VALIDATION_FAILED', message);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
