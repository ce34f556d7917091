import { createHmac } from 'node:crypto';
import type { AlertSampleView, AlertView } from '@scrm/realtime';

export type WebhookFormat = 'json' | 'wecom' | 'dingtalk' | 'slack';

export interface RenderedRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** `sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>`: the same scheme as the API channel's callbacks. */
export function signBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

function summary(event: string, a: AlertView): { title: string; lines: string[] } {
  const title = `[${a.severity.toUpperCase()}] ${event === 'alert.created' ? 'Crisis alert' : 'Crisis alert updated'}: ${a.topic.name}`;
  const lines = [`Rules: ${a.rules.join(', ')} · status ${a.status}`, `Window: ${a.window.start} → ${a.window.end}`];
  if (a.messageCount > 0 || a.hitCount === 0) lines.push(`Negative messages: ${a.messageCount}`);
  if (a.hitCount > 0) lines.push(`Negative listening hits: ${a.hitCount}`);
  if (a.terms.length > 0) lines.push(`Terms: ${a.terms.map((t) => t.term).join(', ')}`);
  for (const s of a.samples.slice(0, 3)) lines.push(`> ${sampleLine(s)}`);
  return { title, lines };
}

/** A listening hit names its author and links the post: it is in no conversation of the inbox. */
function sampleLine(s: AlertSampleView): string {
  const text = s.text.replace(/\s+/g, ' ').slice(0, 140);
  if (s.kind !== 'listening_hit') return text;
  const who = s.authorHandle ? `@${s.authorHandle}` : (s.author ?? '');
  return [who ? `${who}: ${text}` : text, s.url ?? ''].filter(Boolean).join(' ');
}

/**
 * The request for one alert event in the webhook's format. Every format carries Murmur's signature
 * headers; DingTalk additionally gets its own `timestamp` and `sign` query parameters, computed with
 * the webhook secret (set it to the robot's 加签 secret).
 */
export function renderAlertWebhook(
  format: WebhookFormat,
  url: string,
  secret: string,
  event: string,
  alert: AlertView,
  now: Date,
): RenderedRequest {
  const { title, lines } = summary(event, alert);
  let body: unknown;
  let target = url;
  switch (format) {
    case 'json':
      body = { event, alert };
      break;
    case 'wecom':
      body = { msgtype: 'markdown', markdown: { content: `**${title}**\n${lines.join('\n')}` } };
      break;
    case 'dingtalk': {
      body = { msgtype: 'markdown', markdown: { title, text: `### ${title}\n\n${lines.join('\n\n')}` } };
      const ts = String(now.getTime());
      const sign = createHmac('sha256', secret).update(`${ts}\n${secret}`).digest('base64');
      const u = new URL(url);
      u.searchParams.set('timestamp', ts);
      u.searchParams.set('sign', sign);
      target = u.toString();
      break;
    }
    case 'slack':
      body = { text: `*${title}*\n${lines.join('\n')}` };
      break;
  }
  const text = JSON.stringify(body);
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    url: target,
    body: text,
    headers: {
      'content-type': 'application/json',
      'x-murmur-event': event,
      'x-murmur-timestamp': timestamp,
      'x-murmur-signature': signBody(secret, timestamp, text),
    },
  };
}
