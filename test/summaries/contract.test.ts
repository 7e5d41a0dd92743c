// structuredContent as a program reads it: the same fields in the same order in every answer of a tool,
// times that parse to the API's instant, numbers to page on that reach every meeting once, and output schemas
// that JSON Schema validators of either dialect an MCP client may use read alike (README: Scripts).
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/client/validators/ajv';
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/client/validators/cf-worker';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APP_ID, liveLivestream, liveSession, meeting, meetingId, PLANTED } from '../../fixtures/api.js';
import type { SampleApp } from '../../src/demo/sample-api.js';
import { pageStartingAt, resumeAfter } from '../../src/summaries/meetings.js';
import {
  LIVESTREAM_COLUMNS,
  MEETING_COLUMNS,
  MEETING_COLUMNS_WITH_RECORDING,
  SESSION_COLUMNS,
} from '../support/contract.js';
import { useHarness } from '../support/harness.js';
import { serveApps, useMsw } from '../support/msw.js';
import type { CallToolResult } from '../support/result.js';

const server = useMsw();
const harness = useHarness();

/** Answers as the API does, from these apps: filters and paging included (the sample API's router). */
function serve(apps: Record<string, SampleApp>): void {
  serveApps(server, apps);
}

const MEETINGS_KEYS = [
  'summary',
  'notes',
  'total',
  'page_no',
  'per_page',
  'next_page_no',
  'next_per_page',
  'columns',
  'meetings',
];
const LIVESTREAMS_KEYS = [
  'summary',
  'notes',
  'in_session',
  'participants',
  'active_meetings',
  'checked',
  'next_scan_page',
  'columns',
  'livestreams',
  'session_columns',
  'sessions',
];

interface Answer {
  columns: string[];
  notes: string[];
  [rows: string]: unknown;
}

function structured(result: CallToolResult): Answer {
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  return result.structuredContent as unknown as Answer;
}

/** A row as an object, by the answer's own column names. */
function named(answer: Answer, rows: string, columns = 'columns'): Array<Record<string, unknown>> {
  const names = answer[columns] as string[];
  return (answer[rows] as unknown[][]).map((row) => Object.fromEntries(names.map((c, i) => [c, row[i]])));
}

/** Meetings that differ in everything a page could share or not: status, options, title, recording, date. */
const varied = Array.from({ length: 12 }, (_, i) =>
  meeting(i + 1, {
    status: i % 4 === 0 ? 'INACTIVE' : 'ACTIVE',
    persist_chat: i % 2 === 0,
    record_on_start: i % 3 !== 0,
    ...(i % 5 === 0 && { title: null }),
    ...(i % 2 === 1 && { recording_config: null }),
    created_at: `2026-${String((i % 3) + 9).padStart(2, '0')}-0${(i % 9) + 1}T0${i % 10}:1${i % 6}:4${i % 10}.${i}25Z`,
  }),
);
/** Meetings that share everything but their ids: the text says it all once, the rows must still say it. */
const alike = Array.from({ length: 6 }, (_, i) => meeting(i + 1, { status: 'ACTIVE', title: 'Standup' }));

