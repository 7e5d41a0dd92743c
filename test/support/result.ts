// What a tools/call answers, as the tests read it: the SDK types structuredContent as an empty object type.
import type { ContentBlock } from '@modelcontextprotocol/client';

export interface CallToolResult {
  content: ContentBlock[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}
