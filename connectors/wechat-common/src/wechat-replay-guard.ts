import { createHash } from 'node:crypto';
import { InboundRejection, type ConnectorStore } from '@scrm/connector-sdk';

/** WeChat pushes carry a timestamp; anything older (or further ahead) than this is refused. */
export const WECHAT_TIMESTAMP_TOLERANCE_S = 300;
/** A nonce is remembered longer than the timestamp window, so a replay inside the window is caught. */
const NONCE_TTL_MS = 2 * WECHAT_TIMESTAMP_TOLERANCE_S * 1000 + 60_000;

export function assertFreshTimestamp(timestamp: string | undefined, now: Date): string {
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) {
    throw new InboundRejection(401, 'TIMESTAMP_STALE', 'timestamp query parameter (unix seconds) is missing');
  }
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > WECHAT_TIMESTAMP_TOLERANCE_S) {
    throw new InboundRejection(401, 'TIMESTAMP_STALE', 'timestamp is more than 5 minutes away from the server clock');
  }
  return timestamp;
}

/**
 * Remembers each nonce with a fingerprint of its request. The same nonce on the same bytes is
 * WeChat retrying a push it got no answer for (answered again; ingest is idempotent); the same nonce
 * on anything else is a replay.
 */
export async function claimNonce(store: ConnectorStore | undefined, nonce: string, request: string): Promise<void> {
  if (!store) throw new InboundRejection(403, 'FORBIDDEN', 'the channel has no state store');
  const fingerprint = createHash('sha256').update(request).digest('hex');
  const held = await store.claim(`nonce:${nonce}`, fingerprint, NONCE_TTL_MS);
  if (!held.claimed && held.value !== fingerprint) {
    throw new InboundRejection(409, 'REPLAYED', 'this nonce was already used for another request');
  }
}
