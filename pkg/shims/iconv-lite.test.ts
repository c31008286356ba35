import { getDecoder, getEncoder } from './iconv-lite';

describe('iconv-lite stand-in', () => {
  it.each([
    ['cesu8', Buffer.from('café ÅÄÖ 漢字', 'utf8'), 'café ÅÄÖ 漢字'],
    ['latin1', Buffer.from([0x63, 0x61, 0x66, 0xe9]), 'café'],
    ['gbk', Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), '你好'],
  ])('decodes %s', (encoding, bytes, text) => {
    const decoder = getDecoder(encoding);
    expect(decoder.write(bytes) + decoder.end()).toBe(text);
  });

  it('encodes cesu8 (BMP only in utf8mb3) as UTF-8 and refuses other charsets', () => {
    expect(getEncoder('cesu8').write('é')).toEqual(Buffer.from('é', 'utf8'));
    expect(() => getEncoder('gbk')).toThrow(/not supported; use a utf8mb4 connection/);
  });
});
