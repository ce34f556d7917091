import {
  InboundRejection,
  type Attachment,
  type NormalizedInboundMessage,
  type NormalizedTimelineEvent,
} from '@scrm/connector-sdk';
import type { WechatFields } from '@scrm/connector-wechat-common';

export interface ParsedPush {
  messages: NormalizedInboundMessage[];
  events: NormalizedTimelineEvent[];
}

const EVENT_KINDS: Record<string, string> = {
  subscribe: 'wechat.subscribed',
  unsubscribe: 'wechat.unsubscribed',
  scan: 'wechat.qr_scanned',
  click: 'wechat.menu_clicked',
};

/**
 * One decoded push → normalized messages and timeline events. The 1:1 thread with a follower is
 * keyed by their openid; events are keyed by sender and CreateTime, as WeChat's retries repeat both.
 */
export function parseWechatPush(f: WechatFields, appId: string): ParsedPush {
  const openid = f.FromUserName;
  const createTime = f.CreateTime;
  const msgType = f.MsgType?.toLowerCase();
  if (!openid || !createTime || !/^\d{1,12}$/.test(createTime) || !msgType) {
    throw new InboundRejection(400, 'VALIDATION_FAILED', 'push lacks FromUserName, CreateTime or MsgType');
  }
  const sentAt = new Date(Number(createTime) * 1000).toISOString();
  const unionid = f.UnionId ?? f.UnionID ?? f.unionid;

  if (msgType === 'event') {
    const event = (f.Event ?? '').toLowerCase();
    const kind = EVENT_KINDS[event];
    if (!kind) return { messages: [], events: [] };
    const data: Record<string, unknown> = { openid, appId };
    if (unionid) data.unionid = unionid;
    if (f.EventKey) data.eventKey = f.EventKey;
    if (f.Ticket) data.ticket = f.Ticket;
    return {
      messages: [],
      events: [
        {
          platformEventId: `${openid}:${createTime}:${event}`,
          kind,
          threadKey: openid,
          platformUserId: openid,
          ...(unionid ? { unionId: unionid } : {}),
          data,
          occurredAt: sentAt,
        },
      ],
    };
  }

  const msgId = f.MsgId ?? f.MsgID;
  if (!msgId || !/^\d{1,20}$/.test(msgId)) {
    throw new InboundRejection(400, 'VALIDATION_FAILED', 'message push lacks a numeric MsgId');
  }
  const base = {
    platformMessageId: msgId,
    threadKey: openid,
    isGroup: false,
    sender: { platformUserId: openid, ...(unionid ? { unionId: unionid } : {}) },
    sentAt,
  };
  // `mediaRef` asks Murmur to download the file (media/get) after the message is stored.
  const media = (type: string, name?: string, fetch = true): Attachment[] =>
    f.MediaId
      ? [
          {
            url: `wechat-media:${f.MediaId}`,
            type,
            ...(name ? { name } : {}),
            ...(fetch ? { mediaRef: f.MediaId } : {}),
          },
        ]
      : [];

  let text = '';
  let attachments: Attachment[] = [];
  switch (msgType) {
    case 'text':
      text = f.Content ?? '';
      break;
    case 'image':
      // WeChat's PicUrl stays the reference until (and if) the download succeeds.
      attachments = media('image').map((a) => (f.PicUrl ? { ...a, url: f.PicUrl } : a));
      if (attachments.length === 0 && f.PicUrl) attachments = [{ url: f.PicUrl, type: 'image' }];
      break;
    case 'voice':
      // WeChat's speech recognition result, when the account has it enabled, is the message text.
      text = f.Recognition ?? '';
      attachments = media('audio', f.Format ? `voice.${f.Format.toLowerCase()}` : undefined);
      break;
    case 'video':
    case 'shortvideo':
      // media/get answers videos with a link rather than the file: kept as a reference.
      attachments = media('video', undefined, false);
      break;
    case 'location':
      text = `[location] ${f.Label ?? ''} (${f.Location_X ?? '?'}, ${f.Location_Y ?? '?'})`.trim();
      break;
    case 'link':
      text = [f.Title, f.Description, f.Url].filter(Boolean).join('\n');
      break;
    default:
      text = `[unsupported WeChat message type: ${msgType.slice(0, 32)}]`;
  }
  return { messages: [{ ...base, text, attachments }], events: [] };
}
