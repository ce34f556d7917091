import type { AlertView } from '@scrm/realtime';
import type { AlertContactRow, AlertRow, SampleRow } from './crisis-alert.repository';

export const SAMPLE_COUNT = 5;
const SAMPLE_CHARS = 500;

export function toAlertView(
  a: AlertRow,
  topicName: string,
  samples: SampleRow[],
  contacts: AlertContactRow[],
): AlertView {
  const order = new Map(a.contact_ids.map((id, i) => [id, i]));
  // VIPs, then tagged contacts, are the ones to call back first; within each, the stored order (widest reach first).
  const rank = (c: AlertContactRow): number => (c.lifecycle_stage === 'vip' ? 0 : c.tagged ? 1 : 2);
  return {
    id: a.id,
    topic: { key: a.topic_key, name: topicName },
    channelTypes: a.channel_types,
    severity: a.severity,
    status: a.status,
    rules: a.rules,
    window: { start: a.window_start.toISOString(), end: a.window_end.toISOString() },
    lastFiredAt: a.last_fired_at.toISOString(),
    fireCount: a.fire_count,
    figures: a.figures,
    terms: a.terms,
    samples: [...samples]
      .sort(
        (x, y) =>
          (y.reach ?? -1) - (x.reach ?? -1) ||
          (y.sentiment_confidence ?? -1) - (x.sentiment_confidence ?? -1) ||
          x.sent_at.getTime() - y.sent_at.getTime(),
      )
      .slice(0, SAMPLE_COUNT)
      .map((m) => ({
        kind: m.kind,
        id: m.id,
        conversationId: m.conversation_id,
        channelType: m.channel_type,
        author: m.author_name,
        authorHandle: m.author_handle,
        text: m.text.slice(0, SAMPLE_CHARS),
        reach: m.reach,
        sentiment: m.sentiment_label === null ? null : { label: m.sentiment_label, confidence: m.sentiment_confidence },
        platformId: m.platform_id,
        url: m.url,
        sentAt: m.sent_at.toISOString(),
      })),
    messageCount: a.message_ids.length,
    hitCount: a.event_ids.length,
    contacts: [...contacts]
      .sort((x, y) => rank(x) - rank(y) || (order.get(x.id) ?? 0) - (order.get(y.id) ?? 0))
      .map((c) => ({ id: c.id, name: c.name, lifecycleStage: c.lifecycle_stage, tagged: c.tagged })),
    acknowledged:
      a.acknowledged_by && a.acknowledged_at ? { by: a.acknowledged_by, at: a.acknowledged_at.toISOString() } : null,
    resolved: a.resolved_by && a.resolved_at ? { by: a.resolved_by, at: a.resolved_at.toISOString() } : null,
    createdAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
  };
}
