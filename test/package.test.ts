import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { NAME, VERSION } from '../src/lib/version.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

it('reports the name and version package.json declares', () => {
  expect({ NAME, VERSION }).toEqual({ NAME: pkg.name, VERSION: pkg.version });
});

it('installs a realtimekit-mcp bin that is the built entry point, for Node 20 and later', () => {
  expect(pkg.bin).toEqual({ 'realtimekit-mcp': 'dist/index.cjs' });
  expect(pkg.engines.node).toBe('>=20');
  expect(pkg.type).toBe('module');
  expect(readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(
    true,
  );
});

it('pins every dependency to an exact version', () => {
  for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
    expect(range, name).toMatch(/^\d+\.\d+\.\d+$/);
  }
});

it('ships a code cache that Node accepts for the bundle it ships', () => {
  // What dist/index.cjs does at every start, in a plain node (V8 refuses a cache made under other flags, such
  // as the test runner's); a refused cache means a slower start, not a failure.
  const file = fileURLToPath(new URL('../dist/server.cjs', import.meta.url));
  const check = `
    const { readFileSync } = require('node:fs');
    const { Script } = require('node:vm');
    const file = ${JSON.stringify(file)};
    const script = new Script(require('node:module').wrap(readFileSync(file, 'utf8')), { filename: file, cachedData: readFileSync(file + '.cache') });
    process.stdout.write(String(script.cachedDataRejected));`;
  expect(execFileSync(process.execPath, ['-e', check], { env: { PATH: process.env.PATH }, encoding: 'utf8' })).toBe(
    'false',
  );
});