describe('list_meetings answers with the same fields in every answer', () => {
  it.each([
    ['no arguments', {}],
    ['a status filter', { status: 'ACTIVE' }],
    ['a small page', { per_page: 3 }],
    ['a search', { search: 'weekly sync 1' }],
    ['the last page', { per_page: 5, page_no: 3 }],
    ['a page past the end', { page_no: 9 }],
    ['a time range', { start_time: '2026-09-01', end_time: '2026-09-30' }],
    ['another app, whose meetings share everything', { app_id: 'app_alike' }],
    ['an app with no meetings', { app_id: 'app_empty' }],
  ])('%s', async (_case, args) => {
    serve({ [APP_ID]: { meetings: varied }, app_alike: { meetings: alike }, app_empty: { meetings: [] } });
    const answer = structured(await harness.call('list_meetings', args));
    expect(Object.keys(answer)).toEqual(MEETINGS_KEYS);
    expect(answer.columns).toEqual(MEETING_COLUMNS);
    for (const row of named(answer, 'meetings')) {
      expect(Object.keys(row)).toEqual(MEETING_COLUMNS);
      expect(['ACTIVE', 'INACTIVE']).toContain(row.status);
      expect(row.options).toMatch(/^((record|livestream|transcript|summary|chat)( |$))*$/);
    }
    for (const key of ['total', 'page_no', 'per_page']) expect(typeof answer[key]).toBe('number');
    expect(answer.next_page_no === null || typeof answer.next_page_no === 'number').toBe(true);
  });

  it('adds the recording field at the end of each row, and only that, with include_recording_config', async () => {
    serve({ [APP_ID]: { meetings: varied }, app_alike: { meetings: alike } });
    for (const args of [{}, { app_id: 'app_alike' }, { per_page: 2, page_no: 2 }]) {
      const answer = structured(await harness.call('list_meetings', { ...args, include_recording_config: true }));
      expect(Object.keys(answer)).toEqual(MEETINGS_KEYS);
      expect(answer.columns).toEqual(MEETING_COLUMNS_WITH_RECORDING);
      for (const row of answer.meetings as unknown[][]) expect(row).toHaveLength(MEETING_COLUMNS_WITH_RECORDING.length);
    }
    // A meeting without a recording setup says null; the others carry theirs, even when all share one.
    const rows = named(structured(await harness.call('list_meetings', { include_recording_config: true })), 'meetings');
    expect(rows.map((row) => row.recording === null)).toEqual(varied.map((m) => m.recording_config === null));
    const shared = named(
      structured(await harness.call('list_meetings', { app_id: 'app_alike', include_recording_config: true })),
      'meetings',
    );
    expect(new Set(shared.map((row) => row.recording)).size).toBe(1);
    expect(shared[0]?.recording).toMatch(/^max 60s, /);
  });

  it("carries on every row what the page's meetings share, which the text says once", async () => {
    serve({ app_alike: { meetings: alike } });
    const result = await harness.call('list_meetings', { app_id: 'app_alike' });
    const text = result.content[0]?.type === 'text' ? result.content[0].text : '';
    expect(text).toContain('All 6 are ACTIVE.');
    expect(text).toContain('All 6 have: record on start, livestream on start, transcribe on end');
    for (const row of named(structured(result), 'meetings')) {
      expect(row).toMatchObject({
        title: 'Standup',
        status: 'ACTIVE',
        options: 'record livestream transcript summary chat',
      });
    }
  });
});

describe('times', () => {
  it("gives every row's created_at as ISO 8601 UTC, the API's instant to the second", async () => {
    // Any instant from 1900 to 2200, written as the API might: with milliseconds, an offset, or neither.
    const written = fc
      .tuple(
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 0, 1) }),
        fc.constantFrom('Z', '.000Z', 'ms', '+05:30', '-08:00', ''),
      )
      .map(([ms, style]) => {
        const iso = new Date(ms).toISOString();
        if (style === 'ms') return iso;
        const seconds = iso.slice(0, 19);
        if (style === '+05:30' || style === '-08:00') {
          const shift = (style === '+05:30' ? 330 : -480) * 60_000;
          return `${new Date(Math.floor(ms / 1000) * 1000 + shift).toISOString().slice(0, 19)}${style}`;
        }
        return `${seconds}${style}`;
      });
    await fc.assert(
      fc.asyncProperty(fc.array(written, { minLength: 1, maxLength: 20 }), async (times) => {
        serve({ [APP_ID]: { meetings: times.map((created_at, i) => meeting(i + 1, { created_at })) } });
        const rows = named(structured(await harness.call('list_meetings')), 'meetings');
        expect(rows.map((row) => row.created_at)).toEqual(
          times.map((time) => new Date(Math.floor(Date.parse(time) / 1000) * 1000).toISOString().replace('.000Z', 'Z')),
        );
        for (const row of rows) expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      }),
      { numRuns: 60 },
    );
  });

  it('says null for a time that is none, rather than a guess', async () => {
    serve({
      [APP_ID]: {
        meetings: ['6 22:22', '2026-02-30T10:00:00Z', 'yesterday', '2026-12-06T22:22:05.999Z'].map((created_at, i) =>
          meeting(i + 1, { created_at }),
        ),
      },
    });
    const rows = named(structured(await harness.call('list_meetings')), 'meetings');
    expect(rows.map((row) => row.created_at)).toEqual([null, null, null, '2026-12-06T22:22:05Z']);
  });
});

