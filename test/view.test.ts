// The live view's rendering, without a browser: from a tool result to the model (view/model.ts) and from the
// model to the element tree (view/render.ts). Every value from the answer must end up as a text child, never
// as markup or an attribute; the browser test (test/browser) shows the same in Chromium.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelContextFrom, modelFrom, playableUrl } from '../view/model.js';
import { type Element, localTime, type Node, render } from '../view/render.js';
import { LIVESTREAM_COLUMNS as COLUMNS } from './support/contract.js';

const MEETING = '4a923ac4-0196-4125-96e9-034cffc4464a';

type Cell = string | number | boolean | null;

function result(rows: Cell[][], extra: Record<string, unknown> = {}, columns = COLUMNS) {
  return {
    content: [{ type: 'text', text: 'the text' }],
    structuredContent: { summary: 'Summary.', columns, livestreams: rows, ...extra },
  };
}

/** A row as the server writes it (its fields in order), with the stream key withheld. */
function row(overrides: Partial<Record<string, Cell>> = {}): Cell[] {
  const values: Record<string, Cell> = {
    id: 'ls_1',
    status: 'LIVE',
    disabled: false,
    name: 'Town hall',
    meeting_id: MEETING,
    meeting_title: 'All-hands',
    playback_url: 'https://customer-abc.cloudflarestream.com/1/manifest/video.m3u8',
    ingest_server: 'rtmps://live.cloudflare.com:443/live/',
    created_at: '2026-11-22T09:30:12Z',
    stream_key: null,
    ...overrides,
  };
  return COLUMNS.map((column) => values[column] ?? null);
}

/** Every text child of the tree, in order. */
function texts(node: Node): string[] {
  return typeof node === 'string' ? [node] : (node.children ?? []).flatMap(texts);
}
/** Every element of the tree. */
function elements(node: Node): Element[] {
  return typeof node === 'string' ? [] : [node, ...(node.children ?? []).flatMap(elements)];
}
const byClass = (tree: Node, name: string) =>
  elements(tree).filter((element) => element.attrs?.class?.split(' ').includes(name));

