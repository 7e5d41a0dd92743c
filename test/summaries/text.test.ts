// The one way a value from the API enters the text: raw only in its documented shape, otherwise quoted with
// every character that could break or reorder a line escaped; URLs only as the URL parser writes them.
import { describe, expect, it } from 'vitest';
import { redactor, withStringsRedacted } from '../../src/lib/strings.js';
import { clip, hostOf, quote, shortTime, show, urlOf } from '../../src/summaries/text.js';

describe('quote', () => {
  it.each([
    ['a line feed', 'a\nb', '"a\\nb"'],
    ['a carriage return', 'a\rb', '"a\\rb"'],
    ['NEL', 'a\u0085b', '"a\\u0085b"'],
    ['a line separator', 'a\u2028b', '"a\\u2028b"'],
    ['a paragraph separator', 'a\u2029b', '"a\\u2029b"'],
    ['a right-to-left override', 'a\u202eb', '"a\\u202eb"'],
    ['an isolate', '\u2066a\u2069', '"\\u2066a\\u2069"'],
    ['an ANSI escape', '\u001b[31mred', '"\\u001b[31mred"'],
    ['a DEL', 'a\u007fb', '"a\\u007fb"'],
    ['quotes and backslashes', 'say "hi" \\', '"say \\"hi\\" \\\\"'],
  ])('escapes %s', (_name, value, quoted) => {
    expect(quote(value)).toBe(quoted);
  });

  it('keeps letters of every script as they are', () => {
    expect(quote('会議 réunión 🎥')).toBe('"会議 réunión 🎥"');
  });
});

describe('clip', () => {
  it('cuts with a marker that says how much was cut', () => {
    expect(clip('abcdefghij', 4)).toBe('abcd…[+6 chars]');
    expect(clip('abcd', 4)).toBe('abcd');
  });

  it('never cuts a surrogate pair in two, and mends lone surrogates', () => {
    expect(clip('abc🎥def', 4)).toBe('abc…[+5 chars]');
    expect(clip('a\ud800b')).toBe('a\ufffdb');
    expect(clip('a\udc00b')).toBe('a\ufffdb');
  });
});

describe('show', () => {
  it('shows a value raw only in its shape, and quoted otherwise', () => {
    expect(show('ACTIVE', /^(ACTIVE|INACTIVE)$/)).toBe('ACTIVE');
    expect(show('ACTIVE\nls_x LIVE', /^(ACTIVE|INACTIVE)$/)).toBe('"ACTIVE\\nls_x LIVE"');
    expect(show('x'.repeat(200), /^y$/)).toBe(`"${'x'.repeat(80)}…[+120 chars]"`);
  });
});

describe('shortTime', () => {
  it('writes a time to the minute, UTC, whatever its year, and nothing for what is no time', () => {
    expect(shortTime('2019-12-27T18:11:19.117Z')).toBe('2019-12-27 18:11');
    expect(shortTime('2019-12-27T20:11:19+02:00')).toBe('2019-12-27 18:11');
    expect(shortTime('+012026-01-31T08:05:00Z')).toBe('+012026-01-31 08:05');
    expect(shortTime('-000001-06-01T00:00:00Z')).toBe('-000001-06-01 00:00');
    expect(shortTime('yesterday')).toBeUndefined();
  });
});

describe('urlOf', () => {
  const web = new Set(['https:', 'http:']);
  const ingest = new Set(['rtmps:', 'rtmp:', 'srt:']);

  it('writes a URL as the parser does: no user info, unsafe characters percent-encoded', () => {
    expect(urlOf('https://user:pw@watch.example.com/a b\u2028c', web)).toBe(
      'https://watch.example.com/a%20b%E2%80%A8c',
    );
    expect(urlOf('HTTPS://Watch.EXAMPLE.com/x', web)).toBe('https://watch.example.com/x');
    expect(urlOf('https://watch.example.com/ls\n/x', web)).toBe('https://watch.example.com/ls/x');
  });

  it('shows nothing that is not a URL of an expected scheme, or too long to be of use', () => {
    expect(urlOf('not a url', web)).toBeUndefined();
    expect(urlOf('javascript:alert(1)', web)).toBeUndefined();
    expect(urlOf('user:secret@ingest.example.com/live', ingest)).toBeUndefined();
    expect(urlOf('ftp://files.example.com/x', web)).toBeUndefined();
    expect(urlOf(`https://watch.example.com/${'a'.repeat(600)}`, web)).toBeUndefined();
  });
});

describe('hostOf', () => {
  it('keeps the host and port of a storage endpoint, and drops credentials and signatures', () => {
    expect(hostOf('s3.example.com')).toBe('s3.example.com');
    expect(hostOf('sftp.example.com:2222')).toBe('sftp.example.com:2222');
    expect(hostOf('user:secret@s3.example.com')).toBe('s3.example.com');
    expect(hostOf('https://acct.blob.example.net/c?sv=2024&sig=SECRET')).toBe('acct.blob.example.net');
    expect(hostOf('host\nls_forged LIVE')).toBeUndefined();
  });
});

describe('redactor', () => {
  const secret = 'Tok/en+Secret=0123456789';
  it.each([
    ['as it is', `a ${secret} b`, 'a [redacted] b'],
    ['in another case', `a ${secret.toUpperCase()} b`, 'a [redacted] b'],
    [
      'percent-encoded, as in a query',
      `https://x.example/?t=${encodeURIComponent(secret)}`,
      'https://x.example/?t=[redacted]',
    ],
    ['encoded twice', `/p/${encodeURIComponent(encodeURIComponent(secret))}`, '/p/[redacted]'],
    ['every byte encoded', [...secret].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(''), '[redacted]'],
  ])('cuts a secret %s', (_name, value, cut) => {
    expect(redactor(secret)(value)).toBe(cut);
  });

  it('leaves percent-escapes alone where they hide no secret, and short secrets everywhere', () => {
    expect(redactor(secret)('https://x.example/a%20b%2Fc')).toBe('https://x.example/a%20b%2Fc');
    expect(redactor(secret)('bad %E0%A4 run')).toBe('bad %E0%A4 run');
    expect(redactor('short')('a short one')).toBe('a short one');
    expect(redactor(undefined)('anything')).toBe('anything');
  });

  it('cuts every string of a value, at any depth, and nothing else', () => {
    const value = { a: [secret, { b: `x${secret}` }], n: 1, t: true, z: null };
    expect(withStringsRedacted(value, redactor(secret))).toEqual({
      a: ['[redacted]', { b: 'x[redacted]' }],
      n: 1,
      t: true,
      z: null,
    });
  });

  it('returns a value that holds no secret as it was, and keeps a key named __proto__ a key', () => {
    const clean = { a: ['x'], b: { c: 'y' } };
    expect(withStringsRedacted(clean, redactor(secret))).toBe(clean);
    const hostile = JSON.parse(`{"__proto__": "${secret}", "ok": 1}`);
    const walked = withStringsRedacted(hostile, redactor(secret));
    expect(Object.getPrototypeOf(walked)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(walked, '__proto__')?.value).toBe('[redacted]');
  });
});
