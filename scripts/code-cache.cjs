// Used by the build: runs the command given (dist/index.cjs, with the arguments after it) and, when the
// session ends, writes the V8 code cache of the script it compiled to server.cjs.cache beside it.
'use strict';
const { writeFileSync } = require('node:fs');
const { dirname, join, resolve } = require('node:path');

const [command, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], resolve(command), ...args];
const script = require(resolve(command));
process.on('exit', () => writeFileSync(join(dirname(resolve(command)), 'server.cjs.cache'), script.createCachedData()));
