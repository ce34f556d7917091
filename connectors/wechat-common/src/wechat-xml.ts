import { XMLParser } from 'fast-xml-parser';

/**
 * WeChat pushes flat `<xml>` documents. Values are kept as strings (a 64-bit MsgId stays exact) and
 * entities are never expanded; a document with a DOCTYPE is refused outright.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: false,
  trimValues: true,
  ignoreDeclaration: true,
});

export class WechatXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WechatXmlError';
  }
}

export type WechatFields = Record<string, string>;

export function parseWechatXml(text: string): WechatFields {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new WechatXmlError('XML with a DOCTYPE or entity declaration is refused');
  let doc: unknown;
  try {
    doc = parser.parse(text, true);
  } catch {
    throw new WechatXmlError('the body is not well-formed XML');
  }
  const root = (doc as { xml?: unknown }).xml;
  if (!root || typeof root !== 'object') throw new WechatXmlError('the body has no <xml> root element');
  const fields: WechatFields = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    if (typeof v === 'string') fields[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') fields[k] = String(v);
  }
  return fields;
}

/** Builds a flat `<xml>` document (used by tests and by the fake platform). */
export function buildWechatXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => (typeof v === 'number' ? `<${k}>${v}</${k}>` : `<${k}><![CDATA[${v}]]></${k}>`))
    .join('');
  return `<xml>${body}</xml>`;
}
