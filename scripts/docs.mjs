// npm run docs: rewrites what the repository says about the tools from the tools themselves (the tool reference
// in docs/tools.md, the tool list in manifest.json) and about the variables from the table of settings (the table
// in docs/configuration.md, server.json's list).
import { readFileSync, writeFileSync } from 'node:fs';
import { importTypeScript } from './import-ts.mjs';

const { withToolReference, withManifestTools, withSettingsTable, withServerJsonSettings } = await importTypeScript(
  "export * from './scripts/tool-docs.ts'; export * from './scripts/settings-docs.ts';",
);
for (const [file, rewrite] of [
  ['docs/tools.md', withToolReference],
  ['docs/configuration.md', withSettingsTable],
  ['manifest.json', withManifestTools],
  ['server.json', withServerJsonSettings],
]) {
  const before = readFileSync(file, 'utf8');
  const after = rewrite(before);
  writeFileSync(file, after);
  console.log(after === before ? `${file} is up to date.` : `Updated ${file}.`);
}
