// The live view's HTML under Node: dist/live-view.html, built beside the bundle by scripts/build.mjs. Read the
// first time a host asks for it and kept; a failed read is tried again at the next request.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LiveViewSource } from '../server/live-view.js';

/** `dir` is where the built view lives: the bundle's own directory (dist/) unless a test says otherwise. */
export function liveViewFile(dir: string = __dirname): LiveViewSource {
  let html: Promise<string> | undefined;
  return () => {
    html ??= readFile(join(dir, 'live-view.html'), 'utf8').catch((error: unknown) => {
      html = undefined;
      throw error;
    });
    return html;
  };
}