describe('paging', () => {
  /** Calls list_meetings from page 1, following next_page_no and next_per_page, and returns every id it got. */
  async function everyId(args: Record<string, unknown>): Promise<{ ids: string[]; pages: Answer[] }> {
    const ids: string[] = [];
    const pages: Answer[] = [];
    let next: { page_no: number; per_page: number } | undefined = { page_no: 1, per_page: Number(args.per_page) };
    while (next) {
      const answer = structured(await harness.call('list_meetings', { ...args, ...next }));
      pages.push(answer);
      ids.push(...named(answer, 'meetings').map((row) => String(row.id)));
      next =
        typeof answer.next_page_no === 'number'
          ? { page_no: answer.next_page_no, per_page: Number(answer.next_per_page) }
          : undefined;
      expect(pages.length).toBeLessThan(100);
    }
    return { ids, pages };
  }

  it('gets every meeting exactly once, following the numbers, when the output limit cuts pages', async () => {
    // Longer titles further on: each page is cut at another place, so most pages start where no page of the
    // first size would.
    const titles = (i: number) => `Quarterly planning ${i}: ${'agenda item, '.repeat(20 + Math.floor(i / 3))}`;
    const meetings = Array.from({ length: 237 }, (_, i) => meeting(i + 1, { title: titles(i + 1) }));
    serve({ [APP_ID]: { meetings } });
    const { ids, pages } = await everyId({ per_page: 100, include_recording_config: true });
    expect(ids).toEqual(meetings.map((m) => m.id));
    // The limit did cut: pages of fewer than asked for, each saying where the rest start.
    const cut = pages.filter((page) => page.notes.some((note) => note.startsWith('Output limit:')));
    expect(cut.length).toBeGreaterThan(1);
    expect(pages.every((page) => page.total === 237)).toBe(true);
  });

  it('ends a cut page where the next page can start large, at the cost of at most a quarter of its rows', () => {
    // The first page can always go on at the size that fit.
    expect(resumeAfter(0, 37)).toBe(37);
    expect(pageStartingAt(37, 37)).toEqual({ page_no: 2, per_page: 37 });
    // After 97 + 40 = 137 meetings (a prime) only per_page=1 could start a page: stop one row earlier, at 136,
    // and go on by 34s.
    expect(pageStartingAt(137, 40)).toEqual({ page_no: 138, per_page: 1 });
    expect(resumeAfter(97, 40)).toBe(39);
    expect(pageStartingAt(136, 39)).toEqual({ page_no: 5, per_page: 34 });
    fc.assert(
      // Offsets well inside page_no's limit (at the limit there is no next page: below).
      fc.property(fc.integer({ min: 0, max: 90_000 }), fc.integer({ min: 1, max: 100 }), (before, fits) => {
        const shown = resumeAfter(before, fits);
        const next = pageStartingAt(before + shown, shown);
        expect(shown).toBeLessThanOrEqual(fits);
        expect(shown).toBeGreaterThanOrEqual(Math.ceil((fits * 3) / 4));
        // The next page starts exactly after the last row shown, and is never tiny for a page that was not.
        expect(next && (next.page_no - 1) * next.per_page).toBe(before + shown);
        expect(next?.per_page).toBeGreaterThanOrEqual(Math.floor(fits / 4));
      }),
    );
    expect(pageStartingAt(9_999_900, 100)).toEqual({ page_no: 100_000, per_page: 100 });
    expect(pageStartingAt(10_000_000, 100)).toBeUndefined();
    expect(pageStartingAt(100_000, 1)).toBeUndefined();
    expect(pageStartingAt(100_000, 2)).toEqual({ page_no: 50_001, per_page: 2 });
  });

  it('asks for the same page size when nothing is cut, and for none after the last page', async () => {
    serve({ [APP_ID]: { meetings: varied } });
    const { ids, pages } = await everyId({ per_page: 5 });
    expect(ids).toEqual(varied.map((m) => m.id));
    expect(pages.map((page) => [page.page_no, page.per_page, page.next_page_no, page.next_per_page])).toEqual([
      [1, 5, 2, 5],
      [2, 5, 3, 5],
      [3, 5, null, null],
    ]);
  });
});

