import { checkKey, hashKey, parseKeyList, requestKey } from './apiKeys';

const KEY = 'llmops-demo-key';
const HASH = hashKey(KEY);

describe('API key list', () => {
  it.each([
    ['one key bound to a tenant', `${HASH} tenant-a`, [[HASH, 'tenant-a']]],
    ['a key for any tenant', `sha256:${HASH.toUpperCase()} *`, [[HASH, null]]],
    [
      'comments, blank lines, ; separators',
      `# demo\n\n${HASH} t1 ; ${'a'.repeat(64)} t2 # ops`,
      [
        [HASH, 't1'],
        ['a'.repeat(64), 't2'],
      ],
    ],
    ['nothing', '  \n# none\n', []],
  ])('%s', (_name, text, entries) => {
    expect([...parseKeyList(text)]).toEqual(entries);
  });

  it.each([
    ['a plain key instead of its hash', `${KEY} t1`, "entry 1: expected the key's SHA-256"],
    ['no tenant', HASH, 'entry 1: expected "<hash> <tenant id or *>"'],
    ['a tenant too long', `${HASH} ${'t'.repeat(33)}`, 'entry 1'],
    ['a third field', `${HASH} t1 extra`, 'entry 1'],
    ['the second entry', `${HASH} t1\nnope t2`, 'entry 2'],
  ])('refuses %s, naming the entry', (_name, text, message) => {
    expect(() => parseKeyList(text)).toThrow(message);
  });
});

describe('a request key', () => {
  const ring = parseKeyList(`${HASH} tenant-a\n${hashKey('collector')} *`);
  it.each([
    ['Bearer', { authorization: `Bearer ${KEY}` }, { ok: true, tenant: 'tenant-a' }],
    ['bearer in lower case', { authorization: `bearer ${KEY}` }, { ok: true, tenant: 'tenant-a' }],
    ['X-API-Key', { 'x-api-key': 'collector' }, { ok: true, tenant: null }],
    ['no key', {}, { ok: false, reason: 'missing' }],
    ['an unknown key', { authorization: 'Bearer other' }, { ok: false, reason: 'unknown' }],
    ['an empty header', { authorization: '  ' }, { ok: false, reason: 'missing' }],
  ])('%s', (_name, headers, expected) => {
    expect(checkKey(ring, requestKey(headers))).toEqual(expected);
  });
});
