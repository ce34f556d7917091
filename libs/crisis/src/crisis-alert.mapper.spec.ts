import type { AlertRow, SampleRow } from './crisis-alert.repository';
import { toAlertView } from './crisis-alert.mapper';

const at = new Date('2026-03-02T10:00:00Z');
const row: AlertRow = {
  id: 'a1',
  workspace_id: 'w1',
  topic_key: 'x-query:c1:0123456789ab',
  topic_name: 'X listening: "murmurcrm" (Brand on X)',
  channel_types: ['x'],
  severity: 'high',
  status: 'open',
  rules: ['spike'],
  window_start: at,
  window_end: at,
  last_fired_at: at,
  fire_count: 1,
  figures: [],
  terms: [],
  message_ids: [],
  event_ids: ['e1', 'e2', 'e3'],
  contact_ids: ['k-reach', 'k-tagged', 'k-vip', 'k-other'],
  acknowledged_by: null,
  acknowledged_at: null,
  resolved_by: null,
  resolved_at: null,
  created_at: at,
  updated_at: at,
};

function hit(id: string, reach: number | null, confidence: number): SampleRow {
  return {
    kind: 'listening_hit',
    id,
    conversation_id: null,
    contact_id: null,
    text: `post ${id}`,
    reach,
    sentiment_label: 'negative',
    sentiment_confidence: confidence,
    sent_at: at,
    author_name: 'Bob',
    author_handle: 'bob',
    channel_type: 'x',
    platform_id: `p-${id}`,
    url: `https://x.com/bob/status/p-${id}`,
  };
}

describe('alert view mapping', () => {
  it('lists listening hits as samples, widest reach first, with their kind, handle, link and sentiment', () => {
    const view = toAlertView(row, row.topic_name!, [hit('e1', 10, 0.9), hit('e2', null, 0.99), hit('e3', 50, 0.8)], []);
    expect(view.samples.map((s) => s.id)).toEqual(['e3', 'e1', 'e2']);
    expect(view.samples[0]).toEqual({
      kind: 'listening_hit',
      id: 'e3',
      conversationId: null,
      channelType: 'x',
      author: 'Bob',
      authorHandle: 'bob',
      text: 'post e3',
      reach: 50,
      sentiment: { label: 'negative', confidence: 0.8 },
      platformId: 'p-e3',
      url: 'https://x.com/bob/status/p-e3',
      sentAt: at.toISOString(),
    });
    expect(view).toMatchObject({ hitCount: 3, messageCount: 0, topic: { name: row.topic_name } });
  });

  it('puts VIP contacts first, then tagged ones, then the stored (reach) order', () => {
    const view = toAlertView(
      row,
      'n',
      [],
      [
        { id: 'k-other', name: 'Other', lifecycle_stage: 'new', tagged: false },
        { id: 'k-vip', name: 'Vera', lifecycle_stage: 'vip', tagged: false },
        { id: 'k-reach', name: 'Reach', lifecycle_stage: 'customer', tagged: false },
        { id: 'k-tagged', name: 'Tagged', lifecycle_stage: 'new', tagged: true },
      ],
    );
    expect(view.contacts.map((c) => c.id)).toEqual(['k-vip', 'k-tagged', 'k-reach', 'k-other']);
    expect(view.contacts[0]).toEqual({ id: 'k-vip', name: 'Vera', lifecycleStage: 'vip', tagged: false });
  });
});
