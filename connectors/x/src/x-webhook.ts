import { createHmac, timingSafeEqual } from 'node:crypto';
import type { NormalizedInboundMessage } from '@scrm/connector-sdk';
import { POST_THREAD, dmThreadKey } from './x-normalize';

/** The CRC answer: `sha256=` + base64(HMAC-SHA256(consumer secret, crc_token)). */
export function crcResponseToken(consumerSecret: string, crcToken: string): string {
  return `sha256=${createHmac('sha256', consumerSecret).update(crcToken).digest('base64')}`;
}

/** Checks `x-twitter-webhooks-signature` over the exact body bytes, in constant time. */
export function verifyXSignature(consumerSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', consumerSecret).update(rawBody).digest('base64')}`);
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}

interface ActivityUser {
  id_str?: string;
  id?: string | number;
  name?: string;
  screen_name?: string;
}

interface ActivityPayload {
  for_user_id?: string;
  tweet_create_events?: {
    id_str: string;
    text?: string;
    full_text?: string;
    created_at?: string;
    timestamp_ms?: string;
    in_reply_to_status_id_str?: string | null;
    in_reply_to_user_id_str?: string | null;
    user?: ActivityUser;
    entities?: { user_mentions?: { id_str?: string }[] };
    extended_tweet?: { full_text?: string };
  }[];
  direct_message_events?: {
    type: string;
    id: string;
    created_timestamp?: string;
    message_create?: { sender_id?: string; target?: { recipient_id?: string }; message_data?: { text?: string } };
  }[];
  users?: Record<string, ActivityUser>;
}

/**
 * Account Activity deliveries for the brand account: posts addressed to it and DMs become messages.
 * The v1.1 payload names no conversation id, so a pushed reply is threaded on the post it answers.
 */
export function parseAccountActivity(raw: Buffer, brandUserId: string, now: Date): NormalizedInboundMessage[] {
  const payload = JSON.parse(raw.toString('utf8')) as ActivityPayload;
  if (payload.for_user_id !== undefined && payload.for_user_id !== brandUserId) return [];
  const out: NormalizedInboundMessage[] = [];
  for (const t of payload.tweet_create_events ?? []) {
    const author = t.user?.id_str ?? String(t.user?.id ?? '');
    if (!author || author === brandUserId) continue;
    const addressed =
      t.in_reply_to_user_id_str === brandUserId ||
      (t.entities?.user_mentions ?? []).some((m) => m.id_str === brandUserId);
    if (!addressed) continue;
    out.push({
      platformMessageId: t.id_str,
      threadKey: `${POST_THREAD}${t.in_reply_to_status_id_str ?? t.id_str}`,
      sender: { platformUserId: author, displayName: t.user?.name },
      text: t.extended_tweet?.full_text ?? t.full_text ?? t.text ?? '',
      attachments: [],
      sentAt: t.timestamp_ms ? new Date(Number(t.timestamp_ms)).toISOString() : now.toISOString(),
    });
  }
  for (const e of payload.direct_message_events ?? []) {
    if (e.type !== 'message_create' || !e.message_create) continue;
    const sender = e.message_create.sender_id ?? '';
    const recipient = e.message_create.target?.recipient_id ?? '';
    const fromBrand = sender === brandUserId;
    const peer = fromBrand ? recipient : sender;
    if (!peer) continue;
    out.push({
      platformMessageId: e.id,
      threadKey: dmThreadKey(sender, recipient),
      sender: { platformUserId: peer, displayName: payload.users?.[peer]?.name },
      text: e.message_create.message_data?.text ?? '',
      attachments: [],
      sentAt: e.created_timestamp ? new Date(Number(e.created_timestamp)).toISOString() : now.toISOString(),
      direction: fromBrand ? 'out' : 'in',
    });
  }
  return out;
}
