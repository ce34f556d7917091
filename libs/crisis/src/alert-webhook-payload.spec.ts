import { createHmac } from 'node:crypto';
import type { AlertView } from '@scrm/realtime';
import { renderAlertWebhook, signBody } from './alert-webhook-payload';

const alert: AlertView = {
  id: 'a1',
  topic: { key: 'workspace', name: 'Whole workspace' },
  channelTypes: ['*'],
  severity: 'high',
  status: 'open',
  rules: ['spike'],
  window: { start: '2026-03-02T10:00:00.000Z', end: '2026-03-02T10:15:00.000Z' },
  lastFiredAt: '2026-03-02T10:15:00.000Z',
  fireCount: 1,
  figures: [{ rule: 'spike', negative: 12 }],
  terms: [{ term: '退款', count: 6, lift: 9 }],
  samples: [],
  messageCount: 12,
  hitCount: 0,
  contacts: [],
  acknowledged: null,
  resolved: null,
  createdAt: '2026-03-02T10:16:00.000Z',
  updatedAt: '2026-03-02T10:16:00.000Z',
};
const now = new Date('2026-03-02T10:16:00Z');

describe('alert webhook payloads', () => {
  it('signs every format like the API channel does', () => {
    for (const format of ['json', 'wecom', 'dingtalk', 'slack'] as const) {
      const r = renderAlertWebhook(format, 'https://example.test/hook', 'secret', 'alert.created', alert, now);
      const ts = r.headers['x-murmur-timestamp']!;
      expect(r.headers['x-murmur-signature']).toBe(signBody('secret', ts, r.body));
      expect(r.headers['x-murmur-event']).toBe('alert.created');
    }
  });

  it('renders the bot formats WeCom, DingTalk and Slack accept', () => {
    const wecom = JSON.parse(renderAlertWebhook('wecom', 'https://x.test', 's', 'alert.created', alert, now).body);
    expect(wecom).toEqual({ msgtype: 'markdown', markdown: { content: expect.stringContaining('退款') } });
    const slack = JSON.parse(renderAlertWebhook('slack', 'https://x.test', 's', 'alert.created', alert, now).body);
    expect(slack.text).toContain('[HIGH]');
    const json = JSON.parse(renderAlertWebhook('json', 'https://x.test', 's', 'alert.updated', alert, now).body);
    expect(json).toEqual({ event: 'alert.updated', alert });
  });

  it('carries a listening alert’s hits: counted as hits, with their author and link in the bot formats', () => {
    const listening: AlertView = {
      ...alert,
      topic: { key: 'x-query:c1:0123456789ab', name: 'X listening: "murmurcrm" (Brand on X)' },
      messageCount: 0,
      hitCount: 2,
      samples: [
        {
          kind: 'listening_hit',
          id: 'e1',
          conversationId: null,
          channelType: 'x',
          author: 'Bob',
          authorHandle: 'bob',
          text: 'murmurcrm lost my data, total scam',
          reach: 12,
          sentiment: { label: 'negative', confidence: 0.9 },
          platformId: '1900',
          url: 'https://x.com/bob/status/1900',
          sentAt: '2026-03-02T10:01:00.000Z',
        },
      ],
      contacts: [{ id: 'k1', name: 'Bob', lifecycleStage: 'vip', tagged: false }],
    };
    const slack = JSON.parse(renderAlertWebhook('slack', 'https://x.test', 's', 'alert.created', listening, now).body);
    expect(slack.text).toContain('X listening: "murmurcrm" (Brand on X)');
    expect(slack.text).toContain('Negative listening hits: 2');
    expect(slack.text).not.toContain('Negative messages');
    expect(slack.text).toContain('> @bob: murmurcrm lost my data, total scam https://x.com/bob/status/1900');
    const json = JSON.parse(renderAlertWebhook('json', 'https://x.test', 's', 'alert.created', listening, now).body);
    expect(json.alert.samples[0]).toMatchObject({ kind: 'listening_hit', conversationId: null, authorHandle: 'bob' });
    expect(json.alert.contacts).toEqual([{ id: 'k1', name: 'Bob', lifecycleStage: 'vip', tagged: false }]);
  });

  it("adds DingTalk's own timestamp and sign parameters", () => {
    const r = renderAlertWebhook(
      'dingtalk',
      'https://oapi.example.test/robot/send?access_token=t',
      'SEC',
      'alert.created',
      alert,
      now,
    );
    const u = new URL(r.url);
    const ts = u.searchParams.get('timestamp')!;
    expect(ts).toBe(String(now.getTime()));
    expect(u.searchParams.get('access_token')).toBe('t');
    expect(u.searchParams.get('sign')).toBe(createHmac('sha256', 'SEC').update(`${ts}\nSEC`).digest('base64'));
    expect(JSON.parse(r.body).msgtype).toBe('markdown');
  });
});
