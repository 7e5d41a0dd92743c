// Every tool the server registers, in the order clients list them. A new tool is one file in this folder
// and one line here; tools/list, --help, the docs, the manifest and every generic test read this list.
import { getActiveLivestreams } from './get-active-livestreams.js';
import { listMeetings } from './list-meetings.js';
import type { ToolDefinition } from './tool.js';

export const tools: ReadonlyArray<ToolDefinition> = [
  listMeetings,
  getActiveLivestreams,
] as ReadonlyArray<ToolDefinition>;
