// Builds dist/: the server bundled with its dependencies into one minified file, so a client that spawns
// it per session pays for one small file to compile, not hundreds of modules to resolve (see BENCHMARKS.md).
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

const format = process.env.BUILD_FORMAT ?? 'cjs';
const outfile = format === 'cjs' ? 'dist/index.cjs' : 'dist/index.js';

/**
 * The SDK's Server imports Ajv for its default JSON Schema validator, which it uses only to check a
 * client's answer to elicitation. This server never elicits and passes its own validator (src/server.ts),
 * so the default is never built: leaving Ajv out saves a fifth of the bundle and its start-up work. If a
 * future SDK constructed it anyway, the server would fail at start with this message, in every test.
 */
const withoutAjv = {
  name: 'without-ajv',
  setup(builder) {
    builder.onResolve({ filter: /\/validation\/ajv-provider\.js$/ }, (args) => ({
      path: args.path,
      namespace: 'without-ajv',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'without-ajv' }, () => ({
      contents:
        'export class AjvJsonSchemaValidator { constructor() { throw new Error("realtimekit-mcp is built without Ajv: pass jsonSchemaValidator to Server"); } }',
      loader: 'js',
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
  plugins: [withoutAjv],
  logLevel: 'warning',
});
