// npm run pack:mcpb: a Claude Desktop extension, realtimekit-mcp.mcpb. The bundle is self-contained
// (dependencies are inside dist/server.cjs), so the extension is the manifest, the command, the bundle with
// its code cache, the live view for Claude's MCP Apps rendering, and the docs: no node_modules to ship.
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { packExtension, validateManifest } from '@anthropic-ai/mcpb';

const stage = process.argv[2] ?? 'build/mcpb';
const output = process.argv[3] ?? 'realtimekit-mcp.mcpb';

if (!validateManifest('manifest.json')) {
  console.error('manifest.json is not a valid MCPB manifest');
  process.exit(1);
}
await rm(stage, { recursive: true, force: true });
await mkdir(`${stage}/server`, { recursive: true });
await copyFile('manifest.json', `${stage}/manifest.json`);
for (const file of ['index.cjs', 'server.cjs', 'server.cjs.cache', 'live-view.html']) {
  await copyFile(`dist/${file}`, `${stage}/server/${file}`);
}
await copyFile('README.md', `${stage}/README.md`);
await copyFile('LICENSE', `${stage}/LICENSE`);
if (!(await packExtension({ extensionPath: stage, outputPath: output, silent: true }))) {
  console.error('mcpb pack failed');
  process.exit(1);
}
console.log(`Wrote ${output}`);