describe('modelFrom', () => {
  it('reads the cards by column name, LIVE first, with only the columns the view shows', () => {
    const model = modelFrom(
      result([row({ id: 'ls_idle', status: 'IDLE' }), row({ id: 'ls_live', disabled: true })], {
        notes: ['A note.'],
        next_scan_page: 2,
      }),
    );
    expect(model).toEqual({
      kind: 'answer',
      summary: 'Summary.',
      notes: ['A note.'],
      nextScanPage: 2,
      cards: [
        {
          id: 'ls_live',
          status: 'LIVE',
          disabled: true,
          name: 'Town hall',
          meetingId: MEETING,
          meetingTitle: 'All-hands',
          playbackUrl: 'https://customer-abc.cloudflarestream.com/1/manifest/video.m3u8',
          since: new Date('2026-11-22T09:30:12Z'),
        },
        expect.objectContaining({ id: 'ls_idle', status: 'IDLE', disabled: false }),
      ],
    });
  });

  it("reads its meeting's session, and says when a livestream belongs to no meeting", () => {
    const model = modelFrom(
      result([
        row({ live_participants: 48, in_session_since: '2026-11-22T09:28:00Z' }),
        row({ id: 'ls_cam', meeting_id: null, meeting_title: null }),
        row({ id: 'ls_odd', live_participants: -1, in_session_since: 'soon' }),
      ]),
    );
    expect(model.kind === 'answer' && model.cards.map((card) => [card.participants, card.inSessionSince])).toEqual([
      [48, new Date('2026-11-22T09:28:00Z')],
      [undefined, undefined],
      [undefined, undefined],
    ]);
    const shown = texts(render({ model, busy: false }, { locale: 'en-GB', timeZone: 'UTC' })).join('|');
    expect(shown).toContain('48 people in session| since |22 Nov 2026, 09:28 (UTC)');
    expect(shown).toContain('No meeting: sent from an encoder');
  });

  it('never takes a stream key or an ingest server, even when the operator revealed them', () => {
    const model = modelFrom(result([row({ stream_key: 'sk_live_secret' })]));
    const shown = JSON.stringify(model) + texts(render({ model, busy: false })).join('\n');
    expect(shown).not.toContain('sk_live_secret');
    expect(shown).not.toContain('rtmps://');
  });

  it('shows an error result, a text-only result and a malformed one as text', () => {
    expect(modelFrom({ isError: true, content: [{ type: 'text', text: 'Rate limited.' }] })).toEqual({
      kind: 'error',
      text: 'Rate limited.',
    });
    expect(modelFrom({ content: [{ type: 'text', text: 'Only text.' }] })).toEqual({
      kind: 'text',
      text: 'Only text.',
    });
    for (const odd of [null, 'x', [], { structuredContent: { summary: 1, livestreams: [] } }]) {
      expect(modelFrom(odd).kind).toBe('text');
    }
    // Rows of the wrong shape are skipped, not shown half.
    const model = modelFrom(
      result(
        [
          ['ls_ok', 'LIVE'],
          [1, 2] as unknown as Cell[],
          'ls_x' as unknown as Cell[],
          row({ id: '' }),
          row({ id: null }),
        ],
        {},
        ['id', 'status'],
      ),
    );
    expect(model.kind === 'answer' && model.cards.map((card) => card.id)).toEqual(['ls_ok']);
  });

  it('keeps a playback URL only when it is http(s) without credentials, and a time only when it is one', () => {
    expect(playableUrl('https://a.example.com/x.m3u8')).toBe('https://a.example.com/x.m3u8');
    for (const bad of ['(not a URL)', 'javascript:alert(1)', 'data:text/html,x', 'https://u:p@a.example.com/x']) {
      expect(playableUrl(bad)).toBeUndefined();
    }
    for (const [since, expected] of [
      ['2026-11-22T09:30:12Z', '2026-11-22T09:30:12.000Z'],
      ['2026-11-22T10:30:12+01:00', '2026-11-22T09:30:12.000Z'],
      ['2026-02-30T10:00:00Z', undefined],
      ['2026-11-22 24:00', undefined],
      ['soon', undefined],
      ['', undefined],
      [null, undefined],
      [1764000000, undefined],
    ] as const) {
      const model = modelFrom(result([row({ created_at: since as Cell })]));
      expect(model.kind === 'answer' && model.cards[0]?.since?.toISOString(), String(since)).toBe(expected);
    }
    const model = modelFrom(result([row({ playback_url: '(not a URL)', disabled: 'true' })]));
    expect(model.kind === 'answer' && model.cards[0]).toMatchObject({ disabled: false });
    expect(model.kind === 'answer' && model.cards[0]?.playbackUrl).toBeUndefined();
  });
});

/** What each attribute the view writes may hold. */
const ATTRIBUTE_VALUES: Record<string, RegExp> = {
  class: /^[a-z][a-z -]*$/,
  id: /^card-\d+-title$/,
  'aria-labelledby': /^card-\d+-title$/,
  'aria-describedby': /^card-\d+-title$/,
  'data-index': /^\d+$/,
  'data-action': /^(refresh|next|play)$/,
  type: /^button$/,
  role: /^(status|alert)$/,
  'aria-live': /^polite$/,
  'aria-label': /^Livestreams$/,
  'aria-busy': /^true$/,
  'aria-disabled': /^true$/,
  datetime: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/,
  'data-id': /^[\s\S]+$/,
  'data-slot': /^[\s\S]+$/,
};

describe('modelContextFrom', () => {
  const at = new Date('2026-11-23T08:30:00Z');
  it('tells the model which call the user made from the view, when, and what it answered', () => {
    const result = { content: [{ type: 'text', text: '2 active livestreams (1 LIVE, 1 IDLE) in app app_1.' }] };
    expect(modelContextFrom(result, { scan_page: 2 }, at)).toBe(
      'From the live view, the user called get_active_livestreams {"scan_page":2} at 2026-11-23T08:30:00.000Z; it answered:\n2 active livestreams (1 LIVE, 1 IDLE) in app app_1.',
    );
    expect(modelContextFrom({ isError: true, content: [{ type: 'text', text: 'Timed out.' }] }, {}, at)).toMatch(
      /; it answered with an error:\nTimed out\.$/,
    );
    expect(modelContextFrom(null, {}, at)).toMatch(/:\nThe answer had no text\.$/);
  });

  it('is bounded, and never ends in half a surrogate pair', () => {
    // Either parity: the cut falls on a pair's first half for one of them.
    for (const text of ['🎥'.repeat(30_000), `x${'🎥'.repeat(30_000)}`]) {
      const context = modelContextFrom({ content: [{ type: 'text', text }] }, {}, at);
      expect(context.length).toBeLessThanOrEqual(20_001);
      expect(context).not.toMatch(/[\ud800-\udbff]…$/);
    }
  });
});

