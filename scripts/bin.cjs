#!/usr/bin/env node
// The realtimekit-mcp command. It runs the bundled server (server.cjs) with V8's compiled code for it
// (server.cjs.cache, made by `npm run build` from a real session), so a client that spawns the server pays
// neither parsing nor compiling. Node refuses a cache made by another Node or V8 build and compiles as usual.
'use strict';
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const { Script } = require('node:vm');

const file = join(__dirname, 'server.cjs');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  // No cache: compile as usual.
}
const script = new Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
const server = new Module(file, module);
server.filename = file;
server.paths = module.paths;
script.runInThisContext()(server.exports, (id) => server.require(id), server, file, __dirname);
// The build asks for the compiled script, to write its code cache (scripts/code-cache.cjs).
module.exports = script;
