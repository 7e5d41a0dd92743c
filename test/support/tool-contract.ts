// What every tool owes its clients, as checks that return the problems they find (none when the tool is
// sound). tools.test.ts runs each on every registered tool; adding-a-tool.test.ts shows that they run on a
// new tool without naming it, and that each one finds what it is for.
import type { Tool } from '@modelcontextprotocol/client';
import { describeTools } from '../../src/server/server.js';
import type { ToolDefinition } from '../../src/tools/tool.js';

/** Some clients cut descriptions here (Sentry's MCP server holds its tools to the same limit). */
export const MAX_DESCRIPTION = 2048;
/** Shorter than this, a description cannot say what the tool returns and when to use it. */
export const MIN_DESCRIPTION = 200;

/** Keywords some clients reject or mishandle in tool input schemas. */
const UNPORTABLE = new Set(['anyOf', 'oneOf', 'allOf', 'not', '$ref', '$defs', 'definitions', 'format', 'pattern']);

export function unportableKeywords(schema: unknown, path = '$'): string[] {
  if (Array.isArray(schema)) return schema.flatMap((item, i) => unportableKeywords(item, `${path}[${i}]`));
  if (!schema || typeof schema !== 'object') return [];
  return Object.entries(schema).flatMap(([key, value]) => {
    // Property names are data, not keywords: a property may be called "format".
    if (key === 'properties' && value && typeof value === 'object') {
      return Object.entries(value).flatMap(([name, child]) => unportableKeywords(child, `${path}.properties.${name}`));
    }
    const here = UNPORTABLE.has(key) ? [`${path}.${key}`] : [];
    return [...here, ...unportableKeywords(value, `${path}.${key}`)];
  });
}

type Check = (tool: ToolDefinition, listed: Tool) => string[];

const problem = (ok: boolean, text: string) => (ok ? [] : [text]);

/** Each check by what it promises: the name a test reports, and the function that finds the problems. */
export const TOOL_CONTRACT: ReadonlyArray<readonly [string, Check]> = [
  [
    'is annotated as a read-only, idempotent call to an outside API, with a title',
    (_tool, listed) => {
      const expected = {
        title: listed.title,
        readOnlyHint: true,
        destructiveHint: false,
        idempotentHint: true,
        openWorldHint: true,
      };
      return [
        ...problem(Boolean(listed.title), 'no title'),
        ...problem(
          JSON.stringify(listed.annotations) === JSON.stringify(expected),
          `annotations ${JSON.stringify(listed.annotations)}`,
        ),
      ];
    },
  ],
  [
    `has a description of ${MIN_DESCRIPTION} to ${MAX_DESCRIPTION} characters`,
    (_tool, listed) => {
      const length = listed.description?.length ?? 0;
      return problem(length >= MIN_DESCRIPTION && length <= MAX_DESCRIPTION, `description of ${length} characters`);
    },
  ],
  [
    'describes every input property',
    (_tool, listed) =>
      Object.entries(listed.inputSchema.properties ?? {})
        .filter(([, schema]) => !(schema as { description?: string }).description)
        .map(([property]) => `${property} has no description`),
  ],
  [
    'takes app_id, optional, like every tool',
    (_tool, listed) => [
      ...problem(listed.inputSchema.properties?.app_id !== undefined, 'no app_id'),
      ...problem(!listed.inputSchema.required?.includes('app_id'), 'app_id is required'),
    ],
  ],
  ['keeps its input schema portable', (_tool, listed) => unportableKeywords(listed.inputSchema)],
  [
    'answers with a summary sentence and notes, as every client may show only its structured answer',
    (_tool, listed) => {
      const { properties = {}, required = [] } = (listed.outputSchema ?? {}) as {
        properties?: Record<string, { type?: string; items?: { type?: string } }>;
        required?: string[];
      };
      return [
        ...problem(properties.summary?.type === 'string' && required.includes('summary'), 'no required summary'),
        ...problem(
          properties.notes?.type === 'array' && properties.notes.items?.type === 'string' && required.includes('notes'),
          'no required notes (an array of strings)',
        ),
      ];
    },
  ],
  [
    'answers with the same fields every time, as a program relies on (a field with nothing to say is null)',
    (_tool, listed) => {
      const { properties = {}, required = [] } = (listed.outputSchema ?? {}) as {
        properties?: Record<string, unknown>;
        required?: string[];
      };
      return Object.keys(properties)
        .filter((name) => !required.includes(name))
        .map((name) => `${name} is optional`);
    },
  ],
  [
    'keeps its output schema free of references and combinators',
    (_tool, listed) => unportableKeywords(listed.outputSchema).filter((path) => !/\.(format|pattern)$/.test(path)),
  ],
  [
    'says what it does in a few words after its name, and what a call is doing',
    (tool) => [
      ...problem(
        /^[a-z][^.]{9,99}$/.test(tool.summary),
        `summary ${JSON.stringify(tool.summary)}: 10-100 characters, lower case, no full stop ("${tool.name} finds …")`,
      ),
      ...problem(
        /^[a-z]+ing [a-z]/.test(tool.action),
        `action ${JSON.stringify(tool.action)}: like "listing meetings"`,
      ),
    ],
  ],
];

/** Every problem the contract finds in `tool`, each prefixed with what it breaks. */
export function contractProblems(tool: ToolDefinition): string[] {
  const [listed] = describeTools([tool]);
  if (!listed) return ['not listed'];
  return TOOL_CONTRACT.flatMap(([promise, check]) => check(tool, listed).map((found) => `${promise}: ${found}`));
}