describe('get_active_livestreams answers with the same fields for one meeting and for a whole app', () => {
  const app = {
    meetings: [1, 2, 3].map((i) => meeting(i, { status: 'ACTIVE' })),
    livestreams: {
      [meetingId(1)]: liveLivestream({ id: 'ls_1', meeting_id: meetingId(1) }),
      [meetingId(2)]: [
        liveLivestream({ id: 'ls_2', status: 'IDLE', disabled: 'true', name: null, created_at: 'soon' }),
      ],
    },
  };
  // The same app where its sessions can be listed: meetings 1 and 2 in session, and a livestream without one.
  const withSessions = {
    ...app,
    sessions: [liveSession(meetingId(1), 9), liveSession(meetingId(2), 3)],
    independentLivestreams: {
      shape: 'array' as const,
      livestreams: [liveLivestream({ id: 'ls_encoder', meeting_id: null, stream_key: PLANTED.streamKey })],
    },
  };
  const apps = { [APP_ID]: app, app_sessions: withSessions };

  it.each([
    ['one meeting, live', { meeting_id: meetingId(1) }],
    ['one meeting, nothing live', { meeting_id: meetingId(3) }],
    ['the active meetings, asked one by one', {}],
    ['the active meetings, where none matches', { search: 'nothing matches this' }],
    ['a scan page past the end', { scan_page: 4 }],
    ['the meetings in session', { app_id: 'app_sessions' }],
    ['the meetings in session, where none matches', { app_id: 'app_sessions', search: 'nothing matches this' }],
    ['a page of meetings in session past the end', { app_id: 'app_sessions', scan_page: 4 }],
  ])('%s', async (_case, args) => {
    serve(apps);
    const answer = structured(await harness.call('get_active_livestreams', args));
    expect(Object.keys(answer)).toEqual(LIVESTREAMS_KEYS);
    expect(answer.columns).toEqual(LIVESTREAM_COLUMNS);
    for (const row of named(answer, 'livestreams')) {
      expect(Object.keys(row)).toEqual(LIVESTREAM_COLUMNS);
      expect(typeof row.disabled === 'boolean' || row.disabled === null).toBe(true);
      expect(row.stream_key).toBeNull();
      expect(row.created_at === null || Date.parse(String(row.created_at)) > 0).toBe(true);
    }
    expect(typeof answer.checked).toBe('number');
    const single = 'meeting_id' in args;
    const sessions = 'app_id' in args;
    expect(answer.active_meetings).toEqual(single || sessions ? null : expect.any(Number));
    expect(answer.in_session).toEqual(sessions ? expect.any(Number) : null);
    expect(answer.session_columns).toEqual(SESSION_COLUMNS);
    for (const row of named(answer, 'sessions', 'session_columns')) expect(Object.keys(row)).toEqual(SESSION_COLUMNS);
  });

  it('gives typed cells: a boolean for disabled, null for what is missing, full times', async () => {
    serve(apps);
    const rows = named(structured(await harness.call('get_active_livestreams')), 'livestreams');
    expect(rows).toEqual([
      expect.objectContaining({ id: 'ls_1', status: 'LIVE', disabled: false, created_at: '2026-11-22T09:30:12Z' }),
      expect.objectContaining({ id: 'ls_2', status: 'IDLE', disabled: true, name: null, created_at: null }),
    ]);
  });
});

describe('output schemas read alike in every JSON Schema dialect a client may use', () => {
  // No $schema: 2020-12 to an MCP client of this era; draft-07 to one of the era before (SDK 1.x's Ajv).
  const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';
  // Draft-07 has no prefixItems: it reads a row's length and what any of its cells may be, not each cell's type.
  const validators = [
    ['Ajv, 2020-12', true, (schema: object) => new AjvJsonSchemaValidator().getValidator(schema)],
    [
      'Ajv, draft-07',
      false,
      (schema: object) => new AjvJsonSchemaValidator().getValidator({ ...schema, $schema: DRAFT_07 }),
    ],
    ['@cfworker, 2020-12', true, (schema: object) => new CfWorkerJsonSchemaValidator().getValidator(schema)],
    [
      '@cfworker, draft-07',
      false,
      (schema: object) => new CfWorkerJsonSchemaValidator().getValidator({ ...schema, $schema: DRAFT_07 }),
    ],
  ] as const;

  it.each(validators)('%s: real answers pass, and a row of the wrong shape fails', async (_name, exact, validator) => {
    serve({
      [APP_ID]: {
        meetings: varied,
        livestreams: { [meetingId(2)]: liveLivestream() },
        sessions: [liveSession(meetingId(2), 7), liveSession(meetingId(3), 2)],
        independentLivestreams: { shape: 'array', livestreams: [] },
      },
    });
    const { tools } = await harness.client.listTools();
    for (const [tool, args, rows] of [
      ['list_meetings', { per_page: 4 }, 'meetings'],
      ['list_meetings', { per_page: 4, include_recording_config: true }, 'meetings'],
      ['get_active_livestreams', {}, 'livestreams'],
      ['get_active_livestreams', {}, 'sessions'],
      ['get_active_livestreams', { meeting_id: meetingId(2) }, 'livestreams'],
    ] as const) {
      const check = validator(tools.find((listed) => listed.name === tool)?.outputSchema as object);
      const answer = structured(await harness.call(tool, args));
      expect(check(answer).valid, `${tool} ${JSON.stringify(args)}`).toBe(true);
      const [row = []] = answer[rows] as unknown[][];
      expect(row.length).toBeGreaterThan(0);
      const bad = [
        row.slice(0, -2),
        [...row, 'extra', 'cells'],
        row.map(() => ({})),
        ...(exact ? [[42, ...row.slice(1)]] : []),
      ];
      for (const wrong of bad) {
        expect(check({ ...answer, [rows]: [wrong] }).valid, `${tool}: ${JSON.stringify(wrong)}`).toBe(false);
      }
      const { notes: _notes, ...withoutNotes } = answer;
      expect(check(withoutNotes).valid).toBe(false);
    }
  });
});
