// The output budget counts what a model is charged: the estimate against o200k (gpt-tokenizer) on the answers
// the bench measures, for both copies a client may show (the text and the structured JSON), and a page cut
// by the budget is within it in real tokens.
import fc from 'fast-check';
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import {
  liveLivestream,
  meeting,
  meetingId,
  meetingsPage,
  referenceMeeting,
  sparseMeeting,
} from '../../fixtures/api.js';
import { estimateTokens, STRUCTURED_TOKEN_BUDGET, TEXT_TOKEN_BUDGET } from '../../src/summaries/budget.js';
import { useHarness } from '../support/harness.js';
import { APP_URL, useMsw } from '../support/msw.js';
import type { CallToolResult } from '../support/result.js';

const msw = useMsw();
const harness = useHarness({ each: true });

function serveMeetings(meetings: Array<Record<string, unknown>>): void {
  msw.use(http.get(`${APP_URL}/meetings`, () => HttpResponse.json(meetingsPage(meetings))));
}

/** Both copies of an answer, each as the model is sent it. */
function copies(result: CallToolResult): Array<[string, string]> {
  const text = result.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  return [
    ['text', text],
    ['structured', JSON.stringify(result.structuredContent)],
  ];
}

/** A recording setup of its own for every meeting: nothing said once, the most text per meeting. */
function ownRecording(index: number): Record<string, unknown> {
  const base = referenceMeeting();
  const recording = base.recording_config as Record<string, Record<string, unknown> | number | string>;
  recording.max_seconds = 3600 + index;
  recording.file_name_prefix = `recording-${index}`;
  recording.storage_config = { ...(recording.storage_config as object), bucket: `bucket-${index}` };
  return { ...base, id: meetingId(index), title: `Standup ${index}` };
}

const pages: Array<[string, Array<Record<string, unknown>>, Record<string, unknown>]> = [
  [
    '20 reference-shaped meetings',
    Array.from({ length: 20 }, (_, i) => ({ ...referenceMeeting(), id: meetingId(i + 1) })),
    {},
  ],
  [
    '100 reference-shaped meetings',
    Array.from({ length: 100 }, (_, i) => ({ ...referenceMeeting(), id: meetingId(i + 1) })),
    { per_page: 100 },
  ],
  [
    '100 meetings with recording setups',
    Array.from({ length: 100 }, (_, i) => meeting(i + 1)),
    { per_page: 100, include_recording_config: true },
  ],
  [
    '20 sparse meetings',
    Array.from({ length: 20 }, (_, i) => sparseMeeting(i + 1)),
    { include_recording_config: true },
  ],
];

describe('the estimate, against o200k', () => {
  it.each(pages)('%s: each copy within 10% under and 25% over', async (_, meetings, args) => {
    serveMeetings(meetings);
    const result = await harness.call('list_meetings', args);
    expect(result.isError).toBeFalsy();
    for (const [copy, sent] of copies(result)) {
      const ratio = estimateTokens(sent) / encode(sent).length;
      expect(ratio, copy).toBeGreaterThanOrEqual(0.9);
      expect(ratio, copy).toBeLessThanOrEqual(1.25);
    }
  });

  it('a page of livestreams: each copy within 10% under and 25% over', async () => {
    msw.use(
      http.get(`${APP_URL}/meetings/:meetingId/active-livestream`, () =>
        HttpResponse.json({
          success: true,
          data: Array.from({ length: 10 }, (_, i) => liveLivestream({ id: `ls_${i}abc${i}`, name: `Stream ${i}` })),
        }),
      ),
    );
    const result = await harness.call('get_active_livestreams', { meeting_id: meetingId(1) });
    for (const [copy, sent] of copies(result)) {
      const ratio = estimateTokens(sent) / encode(sent).length;
      expect(ratio, copy).toBeGreaterThanOrEqual(0.9);
      expect(ratio, copy).toBeLessThanOrEqual(1.25);
    }
  });

  it('is never below the floors it had before (characters / 4, bytes / 3), whatever the text', () => {
    for (const text of ['', 'a', 'x'.repeat(1000), '会議'.repeat(100), 'zqxj kvwb '.repeat(100), '🎥'.repeat(50)]) {
      expect(estimateTokens(text)).toBeGreaterThanOrEqual(Math.ceil(text.length / 4));
      expect(estimateTokens(text)).toBeGreaterThanOrEqual(Math.ceil(Buffer.byteLength(text) / 3));
    }
  });

  it('is never above the number of characters, so a text that short fits without an estimate', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string()), (text) => {
        expect(estimateTokens(text)).toBeLessThanOrEqual(Math.max(text.length, 0));
      }),
      { numRuns: 2000 },
    );
    for (const text of ['\n\n\n', '🎥', '会', '\u0085', 'a b c', '#!?', '1 2 3']) {
      expect(estimateTokens(text), JSON.stringify(text)).toBeLessThanOrEqual(text.length);
    }
  });
});

it('cuts a page that is over the budget to one within it in real tokens, in both copies', async () => {
  serveMeetings(Array.from({ length: 100 }, (_, i) => ownRecording(i + 1)));
  const result = await harness.call('list_meetings', { per_page: 100, include_recording_config: true });
  const [[, text], [, structured]] = copies(result) as [[string, string], [string, string]];
  expect(text).toContain('Output limit: only the first');
  expect(encode(text).length).toBeLessThanOrEqual(TEXT_TOKEN_BUDGET * 1.1);
  expect(encode(structured).length).toBeLessThanOrEqual(STRUCTURED_TOKEN_BUDGET * 1.1);
});
