// What a model is told besides the rows: the text's guidance, sentence by sentence, and whether a structured
// answer carries all of it (clients such as Claude Code and Codex show the model only structuredContent).

import { isItemLine } from './lines.js';
import type { CallToolResult } from './result.js';

/**
 * What the structured answer's columns and rows say by themselves: what each line holds, that times are UTC
 * (a row's times are ISO 8601 with the Z), and what all the meetings on a page share (every row carries it).
 */
const SAID_BY_ROWS =
  /^(Each line: .*|Times are UTC\.|All \d+ (are|have):? .*|Also in session, without an active livestream\.)$/;

/** The text's sentences that are not item lines (a line whose first token stands for a row's id is one). */
export function guidanceSentences(text: string, ids: readonly string[]): string[] {
  return text
    .split('\n')
    .filter((line) => !ids.some((id) => isItemLine(line, id)))
    .flatMap((line) => line.split(/(?<=[.)?])\s+(?=[A-Z(])/))
    .filter((sentence) => !SAID_BY_ROWS.test(sentence));
}

/** The guidance sentences of the text that the structured answer's summary and notes lack. */
export function missingFromStructured(result: CallToolResult): string[] {
  const structured = result.structuredContent as { summary?: string; notes?: string[] } & Record<string, unknown>;
  // Every table's rows: a line that stands for one (its first cell) is no guidance sentence.
  const rows = Object.entries(structured)
    .filter(([key, value]) => key !== 'notes' && Array.isArray(value) && value.every(Array.isArray))
    .flatMap(([, value]) => value as string[][]);
  const text = result.content.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
  const told = [structured.summary ?? '', ...(structured.notes ?? [])].join('\n');
  return guidanceSentences(
    text,
    rows.map((row) => String(row[0] ?? '')),
  ).filter((sentence) => !told.includes(sentence));
}
