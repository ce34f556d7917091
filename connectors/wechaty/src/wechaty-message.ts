import type { Attachment, NormalizedInboundMessage } from '@scrm/connector-sdk';
import { types, type Message } from 'wechaty';

const ATTACHMENT_KIND: Partial<Record<number, string>> = {
  [types.Message.Image]: 'image',
  [types.Message.Attachment]: 'file',
  [types.Message.Audio]: 'audio',
  [types.Message.Video]: 'video',
  [types.Message.Emoticon]: 'image',
};

const PLACEHOLDER: Partial<Record<number, string>> = {
  [types.Message.Contact]: '[contact card]',
  [types.Message.Location]: '[location]',
  [types.Message.MiniProgram]: '[mini program]',
  [types.Message.Transfer]: '[transfer]',
  [types.Message.RedEnvelope]: '[red envelope]',
  [types.Message.ChatHistory]: '[chat history]',
};

/**
 * One wechaty message → a normalized message, or undefined for kinds Murmur does not keep (recalls,
 * system notes). A room is one conversation (threadKey = room id) and each speaker its own identity;
 * a 1:1 thread is keyed by the other person, whichever side wrote.
 */
export async function normalizeWechatyMessage(
  m: Message,
  maxAttachmentBytes: number,
): Promise<NormalizedInboundMessage | undefined> {
  const type = m.type();
  if (type === types.Message.Recalled || type === types.Message.GroupNote || type === types.Message.Unknown) {
    return undefined;
  }
  const self = m.self();
  const talker = m.talker();
  const room = m.room();
  let text = '';
  let attachments: Attachment[] = [];
  const kind = ATTACHMENT_KIND[type];
  if (type === types.Message.Text) {
    text = m.text();
  } else if (type === types.Message.Url) {
    const link = await m.toUrlLink();
    text = [link.title(), link.url()].filter(Boolean).join('\n');
  } else if (kind) {
    const file = await m.toFileBox();
    const knownSize = typeof file.size === 'number' && file.size >= 0 ? file.size : undefined;
    // The bytes travel inline for Murmur to store; a file over the cap keeps only its reference.
    const data = knownSize === undefined || knownSize <= maxAttachmentBytes ? await file.toBuffer() : undefined;
    const fits = data !== undefined && data.length <= maxAttachmentBytes;
    attachments = [
      {
        url: `wechaty-file:${m.id}`,
        type: kind,
        name: file.name,
        ...(data ? { size: data.length } : knownSize !== undefined ? { size: knownSize } : {}),
        ...(file.mediaType ? { contentType: file.mediaType } : {}),
        ...(fits ? { content: data.toString('base64') } : {}),
      },
    ];
  } else {
    text = PLACEHOLDER[type] ?? '[unsupported message]';
  }

  const base = { platformMessageId: m.id, text, attachments, sentAt: m.date().toISOString() };
  if (room) {
    const mentions = (await m.mentionList()).map((c) => c.id);
    return {
      ...base,
      threadKey: room.id,
      isGroup: true,
      threadName: await room.topic(),
      sender: { platformUserId: talker.id, displayName: talker.name() },
      ...(mentions.length > 0 ? { mentions } : {}),
      direction: self ? 'out' : 'in',
    };
  }
  const peer = self ? m.listener() : talker;
  if (!peer) return undefined;
  return {
    ...base,
    threadKey: peer.id,
    isGroup: false,
    sender: { platformUserId: peer.id, displayName: peer.name() },
    direction: self ? 'out' : 'in',
  };
}
