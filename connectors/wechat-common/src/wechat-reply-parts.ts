import { ConnectorError, type ConnectorStore, type OutboundMessage } from '@scrm/connector-sdk';
import type { WechatApiClient } from './wechat-api.client';
import { imageFile, isSendableImage } from './wechat-media';

/** How long a sent part is remembered: longer than any retry of the send job. */
const PART_MEMORY_MS = 7 * 24 * 3600_000;

/**
 * A reply as WeChat sends it: the text (with the links of non-image attachments) as one text message,
 * then each image, uploaded (`/cgi-bin/media/upload`), as its own message. `send` posts one message body
 * (`{ msgtype, text | image }`) to the platform. The reply is checked before any call: nothing to send,
 * text over `textLimitBytes` or an image over the upload limit throw ConnectorError('INVALID').
 */
export function wechatReplyParts<T>(
  message: OutboundMessage,
  textLimitBytes: number,
  client: WechatApiClient,
  send: (body: Record<string, unknown>) => Promise<T>,
): (() => Promise<T>)[] {
  const links = message.attachments.map((a) => a.url).filter((u) => /^https?:\/\//.test(u));
  const images = message.attachments.filter(isSendableImage).map(imageFile);
  const content = [message.text, ...links].filter((s) => s !== '').join('\n');
  if (content === '' && images.length === 0) {
    throw new ConnectorError('INVALID', 'nothing to send: the reply has no text or image');
  }
  if (Buffer.byteLength(content, 'utf8') > textLimitBytes) {
    throw new ConnectorError('INVALID', `WeChat text messages are limited to ${textLimitBytes} bytes`);
  }
  const parts: (() => Promise<T>)[] = [];
  if (content !== '') parts.push(() => send({ msgtype: 'text', text: { content } }));
  for (const image of images) {
    parts.push(async () => {
      const mediaId = await client.upload('/cgi-bin/media/upload', 'image', image);
      return send({ msgtype: 'image', image: { media_id: mediaId } });
    });
  }
  return parts;
}

export type SentPart<T> = { answer: T } | undefined;

const partKey = (messageId: string, i: number): string => `reply-part:${messageId}:${i}`;

/** Of a reply's `count` parts, the ones an earlier attempt already sent (their answer), in order. */
export function sentParts<T>(store: ConnectorStore, messageId: string, count: number): Promise<SentPart<T>[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => store.get<{ answer: T }>(partKey(messageId, i))));
}

/**
 * WeChat sends a reply's text and each image as separate messages. When a later part fails, the job
 * is retried; the parts that already went out are remembered per message, so a retry sends only what
 * is missing and the customer never gets the text twice. Resolves each part's answer (a remembered
 * part's stored answer). `sent` is what `sentParts` read, when the caller needed it first.
 */
export async function sendPartsOnce<T>(
  store: ConnectorStore,
  messageId: string,
  parts: (() => Promise<T>)[],
  sent?: SentPart<T>[],
): Promise<T[]> {
  const answers: T[] = [];
  for (const [i, send] of parts.entries()) {
    const key = partKey(messageId, i);
    const remembered = sent ? sent[i] : await store.get<{ answer: T }>(key);
    if (remembered) {
      answers.push(remembered.answer);
      continue;
    }
    const answer = await send();
    await store.set(key, { answer }, PART_MEMORY_MS);
    answers.push(answer);
  }
  return answers;
}
