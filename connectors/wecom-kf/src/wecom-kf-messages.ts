import type { Attachment, NormalizedInboundMessage, NormalizedTimelineEvent } from '@scrm/connector-sdk';

/** One entry of `kf/sync_msg`'s `msg_list`. */
export interface KfMessage {
  msgid?: string;
  open_kfid?: string;
  external_userid?: string;
  send_time?: number;
  /** 3: from the customer, 4: system event, 5: sent by a servicer in the WeCom app. */
  origin?: number;
  msgtype?: string;
  text?: { content?: string };
  image?: { media_id?: string };
  voice?: { media_id?: string };
  video?: { media_id?: string };
  file?: { media_id?: string };
  location?: { latitude?: number; longitude?: number; name?: string; address?: string };
  link?: { title?: string; desc?: string; url?: string };
  event?: { event_type?: string; external_userid?: string; scene?: string; open_kfid?: string };
}

export interface ConvertedBatch {
  messages: NormalizedInboundMessage[];
  events: NormalizedTimelineEvent[];
  /** Customers who wrote in this batch, with their latest message time (opens the reply window). */
  customersWrote: Map<string, number>;
}

/** Turns pulled messages into normalized ones; the 1:1 thread is keyed by the customer's external_userid. */
export function convertKfMessages(list: KfMessage[]): ConvertedBatch {
  const out: ConvertedBatch = { messages: [], events: [], customersWrote: new Map() };
  for (const m of list) {
    const msgid = m.msgid;
    if (!msgid || typeof msgid !== 'string') continue;
    const sentAt = new Date((Number(m.send_time) || 0) * 1000).toISOString();
    if (m.origin === 4 || m.msgtype === 'event') {
      const userid = m.event?.external_userid;
      const type = m.event?.event_type;
      if (type === 'enter_session' && userid) {
        out.events.push({
          platformEventId: msgid,
          kind: 'wecom_kf.session_entered',
          threadKey: userid,
          platformUserId: userid,
          data: { scene: m.event?.scene ?? null, openKfId: m.event?.open_kfid ?? m.open_kfid ?? null },
          occurredAt: sentAt,
        });
      }
      continue;
    }
    const userid = m.external_userid;
    if (!userid) continue;
    const direction = m.origin === 5 ? 'out' : 'in';
    if (direction === 'in') {
      const t = (Number(m.send_time) || 0) * 1000;
      out.customersWrote.set(userid, Math.max(t, out.customersWrote.get(userid) ?? 0));
    }
    // `mediaRef` asks Murmur to download the file (media/get) after the message is stored.
    const media = (type: string, id: string | undefined): Attachment[] =>
      id ? [{ url: `wecom-media:${id}`, type, mediaRef: id }] : [];
    let text = '';
    let attachments: Attachment[] = [];
    switch (m.msgtype) {
      case 'text':
        text = m.text?.content ?? '';
        break;
      case 'image':
        attachments = media('image', m.image?.media_id);
        break;
      case 'voice':
        attachments = media('audio', m.voice?.media_id);
        break;
      case 'video':
        attachments = media('video', m.video?.media_id);
        break;
      case 'file':
        attachments = media('file', m.file?.media_id);
        break;
      case 'location':
        text = `[location] ${m.location?.name ?? ''} ${m.location?.address ?? ''}`.trim();
        break;
      case 'link':
        text = [m.link?.title, m.link?.desc, m.link?.url].filter(Boolean).join('\n');
        break;
      default:
        text = `[unsupported WeChat Customer Service message type: ${String(m.msgtype).slice(0, 32)}]`;
    }
    out.messages.push({
      platformMessageId: msgid,
      threadKey: userid,
      isGroup: false,
      // The thread's peer is the customer whichever side wrote; `direction` says who did.
      sender: { platformUserId: userid },
      text,
      attachments,
      sentAt,
      direction,
    });
  }
  return out;
}
