// The command line, parsed: --http and where it listens, from flags or the platform's HOST and PORT.
import { expect, it } from 'vitest';
import { parseCommandLine } from '../../src/hosts/cli.js';

it('serves stdio unless --http is given', () => {
  expect(parseCommandLine([])).toEqual({ kind: 'serve', demo: false });
  expect(parseCommandLine(['--demo'])).toEqual({ kind: 'serve', demo: true });
});

it('listens on 127.0.0.1:8787 by default; flags win over HOST and PORT, which win over the default', () => {
  expect(parseCommandLine(['--http'])).toEqual({ kind: 'serve', demo: false, http: { host: '127.0.0.1', port: 8787 } });
  expect(parseCommandLine(['--http'], { HOST: '0.0.0.0', PORT: '3000' })).toMatchObject({
    http: { host: '0.0.0.0', port: 3000 },
  });
  expect(parseCommandLine(['--http', '--host', '::1', '--port', '0'], { HOST: '0.0.0.0', PORT: '3000' })).toMatchObject(
    {
      http: { host: '::1', port: 0 },
    },
  );
  expect(parseCommandLine(['--demo', '--http'], { PORT: ' ' })).toMatchObject({ demo: true, http: { port: 8787 } });
});

it.each([
  [['--port', '80'], '--host and --port go with --http'],
  [['--http', '--port', '65536'], 'the port must be a number from 0 to 65535'],
  [['--http', '--port=-1'], 'the port must be a number from 0 to 65535'],
  [['--http', '--host', 'a b'], 'the host must be a name or an IP address'],
])('refuses %j', (argv, reason) => {
  const command = parseCommandLine(argv);
  expect(command.kind).toBe('usage-error');
  expect(command.kind === 'usage-error' && command.text).toContain(reason);
});

it('refuses a PORT that is not a port, naming it', () => {
  const command = parseCommandLine(['--http'], { PORT: 'http' });
  expect(command.kind === 'usage-error' && command.text).toContain('not "http"');
});
