// The README's scripted client, examples/export-csv.mjs, run as a user runs it: against `--demo`, and against a
// stand-in app whose long titles make the output limit cut its pages. Its CSV must hold every meeting once,
// with the fields programs rely on and times that parse to the API's instant.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_ID, meeting, PLANTED } from '../../fixtures/api.js';
import { MEETING_COLUMNS } from '../support/contract.js';
import { built, connectSession, standInEnv } from '../support/session.js';
import { type StandIn, startStandIn } from '../support/stand-in-api.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/export-csv.mjs', import.meta.url));

async function exportCsv(args: string[], env: Record<string, string> = {}): Promise<string[][]> {
  const { stdout } = await promisify(execFile)(process.execPath, [EXAMPLE, ...args], {
    env: { PATH: process.env.PATH ?? '', ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return parseCsv(stdout);
}

/** RFC 4180: cells split on commas, quoted cells may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && (c === ',' || c === '\n')) {
      row.push(cell);
      cell = '';
      if (c === '\n') {
        rows.push(row);
        row = [];
      }
    } else {
      cell += c;
    }
  }
  return rows;
}

describe('examples/export-csv.mjs', () => {
  it('exports every meeting of the demo account, with the fields and full times, whatever the page size', async () => {
    const session = await connectSession({}, ['--demo']);
    const all = await session.call('list_meetings', { per_page: 100 });
    await session.transport.close();
    const expected = all.structuredContent?.meetings as Array<Array<string | null>>;
    for (const pageSize of ['100', '7']) {
      const [header, ...rows] = await exportCsv(['node', built(), '--demo'], { PER_PAGE: pageSize });
      expect(header).toEqual(MEETING_COLUMNS);
      // The demo account's times follow the clock of the server that serves them: each run is its own.
      const [withoutTimes, expectedWithoutTimes] = [rows, expected].map((table) =>
        table.map(([id, title, status, , options]) => [id, title ?? '', status, options]),
      );
      expect(withoutTimes).toEqual(expectedWithoutTimes);
      rows.forEach(([, , , created], i) => {
        const drift = Date.parse(created ?? '') - Date.parse(expected[i]?.[3] ?? '');
        expect(Math.abs(drift)).toBeLessThan(60_000);
      });
      expect(new Set(rows.map(([id]) => id)).size).toBe(36);
      for (const [, , , created] of rows)
        expect(new Date(created ?? '').toISOString()).toBe(created?.replace('Z', '.000Z'));
    }
  });

  describe('against an app whose pages the output limit cuts', () => {
    let api: StandIn;
    // Titles that run to the answer's limit on strings: far fewer than 100 fit in one answer.
    const meetings = Array.from({ length: 237 }, (_, i) =>
      meeting(i + 1, { title: `=HYPERLINK("x"), ${i + 1} ${'agenda, '.repeat(10 + (i % 120))}` }),
    );
    beforeAll(async () => {
      api = await startStandIn({ token: PLANTED.token, accountId: ACCOUNT_ID, apps: { app_long: { meetings } } });
    });
    afterAll(async () => {
      await api.close();
    });

    it('gets each meeting once, its title whole up to the limit and never a formula', async () => {
      const env = standInEnv(api.baseUrl, 'app_long', PLANTED.token, ACCOUNT_ID);
      const [, ...rows] = await exportCsv(['node', built()], env);
      expect(rows.map(([id]) => id)).toEqual(meetings.map((m) => m.id));
      // The output limit cut the first page: the next ones were asked for at the size that fits.
      const sizes = api.requests.map((request) => new URL(request.url, api.baseUrl).searchParams.get('per_page'));
      expect(sizes[0]).toBe('100');
      expect(sizes.slice(1).every((size) => Number(size) < 100)).toBe(true);
      for (const [i, row] of rows.entries())
        expect(row[1]?.startsWith(`'=HYPERLINK("x"), ${i + 1} agenda,`)).toBe(true);
    });
  });
});
