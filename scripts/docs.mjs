// npm run docs: rewrites what the repository says about the tools from the tools themselves: the tool
// reference in README.md and the tool list in manifest.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { importTypeScript } from './import-ts.mjs';

const { withToolReference, withManifestTools } = await importTypeScript("export * from './scripts/tool-docs.ts';");
for (const [file, rewrite] of [
  ['README.md', withToolReference],
  ['manifest.json', withManifestTools],
]) {
  const before = readFileSync(file, 'utf8');
  const after = rewrite(before);
  writeFileSync(file, after);
  console.log(after === before ? `${file} is up to date.` : `Updated ${file}.`);
}
