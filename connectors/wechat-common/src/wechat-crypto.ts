import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat's message crypto (Official Accounts, WeCom and WeChat Customer Service share it): a SHA-1
 * signature over the sorted parts, and AES-256-CBC with the key from the 43-character EncodingAESKey,
 * IV = first 16 key bytes, PKCS#7 padding to a 32-byte block, plaintext =
 * 16 random bytes ‖ uint32 BE length ‖ message ‖ receiver id (AppID / CorpID).
 */

const BLOCK = 32;

/** SHA-1 hex over the lexicographically sorted parts, concatenated. */
export function wechatSignature(...parts: string[]): string {
  return createHash('sha1')
    .update([...parts].sort().join(''))
    .digest('hex');
}

export function signatureMatches(expected: string, given: string | undefined): boolean {
  if (!given || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given.toLowerCase()));
}

export function isEncodingAesKey(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9+/]{43}$/.test(value) && aesKeyOf(value).length === 32;
}

function aesKeyOf(encodingAesKey: string): Buffer {
  return Buffer.from(`${encodingAesKey}=`, 'base64');
}

export class WechatCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WechatCryptoError';
  }
}

export class WechatCrypto {
  private readonly key: Buffer;

  constructor(
    encodingAesKey: string,
    private readonly receiverId: string,
  ) {
    if (!isEncodingAesKey(encodingAesKey)) throw new WechatCryptoError('EncodingAESKey must be 43 base64 characters');
    this.key = aesKeyOf(encodingAesKey);
  }

  /** Decrypts one `Encrypt` payload and checks that it was meant for this receiver. */
  decrypt(encrypted: string): string {
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
    } catch {
      throw new WechatCryptoError('the encrypted payload cannot be decrypted');
    }
    const pad = plain[plain.length - 1] ?? 0;
    if (pad < 1 || pad > BLOCK || pad > plain.length)
      throw new WechatCryptoError('the encrypted payload has bad padding');
    plain = plain.subarray(0, plain.length - pad);
    if (plain.length < 20) throw new WechatCryptoError('the encrypted payload is too short');
    const length = plain.readUInt32BE(16);
    if (20 + length > plain.length) throw new WechatCryptoError('the encrypted payload has a bad length');
    const message = plain.subarray(20, 20 + length).toString('utf8');
    const receiver = plain.subarray(20 + length).toString('utf8');
    if (receiver !== this.receiverId) throw new WechatCryptoError('the encrypted payload is for another AppID');
    return message;
  }

  encrypt(message: string, random: Buffer = randomBytes(16)): string {
    const body = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(body.length, 0);
    const plain = Buffer.concat([random, length, body, Buffer.from(this.receiverId, 'utf8')]);
    const pad = BLOCK - (plain.length % BLOCK);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString(
      'base64',
    );
  }
}
