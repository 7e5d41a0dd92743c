// Lets the plain-Node scripts (bench, docs) use the project's TypeScript: bundles `source` (TypeScript,
// resolved from the repository root) with esbuild into a temporary module, imports it, and removes it.
import { rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function importTypeScript(source) {
  const outfile = join(os.tmpdir(), `realtimekit-mcp-${process.pid}-${Date.now()}.mjs`);
  await build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'ts' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}
