// npm run docs: regenerates the tool reference in README.md from the tools' own schemas.
import { readFileSync, writeFileSync } from 'node:fs';
import { importTypeScript } from './import-ts.mjs';

const { withToolReference } = await importTypeScript("export * from './scripts/tool-reference.ts';");
const before = readFileSync('README.md', 'utf8');
const after = withToolReference(before);
writeFileSync('README.md', after);
console.log(after === before ? 'README.md tool reference is up to date.' : 'Updated the tool reference in README.md.');
