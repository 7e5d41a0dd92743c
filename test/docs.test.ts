import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { END, START, toolReference, withToolReference } from '../scripts/tool-reference.js';
import { tools } from '../src/tools/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

it('has an up-to-date tool reference in the README (if not: npm run docs)', () => {
  expect(withToolReference(readme) === readme, 'README.md tool reference is stale: run npm run docs').toBe(true);
});

it('would notice a hand edit or a changed schema', () => {
  const edited = readme.replace('| `per_page` | integer, 1-100 |', '| `per_page` | integer, 1-500 |');
  expect(edited).not.toBe(readme);
  expect(withToolReference(edited)).toBe(readme);
});

it('documents every tool and every argument', () => {
  const reference = toolReference();
  expect(reference.startsWith(START) && reference.endsWith(END)).toBe(true);
  for (const tool of tools) {
    expect(reference).toContain(`### \`${tool.name}\`: ${tool.title}`);
    for (const argument of Object.keys(tool.inputSchema.shape)) expect(reference).toContain(`| \`${argument}\` |`);
  }
});
