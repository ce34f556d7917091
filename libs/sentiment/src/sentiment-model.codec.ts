import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LinearHeadData, SentimentModelData, StackerData } from './sentiment-model';
import type { ModelLanguage } from './sentiment.types';

const MAGIC = 'MSM1';

interface HeadHeader extends Omit<LinearHeadData, 'weights'> {
  /** Largest absolute weight; the int8 codes are relative to it. */
  maxAbs: number;
}

interface FileHeader extends Omit<SentimentModelData, 'languages'> {
  format: typeof MAGIC;
  languages: Record<
    ModelLanguage,
    {
      polarity: HeadHeader;
      neutral: HeadHeader;
      neutralThreshold: number;
      uncertaintyWeight: number;
      charGrams: boolean;
      positive?: HeadHeader;
      negative?: HeadHeader;
      stacker?: StackerData;
    }
  >;
}

/**
 * The model file: gzip of MAGIC, a uint32 header length, a JSON header, then each head's weights as
 * int8 codes. The codes are square-root companded (w = max·(q/127)²·sign) because the weights are
 * heavy-tailed: a linear int8 scale would round most small weights to zero. This keeps the file
 * under the 5 MB budget with no measurable loss of accuracy.
 */
export class SentimentModelCodec {
  static encode(model: SentimentModelData): Buffer {
    const chunks: Buffer[] = [];
    const headHeader = (head: LinearHeadData): HeadHeader => {
      let maxAbs = 0;
      for (const w of head.weights) maxAbs = Math.max(maxAbs, Math.abs(w));
      const codes = new Int8Array(head.weights.length);
      if (maxAbs > 0) {
        for (let i = 0; i < codes.length; i++) {
          const w = head.weights[i];
          codes[i] = Math.sign(w) * Math.round(127 * Math.sqrt(Math.abs(w) / maxAbs));
        }
      }
      chunks.push(Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength));
      return { bits: head.bits, bias: head.bias, calibA: head.calibA, calibB: head.calibB, maxAbs };
    };
    const languages = {} as FileHeader['languages'];
    for (const language of ['zh', 'en'] as const) {
      const lm = model.languages[language];
      languages[language] = {
        polarity: headHeader(lm.polarity),
        neutral: headHeader(lm.neutral),
        neutralThreshold: lm.neutralThreshold,
        uncertaintyWeight: lm.uncertaintyWeight,
        charGrams: lm.charGrams,
      };
      // Written after the two original heads, so a file without them still reads as before.
      if (lm.positive !== undefined && lm.negative !== undefined && lm.stacker !== undefined) {
        languages[language].positive = headHeader(lm.positive);
        languages[language].negative = headHeader(lm.negative);
        languages[language].stacker = lm.stacker;
      }
    }
    const body = Buffer.concat(chunks);
    const version = model.version || `nbsvm-hash-1+${createHash('sha256').update(body).digest('hex').slice(0, 10)}`;
    const header: FileHeader = { format: MAGIC, version, training: model.training, languages };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length, 0);
    return gzipSync(Buffer.concat([Buffer.from(MAGIC, 'ascii'), length, json, body]), { level: 9 });
  }

  static decode(file: Buffer): SentimentModelData {
    const raw = gunzipSync(file);
    if (raw.subarray(0, 4).toString('ascii') !== MAGIC) throw new Error('not a Murmur sentiment model file');
    const jsonLength = raw.readUInt32LE(4);
    const header = JSON.parse(raw.subarray(8, 8 + jsonLength).toString('utf8')) as FileHeader;
    let offset = 8 + jsonLength;
    const readHead = (h: HeadHeader): LinearHeadData => {
      const size = 1 << h.bits;
      if (offset + size > raw.length) throw new Error('sentiment model file is truncated');
      const codes = new Int8Array(raw.buffer, raw.byteOffset + offset, size);
      offset += size;
      const weights = new Float32Array(size);
      const unit = h.maxAbs / (127 * 127);
      // 256 possible codes: a lookup table keeps loading a few million weights well under 100 ms.
      const table = new Float32Array(256);
      for (let q = -128; q <= 127; q++) table[q & 0xff] = q >= 0 ? q * q * unit : -q * q * unit;
      for (let i = 0; i < size; i++) weights[i] = table[codes[i] & 0xff];
      return { bits: h.bits, weights, bias: h.bias, calibA: h.calibA, calibB: h.calibB };
    };
    const languages = {} as SentimentModelData['languages'];
    for (const language of ['zh', 'en'] as const) {
      const lm = header.languages[language];
      languages[language] = {
        polarity: readHead(lm.polarity),
        neutral: readHead(lm.neutral),
        neutralThreshold: lm.neutralThreshold,
        uncertaintyWeight: lm.uncertaintyWeight,
        charGrams: lm.charGrams,
      };
      if (lm.positive !== undefined && lm.negative !== undefined && lm.stacker !== undefined) {
        languages[language].positive = readHead(lm.positive);
        languages[language].negative = readHead(lm.negative);
        languages[language].stacker = lm.stacker;
      }
    }
    return { version: header.version, training: header.training, languages };
  }
}
