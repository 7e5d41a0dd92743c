// Every tool the server registers, in the order clients list them.
import { getActiveLivestreams } from './get-active-livestreams.js';
import { listMeetings } from './list-meetings.js';
import type { ToolDefinition } from './tool.js';

export const tools: ReadonlyArray<ToolDefinition> = [
  listMeetings,
  getActiveLivestreams,
] as ReadonlyArray<ToolDefinition>;
