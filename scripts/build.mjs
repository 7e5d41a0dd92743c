// Builds dist/: the server bundled with its dependencies into one minified file, so a client that spawns
// it per session pays for one small file to compile, not hundreds of modules to resolve (see BENCHMARKS.md).
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const format = process.env.BUILD_FORMAT ?? 'cjs';
const outfile = format === 'cjs' ? 'dist/index.cjs' : 'dist/index.js';

/**
 * The SDK picks a JSON Schema validator per runtime through `@modelcontextprotocol/server/_shims` (Ajv on
 * Node, @cfworker/json-schema on workerd) and uses it only to check a client's answer to elicitation. This
 * server never elicits and passes its own validator (src/server.ts), so neither is ever built: the shim here
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

await rm('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/index.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format,
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  plugins: [withoutSchemaValidators, englishOnlyZod],
  logLevel: 'warning',
});
