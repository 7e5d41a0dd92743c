// What the repository says about the tools is written from the tools (npm run docs): stale text fails here.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { withServerJsonSettings, withSettingsTable } from '../scripts/settings-docs.js';
import { END, START, toolReference, withManifestTools, withToolReference } from '../scripts/tool-docs.js';
import { tools } from '../src/tools/index.js';

const readme = readFileSync(new URL('../docs/tools.md', import.meta.url), 'utf8');
const configuration = readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');
const manifest = readFileSync(new URL('../manifest.json', import.meta.url), 'utf8');
const serverJson = readFileSync(new URL('../server.json', import.meta.url), 'utf8');

it('has an up-to-date table of settings in docs/configuration.md and list in server.json (if not: npm run docs)', () => {
  expect(withSettingsTable(configuration) === configuration, 'docs/configuration.md is stale: run npm run docs').toBe(
    true,
  );
  expect(withServerJsonSettings(serverJson) === serverJson, 'server.json is stale: run npm run docs').toBe(true);
});

it('has an up-to-date tool reference in docs/tools.md (if not: npm run docs)', () => {
  expect(withToolReference(readme) === readme, 'docs/tools.md is stale: run npm run docs').toBe(true);
});

it('has an up-to-date tool list in the extension manifest (if not: npm run docs)', () => {
  expect(withManifestTools(manifest) === manifest, 'manifest.json tool list is stale: run npm run docs').toBe(true);
  expect(JSON.parse(manifest).tools.map((tool: { name: string }) => tool.name)).toEqual(tools.map((tool) => tool.name));
});

it('would notice a hand edit or a changed schema', () => {
  const edited = readme.replace('| `per_page` | integer, 1-100 |', '| `per_page` | integer, 1-500 |');
  expect(edited).not.toBe(readme);
  expect(withToolReference(edited)).toBe(readme);
  const renamed = manifest.replace('"name": "list_meetings"', '"name": "list_meeting"');
  expect(renamed).not.toBe(manifest);
  expect(withManifestTools(renamed)).toBe(manifest);
});

it('documents every tool and every argument', () => {
  const reference = toolReference();
  expect(reference.startsWith(START) && reference.endsWith(END)).toBe(true);
  for (const tool of tools) {
    expect(reference).toContain(`## \`${tool.name}\`: ${tool.title}`);
    for (const argument of Object.keys(tool.inputSchema.shape)) expect(reference).toContain(`| \`${argument}\` |`);
  }
});
