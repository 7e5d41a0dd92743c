// npm run docs: regenerates the tool reference in README.md from the tools' own schemas.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const outfile = join(os.tmpdir(), `realtimekit-mcp-docs-${process.pid}.mjs`);
await build({
  entryPoints: ['scripts/tool-reference.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  logLevel: 'warning',
});
try {
  const { withToolReference } = await import(pathToFileURL(outfile).href);
  const before = readFileSync('README.md', 'utf8');
  const after = withToolReference(before);
  writeFileSync('README.md', after);
  console.log(
    after === before ? 'README.md tool reference is up to date.' : 'Updated the tool reference in README.md.',
  );
} finally {
  rmSync(outfile, { force: true });
}
