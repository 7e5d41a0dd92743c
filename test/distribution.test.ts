// What people install: the Claude Desktop extension (manifest.json, npm run pack:mcpb) and the MCP
// registry entry (server.json). They must agree with package.json and the server, and actually run.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { unpackExtension, validateManifest } from '@anthropic-ai/mcpb';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_ID, meeting, PLANTED } from '../fixtures/api.js';
import { SETTINGS } from '../src/config/settings.js';
import { helpText } from '../src/hosts/cli.js';
import type { CallToolResult } from './support/result.js';
import { type StandIn, startStandIn } from './support/stand-in-api.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8'));
const pkg = read('package.json');
const manifest = read('manifest.json');
const serverJson = read('server.json');
const configuration = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8');

/** The source files of the server, but the table of settings itself. */
function sources(dir = join(ROOT, 'src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('settings.ts') ? [path] : [];
  });
}

it('reads no variable the table of settings does not name, and names none it does not read', () => {
  const code = [...sources(), join(ROOT, 'worker/index.ts')].map((file) => readFileSync(file, 'utf8')).join('\n');
  const read = new Set(
    [...code.matchAll(/'((?:CLOUDFLARE|REALTIMEKIT)_[A-Z_]+)'|readVariable\(env, '([A-Z_]+)'\)/g)].map(
      (match) => match[1] ?? match[2],
    ),
  );
  const named = SETTINGS.map((setting) => setting.name);
  expect([...read].sort()).toEqual([...named].sort());
});

it('reads the variables in src/config/ alone', () => {
  for (const file of [...sources(), join(ROOT, 'worker/index.ts')].filter((path) => !path.includes('/src/config/'))) {
    const code = readFileSync(file, 'utf8');
    expect(code, file).not.toMatch(/readVariable\(|process\.env\.[A-Z]|\benv\.[A-Z][A-Z_]+|\benv\[['"]/);
  }
});

it("documents every variable in docs/configuration.md, the command's in --help, and those of stdio in server.json", () => {
  const stdio = SETTINGS.filter((setting) => setting.hosts.includes('stdio')).map((setting) => setting.name);
  const listed = serverJson.packages[0].environmentVariables.map((variable: { name: string }) => variable.name);
  expect(listed).toEqual(stdio);
  for (const { name, hosts } of SETTINGS) {
    // --help is the command's: a setting of the Worker alone does nothing there.
    if (hosts.includes('worker') && hosts.length === 1) expect(helpText()).not.toContain(name);
    else expect(helpText()).toContain(`  ${name}  `);
    expect(configuration).toContain(`| \`${name}\` |`);
  }
  for (const name of Object.keys(manifest.server.mcp_config.env)) expect(stdio).toContain(name);
});

describe('MCPB manifest', () => {
  it('passes the mcpb validator', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      expect(validateManifest(join(ROOT, 'manifest.json'))).toBe(true);
    } finally {
      log.mockRestore();
    }
  });

  it('agrees with package.json', () => {
    expect(manifest.name).toBe(pkg.name);
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.license).toBe(pkg.license);
    expect(manifest.compatibility.runtimes.node).toBe('>=20.0.0');
  });

  it('asks for the token as a secret and passes each setting to its variable', () => {
    expect(manifest.user_config.api_token).toMatchObject({ sensitive: true, required: true });
    expect(manifest.user_config.account_id).toMatchObject({ required: true });
    expect(manifest.server.mcp_config.env).toEqual({
      CLOUDFLARE_API_TOKEN: '${user_config.api_token}',
      CLOUDFLARE_ACCOUNT_ID: '${user_config.account_id}',
      REALTIMEKIT_APP_ID: '${user_config.app_id}',
    });
  });
});

describe('MCP registry server.json', () => {
  it('agrees with package.json', () => {
    expect(serverJson.name).toBe(pkg.mcpName);
    expect(serverJson.version).toBe(pkg.version);
    expect(serverJson.description.length).toBeLessThanOrEqual(100);
    expect(serverJson.packages).toEqual([
      expect.objectContaining({
        registryType: 'npm',
        identifier: pkg.name,
        version: pkg.version,
        transport: { type: 'stdio' },
      }),
    ]);
  });

  it('marks only the token secret, and the token and account required', () => {
    const variables = serverJson.packages[0].environmentVariables as Array<{
      name: string;
      isSecret: boolean;
      isRequired: boolean;
    }>;
    expect(variables.filter((variable) => variable.isSecret).map((variable) => variable.name)).toEqual([
      'CLOUDFLARE_API_TOKEN',
    ]);
    expect(variables.filter((variable) => variable.isRequired).map((variable) => variable.name)).toEqual([
      'CLOUDFLARE_API_TOKEN',
      'CLOUDFLARE_ACCOUNT_ID',
    ]);
  });
});

describe('the packed extension', () => {
  let api: StandIn;
  let work: string;
  beforeAll(async () => {
    api = await startStandIn({
      token: PLANTED.token,
      accountId: ACCOUNT_ID,
      apps: { app_mcpb: { meetings: [meeting(1)] } },
    });
    work = mkdtempSync(join(tmpdir(), 'realtimekit-mcpb-'));
  });
  afterAll(async () => {
    await api.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('packs, unpacks, and runs as its manifest says', async () => {
    const packed = join(work, 'realtimekit-mcp.mcpb');
    await promisify(execFile)(process.execPath, ['scripts/pack-mcpb.mjs', join(work, 'stage'), packed], { cwd: ROOT });
    const unpacked = join(work, 'unpacked');
    expect(await unpackExtension({ mcpbPath: packed, outputDir: unpacked, silent: true })).toBe(true);

    // Launch it the way Claude Desktop does: ${__dirname} and ${user_config.*} filled in.
    const installed = JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8'));
    const userConfig: Record<string, string> = { api_token: PLANTED.token, account_id: ACCOUNT_ID, app_id: 'app_mcpb' };
    const fill = (value: string) =>
      value
        .replace('${__dirname}', unpacked)
        .replace(/\$\{user_config\.(\w+)\}/g, (_match, key: string) => userConfig[key] ?? '');
    const { command, args, env } = installed.server.mcp_config as {
      command: string;
      args: string[];
      env: Record<string, string>;
    };
    const transport = new StdioClientTransport({
      command: command === 'node' ? process.execPath : command,
      args: args.map(fill),
      env: {
        ...Object.fromEntries(Object.entries(env).map(([name, value]) => [name, fill(value)])),
        CLOUDFLARE_BASE_URL: api.baseUrl,
      },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'mcpb-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const result = (await client.callTool({ name: 'list_meetings' })) as CallToolResult;
      expect(result.content[0]).toMatchObject({ type: 'text', text: expect.stringContaining('"Weekly sync 1"') });
      // Claude Desktop renders MCP Apps: the extension carries the live view its tool names.
      const { contents } = await client.readResource({ uri: 'ui://realtimekit-mcp/live-view.html' });
      expect(contents[0]).toMatchObject({
        mimeType: 'text/html;profile=mcp-app',
        text: expect.stringContaining('<div id="root">'),
      });
    } finally {
      await client.close();
    }
  });
});
