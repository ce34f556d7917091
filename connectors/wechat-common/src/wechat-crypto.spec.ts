import { WechatCrypto, WechatCryptoError, wechatSignature } from './wechat-crypto';
import { parseWechatXml } from './wechat-xml';

// Tencent's published sample values (the WeCom callback sample, as reproduced in several SDKs' tests).
const TOKEN = '123456';
const AES_KEY = 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR';
const RECEIVER = 'wx49f0ab532d5d035a';

describe('WeChat message crypto against published vectors', () => {
  it('verifies the URL-check signature over token, timestamp, nonce and echostr', () => {
    const echostr = '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==';
    expect(wechatSignature(TOKEN, '1411443780', '437374425', echostr)).toBe('dd6b9c95b495b3f7e2901bfbc76c664930ffdb96');
    expect(wechatSignature(TOKEN, '1411443780', '437374424', echostr)).not.toBe(
      'dd6b9c95b495b3f7e2901bfbc76c664930ffdb96',
    );
  });

  it('checks msg_signature and decrypts the sample push', () => {
    const encrypted =
      'RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=';
    expect(wechatSignature(TOKEN, '1411525903', '461056294', encrypted)).toBe(
      '74d92dfeb87ba7c714f89d98870ae5eb62dff26d',
    );
    const fields = parseWechatXml(new WechatCrypto(AES_KEY, RECEIVER).decrypt(encrypted));
    expect(fields.Content).toBe('test');
    expect(fields.FromUserName).toBe('messense');
  });

  it('encrypts to the exact published ciphertext with the sample random prefix', () => {
    const reply =
      '<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n' +
      '<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n' +
      '<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>';
    const encrypted = new WechatCrypto(AES_KEY, RECEIVER).encrypt(reply, Buffer.from('1234567890123456'));
    expect(encrypted).toBe(
      '9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3',
    );
    expect(wechatSignature(TOKEN, '1411525903', '461056294', encrypted)).toBe(
      '407518b7649e86ef23978113f92d27afa9296533',
    );
  });

  it('refuses a payload encrypted for another AppID', () => {
    const other = new WechatCrypto(AES_KEY, 'wx0000000000000000').encrypt('<xml></xml>');
    expect(() => new WechatCrypto(AES_KEY, RECEIVER).decrypt(other)).toThrow(WechatCryptoError);
  });

  it('refuses garbage ciphertext', () => {
    expect(() => new WechatCrypto(AES_KEY, RECEIVER).decrypt('bm90IGNpcGhlcnRleHQ=')).toThrow(WechatCryptoError);
  });
});

describe('WeChat XML', () => {
  it('keeps a 64-bit MsgId exact', () => {
    const f = parseWechatXml('<xml><MsgId>9223372036854775807</MsgId><CreateTime>1</CreateTime></xml>');
    expect(f.MsgId).toBe('9223372036854775807');
  });

  it('refuses a document with entity declarations', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><xml><Content>&lol2;</Content></xml>';
    expect(() => parseWechatXml(bomb)).toThrow(/DOCTYPE/);
  });
});
