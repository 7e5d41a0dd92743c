// Property-based: a URL from the API reaches a model without its user info however it is written (one slash, no
// slash, percent-encoded, a scheme the URL parser does not know), without any stream key the answer knows, and
// with an ingest URL's path withheld whatever its host.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MEETING_ID } from '../../fixtures/api.js';
import { type FoundLivestream, summarizeLivestreams } from '../../src/summaries/livestreams.js';
import { hostOf, withPathWithheld } from '../../src/summaries/text.js';

const RUNS = 2_000;

const user = fc.stringMatching(/^[A-Za-z0-9]{8,12}$/).map((text) => `U${text}`);
const password = fc.stringMatching(/^[A-Za-z0-9]{8,12}$/).map((text) => `P${text}`);
const scheme = fc.constantFrom('rtmp', 'rtmps', 'srt', 'https', 'http', 'RTMPS', 'HTTPS');
const separator = fc.constantFrom('://', ':/', ':', ':///', ':\\\\', ':/\\', '://%2F');
const host = fc.constantFrom('h.example', 'live.cloudflare.com:443', '10.0.0.1:1935', '[::1]', 'xn--bcher-kva.example');
const path = fc.constantFrom('', '/', '/live', '/live/', '/live/x', '/app/y?x=1', '#frag', '/a@b');
/** User info written every way a URL (or something close to one) can carry it. */
const userinfo = fc
  .tuple(user, password)
  .chain(([u, p]) =>
    fc
      .constantFrom(
        `${u}:${p}@`,
        `${u}@`,
        `:${p}@`,
        `${u}%3A${p}@`,
        `${encodeURIComponent(`${u}:${p}`)}@`,
        `${u}:${p}%40@`,
        `x@${u}:${p}@`,
        `${u}:${p}@@`,
        `%25${u}:${p}@`,
      )
      .map((written) => ({ written, secrets: [u, p] })),
  );
const url = fc
  .tuple(scheme, separator, userinfo, host, path)
  .map(([s, sep, info, h, p]) => ({ url: `${s}${sep}${info.written}${h}${p}`, secrets: info.secrets }));

/** Whether `text` holds `secret` in any case, however often percent-encoded. */
function holds(text: string, secret: string): boolean {
  let value = text.toLowerCase();
  for (let i = 0; i < 4; i++) {
    if (value.includes(secret.toLowerCase())) return true;
    try {
      value = decodeURIComponent(value);
    } catch {
      return false;
    }
  }
  return value.includes(secret.toLowerCase());
}

function answer(found: FoundLivestream[]): string {
  const { structured, text } = summarizeLivestreams({
    appId: 'app_1',
    revealStreamKeys: false,
    found,
    received: found.length,
    single: { meetingId: MEETING_ID, notFound: false },
  });
  return `${text}\n${JSON.stringify(structured)}`;
}

describe('URLs in answers', () => {
  it('never carry user info, in a playback or an ingest URL', () => {
    fc.assert(
      fc.property(url, url, (playback, ingest) => {
        const shown = answer([
          { livestream: { id: 'ls_1', status: 'LIVE', playback_url: playback.url, ingest_server: ingest.url } },
        ]);
        for (const secret of [...playback.secrets, ...ingest.secrets]) expect(holds(shown, secret)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('never carry user info in a recording setup (a URL whose path is withheld, or a storage host)', () => {
    fc.assert(
      fc.property(url, ({ url: written, secrets }) => {
        const shown = `${withPathWithheld(written).url} ${hostOf(written) ?? ''}`;
        for (const secret of secrets) expect(holds(shown, secret)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it("never carry a stream key the answer knows, in any livestream's name or URLs", () => {
    const key = fc.stringMatching(/^[A-Za-z0-9_-]{6,40}$/).filter((text) => /[A-Za-z]{3}/.test(text));
    const place = fc.constantFrom('name', 'playback_url', 'ingest_server');
    const form = fc.constantFrom(
      (k: string) => k,
      (k: string) => k.toUpperCase(),
      (k: string) => encodeURIComponent(k).replace(/[A-Za-z0-9]/g, (c) => `%${c.charCodeAt(0).toString(16)}`),
    );
    fc.assert(
      fc.property(key, place, form, fc.boolean(), (secret, where, written, ownKey) => {
        const value = `${where === 'name' ? 'Spare ' : where === 'playback_url' ? 'https://w.example/' : 'rtmps://h.example/live/'}${written(secret)}`;
        const shown = answer([
          { livestream: { id: 'ls_a', status: 'LIVE', stream_key: ownKey ? secret : null, [where]: value } },
          { livestream: { id: 'ls_b', status: 'IDLE', stream_key: secret } },
        ]);
        expect(holds(shown, secret)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});
