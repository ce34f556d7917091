import { ConnectorError, type Attachment } from '@scrm/connector-sdk';
import type { MediaFile } from './wechat-api.client';

/** WeChat and WeCom take temporary images up to 10 MB, as JPEG or PNG (Official Accounts also GIF and BMP). */
export const IMAGE_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/bmp': 'bmp',
};

/** An outbound attachment Murmur handed over with its bytes, which is an image WeChat can take. */
export function isSendableImage(a: Attachment): boolean {
  return a.content !== undefined && a.contentType !== undefined && a.contentType in IMAGE_TYPES;
}

/** The attachment's bytes as an upload; a file over the platform limit is refused before any call. */
export function imageFile(a: Attachment): MediaFile {
  const data = Buffer.from(a.content ?? '', 'base64');
  if (data.length > IMAGE_UPLOAD_MAX_BYTES) {
    throw new ConnectorError('INVALID', `images are limited to ${IMAGE_UPLOAD_MAX_BYTES} bytes`);
  }
  const contentType = a.contentType ?? 'image/jpeg';
  const name = a.name && /\.[A-Za-z0-9]{2,4}$/.test(a.name) ? a.name : `image.${IMAGE_TYPES[contentType] ?? 'jpg'}`;
  return { data, name, contentType };
}

/**
 * The media errcodes WeChat and WeCom share (`media/upload`, `media/get`) onto the connector vocabulary;
 * undefined for any other code. `reason` words the message as the platform's mapper does; the error
 * keeps the errcode as its `platformCode`.
 */
export function mapMediaErrcode(errcode: number, reason: (text: string) => string): ConnectorError | undefined {
  if (errcode === 40007) {
    return new ConnectorError('NOT_FOUND', reason('the media is unknown or has expired (media ids last 3 days)'), {
      platformCode: errcode,
    });
  }
  if (errcode === 40004 || errcode === 40005 || errcode === 40006 || errcode === 40009 || errcode === 45001) {
    return new ConnectorError('INVALID', reason('the media file was refused: wrong type or too large'), {
      platformCode: errcode,
    });
  }
  return undefined;
}
