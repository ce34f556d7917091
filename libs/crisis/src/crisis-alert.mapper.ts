import type { AlertView } from '@scrm/realtime';
import type { AlertRow, SampleRow } from './crisis-alert.repository';

export const SAMPLE_COUNT = 5;
const SAMPLE_CHARS = 500;

export function toAlertView(
  a: AlertRow,
  topicName: string,
  samples: SampleRow[],
  contacts: { id: string; name: string | null }[],
): AlertView {
  const order = new Map(a.contact_ids.map((id, i) => [id, i]));
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
    samples: samples.map((m) => ({
      id: m.id,
      conversationId: m.conversation_id,
      channelType: m.channel_type,
      author: m.author_name,
      text: m.text.slice(0, SAMPLE_CHARS),
      reach: m.reach,
      sentAt: m.sent_at.toISOString(),
    })),
    messageCount: a.message_ids.length,
    contacts: [...contacts].sort((x, y) => (order.get(x.id) ?? 0) - (order.get(y.id) ?? 0)),
    acknowledged:
      a.acknowledged_by && a.acknowledged_at ? { by: a.acknowledged_by, at: a.acknowledged_at.toISOString() } : null,
    resolved: a.resolved_by && a.resolved_at ? { by: a.resolved_by, at: a.resolved_at.toISOString() } : null,
    createdAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
  };
}
