import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { NAME, VERSION } from '../src/version.js';

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