describe('render', () => {
  it('says nothing is live for an empty sweep, and offers the next scan page of a partial one', () => {
    const empty = render({ model: modelFrom(result([])), busy: false });
    expect(texts(empty)).toContain('Nothing is live right now.');
    expect(byClass(empty, 'next')).toEqual([]);
    const paged = render({ model: modelFrom(result([row({ status: 'IDLE' })], { next_scan_page: 3 })), busy: false });
    expect(texts(paged)).toContain('Nothing is on air: none of these is LIVE.');
    const [next] = byClass(paged, 'next');
    expect(next?.attrs?.['data-action']).toBe('next');
    expect(texts(next as Element)).toEqual(['Check the next active meetings (scan page 3)']);
  });

  it('gives LIVE cards a Play button, others a reason, and every card its badge', () => {
    const tree = render({
      model: modelFrom(result([row(), row({ id: 'ls_2', status: 'ERRORED' }), row({ id: 'ls_3', status: 'WEIRD' })])),
      busy: false,
    });
    expect(byClass(tree, 'play')).toHaveLength(1);
    expect(byClass(tree, 'badge').map((badge) => [badge.attrs?.class, texts(badge)[0]])).toEqual([
      ['badge badge-live', 'LIVE'],
      ['badge badge-errored', 'ERRORED'],
      ['badge badge-other', 'WEIRD'],
    ]);
  });

  it('keeps the refresh button focusable while busy', () => {
    const [refresh] = byClass(render({ model: { kind: 'waiting' }, busy: true }), 'refresh');
    expect(refresh?.attrs).toMatchObject({ 'aria-disabled': 'true', 'aria-busy': 'true' });
    expect(refresh?.attrs).not.toHaveProperty('disabled');
  });

  it('writes times in the viewer’s zone and says which, and falls back to UTC for a zone it does not know', () => {
    const date = new Date('2026-11-22T09:30:00Z');
    expect(localTime(date, { locale: 'en-GB', timeZone: 'Asia/Tokyo' })).toBe('22 Nov 2026, 18:30 (Asia/Tokyo)');
    expect(localTime(date, { locale: 'en-GB', timeZone: 'Mars/Olympus' })).toBe('22 Nov 2026, 09:30 (UTC)');
  });

  it('puts hostile values only into text children, never into markup or attributes', () => {
    const hostile = fc.oneof(
      fc.string(),
      fc.constantFrom(
        '<img src=x onerror=alert(1)>',
        '"><script>alert(1)</script>',
        'javascript:alert(1)',
        '\u202eevil\u2028line',
        'x'.repeat(5000),
      ),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(hostile, { minLength: COLUMNS.length, maxLength: COLUMNS.length }), { maxLength: 5 }),
        hostile,
        (rows, note) => {
          const tree = render({ model: modelFrom(result(rows, { notes: [note], summary: note })), busy: false });
          for (const element of elements(tree)) {
            expect(element.tag).toMatch(
              /^(main|header|h1|h2|p|button|ul|li|section|article|div|span|strong|code|bdi|time|pre)$/,
            );
            for (const [name, value] of Object.entries(element.attrs ?? {})) {
              // Each attribute holds what the view wrote; only a card's id (a data attribute) comes from the answer.
              expect(value).toMatch(ATTRIBUTE_VALUES[name] ?? /^$ never/);
            }
          }
          expect(texts(tree)).toContain(note);
        },
      ),
      { numRuns: 200 },
    );
  });
});
