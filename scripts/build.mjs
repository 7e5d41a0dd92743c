// Builds dist/: the server bundled with its dependencies into one minified file, so a client that spawns
// it per session pays for one small file to compile, not hundreds of modules to resolve (see BENCHMARKS.md).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';

/**
 * The SDK picks a JSON Schema validator per runtime through `@modelcontextprotocol/server/_shims` (Ajv on
 * Node, @cfworker/json-schema on workerd) and uses it only to check a client's answer to elicitation. This
 * server never elicits and passes its own validator (src/server/server.ts), so neither is ever built: the shim here
 * leaves both out, a third of the bundle and its start-up work. If a future SDK constructed the default
 * anyway, the server would fail at start with this message, in every test.
 */
const withoutSchemaValidators = {
  name: 'without-schema-validators',
  setup(builder) {
    builder.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, (args) => ({
      path: args.path,
      namespace: 'without-schema-validators',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'without-schema-validators' }, () => ({
      contents: [
        'export class DefaultJsonSchemaValidator { constructor() { throw new Error("realtimekit-mcp is built without a JSON Schema validator: pass jsonSchemaValidator to Server"); } }',
        // The SDK's stdio transport reads process.stdin and stdout from here; this server brings its own.
        'export const process = globalThis.process;',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * zod's namespace (`z`) carries every locale's error messages, 40 languages and two fifths of the bundle, though
 * zod itself speaks English (`config(en())`) and nothing here ever switches language. `z.locales` keeps only
 * `en`; the server's own error sentences are English anyway.
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(builder) {
    builder.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer)
        ? { path: join(dirname(args.importer), args.path), namespace: 'english-only-zod' }
        : undefined,
    );
    builder.onLoad({ filter: /.*/, namespace: 'english-only-zod' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

/** What both bundles share: one minified file each, with the same two plugins. */
const bundled = {
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  plugins: [withoutSchemaValidators, englishOnlyZod],
  logLevel: 'warning',
};

await rm('dist', { recursive: true, force: true });

// The live view (view/): one self-contained HTML document for MCP Apps hosts, its script and styles inline,
// hls.js included, nothing loaded from elsewhere. The Node host reads it from dist/ when a host asks for it;
// the Worker bundles it. Its licences (hls.js, ext-apps) stay with it, at the end of its script.
const view = await build({
  ...bundled,
  entryPoints: ['view/main.ts'],
  write: false,
  sourcemap: false,
  platform: 'browser',
  format: 'iife',
  target: ['es2022', 'chrome111', 'firefox113', 'safari16.4'],
  legalComments: 'eof',
});
const [script] = view.outputFiles;
const style = await readFile('view/style.css', 'utf8');
if (!script || /<\/script/i.test(script.text) || /<\/style/i.test(style)) {
  throw new Error('the live view would end its own <script> or <style> early');
}
const page = (await readFile('view/index.html', 'utf8'))
  .replace('/*STYLE*/', () => style.trim())
  .replace('/*SCRIPT*/', () => script.text.trim());
await mkdir('dist', { recursive: true });
await writeFile('dist/live-view.html', page);

await build({
  ...bundled,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/server.cjs',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  legalComments: 'linked',
});

// The Worker (worker/): the same core for workerd, as one ES module that wrangler deploys as it is. Node's
// built-ins come from the runtime (nodejs_compat).
await rm('worker/dist', { recursive: true, force: true });
await build({
  ...bundled,
  entryPoints: ['worker/index.ts'],
  outfile: 'worker/dist/index.js',
  platform: 'neutral',
  conditions: ['workerd', 'worker', 'browser'],
  mainFields: ['module', 'main'],
  external: ['node:*', 'cloudflare:*'],
  target: 'es2022',
  format: 'esm',
  legalComments: 'eof',
  // The live view, as a string (worker/index.ts imports it).
  loader: { '.html': 'text' },
});

// The command (dist/index.cjs) runs the bundle with V8's code cache, made here from a real session: the
// demo account answers an initialize, a tools/list and a call of each tool, and the code those compiled is
// what the cache holds. A server that starts reads it instead of parsing and compiling (see BENCHMARKS.md).
// The command is the file with the hashbang; the bundle keeps its lines (and its source map) with a comment.
const bundle = await readFile('dist/server.cjs', 'utf8');
await writeFile('dist/server.cjs', bundle.replace(/^#!.*/, '// realtimekit-mcp: run dist/index.cjs'));
await copyFile('scripts/bin.cjs', 'dist/index.cjs');
await chmod('dist/index.cjs', 0o755);
const session = [
  {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'build', version: '1' } },
  },
  { jsonrpc: '2.0', method: 'notifications/initialized' },
  { jsonrpc: '2.0', id: 2, method: 'tools/list' },
  { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'list_meetings', arguments: {} } },
  { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'get_active_livestreams', arguments: {} } },
];
// Each message is sent once the one before is answered, and stdin closes (the server's cue to stop) after the last.
const training = spawn(process.execPath, ['scripts/code-cache.cjs', 'dist/index.cjs', '--demo'], {
  env: { PATH: process.env.PATH },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const lines = createInterface({ input: training.stdout });
const send = () => training.stdin.write(`${JSON.stringify(session.shift())}\n`);
send();
send(); // notifications/initialized has no answer
lines.on('line', () => (session.length > 0 ? send() : training.stdin.end()));
const [code] = await Promise.race([
  once(training, 'exit'),
  new Promise((_, reject) => setTimeout(() => reject(new Error('the code-cache session did not end')), 30_000).unref()),
]);
if (code !== 0) throw new Error(`the code-cache session failed with exit code ${code}`);
