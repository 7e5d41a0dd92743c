// What a tool is: its contract with the model (name, description, schemas, annotations) and a handler that
// turns checked arguments into an answer, or throws. src/server/call.ts runs a call: it checks the arguments,
// resolves the app, hands the handler a ready API client, and puts any failure into words.
import type { ToolAnnotations } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { RealtimeKitApi, RequestOptions } from '../api/client.js';
import type { Field } from '../summaries/fields.js';
import type { appIdArgument } from './args.js';
import type { Audience } from './failures.js';

/** What a model reads: the structured result, and the same facts as text. */
export interface ToolAnswer<Structured> {
  structured: Structured;
  text: string;
}

export interface ToolContext {
  /** The RealtimeKit API, with the server's credentials. */
  api: RealtimeKitApi;
  /** The app this call reads: its app_id argument, or the server's REALTIMEKIT_APP_ID. */
  appId: string;
  /** Pass to every API request: the client's cancellation, the call's deadline, and retry logging. */
  request: RequestOptions;
  /** The operator set REALTIMEKIT_MCP_REVEAL_STREAM_KEYS=1. */
  revealStreamKeys: boolean;
  /** Who acts on a note's advice: the operator (stdio) or a caller over HTTP (src/tools/failures.ts). */
  audience: Audience;
  /** Tells the client how far a long call has got; does nothing unless it asked (a progress token). */
  progress(done: number, total: number, message: string): void;
  /** The time (epoch ms) on the call's clock: with request.deadlineAt, how much of the call is left. */
  now(): number;
}

/** Every tool reads one RealtimeKit app, so every input takes `app_id` (defaulting to REALTIMEKIT_APP_ID). */
export type AppScopedInput = z.ZodObject<{ app_id: typeof appIdArgument }>;

export interface ToolDefinition<
  Input extends AppScopedInput = AppScopedInput,
  Output extends z.ZodObject = z.ZodObject,
> {
  name: string;
  title: string;
  /**
   * What the tool does, as words that follow its name: "list_meetings finds …". --help, the server's
   * instructions and the extension manifest list the tools with it.
   */
  summary: string;
  /** What a call is doing, for the words of a failure: "… while listing meetings". */
  action: string;
  /** How a call that met a limit asks for less, in its own arguments: "search, a time range, a smaller per_page". */
  narrow: string;
  /** What a failure adds when the API says 404, after its general words: how to find the id this tool takes. */
  notFound?: string;
  /** Arguments a call can be made with: a tool with required arguments gives them, for the generic checks. */
  example?: z.input<Input>;
  description: string;
  /** Checked before the handler runs; cross-argument rules are refinements, so they read the same. */
  inputSchema: Input;
  /** What structuredContent holds. Results are parsed with it, so only declared fields reach a client. */
  outputSchema: Output;
  annotations: ToolAnnotations;
  /**
   * Its results render in the live view (src/server/live-view.ts) in MCP Apps hosts, where the server offers it; the
   * view reads the structured answer, so the tool's text and structured output stay as they are.
   */
  liveView?: boolean;
  /** Throws what goes wrong (an ApiError from the API client); src/tools/failures.ts has the words for it. */
  handler(args: z.output<Input>, context: ToolContext): Promise<ToolAnswer<z.input<Output>>>;
}

/**
 * The output schema of an answer, as every tool gives one, and the contract a program relies on: every field
 * in every answer, in this order. A `summary` sentence and `notes` (the text's other sentences, but for what
 * the rows already say), then the tool's own `fields` (numbers for paging), then the rows: `columns` names
 * each row's cells once, and each row holds one value per field of `cells` (src/summaries/fields.ts), then
 * one per field of `more` when an argument asks for them. Clients such as Claude Code show a model only this
 * (README: What a model reads).
 */
export function answerSchema<
  Rows extends string,
  Fields extends z.ZodRawShape,
  AlsoColumns extends string = never,
  AlsoRows extends string = never,
>(
  rows: Rows,
  about: { summary: string; notes: string; rows: string },
  fields: Fields,
  cells: readonly Field[],
  more: readonly Field[] = [],
  also?: { columns: AlsoColumns; rows: AlsoRows; about: string; cells: readonly Field[] },
) {
  const row = tupleOf(cells, more);
  const named =
    more.length > 0 ? `${cells.length} or, with ${more.length} more, ${cells.length + more.length}` : cells.length;
  const table = { [rows]: z.array(row).describe(about.rows) } as Record<Rows, z.ZodArray<typeof row>>;
  // A second table, after the first: its own columns, named once, and its rows.
  const second = also
    ? {
        [also.columns]: z.array(z.string()).describe(`The names of the cells of each row of ${also.rows}, in order.`),
        [also.rows]: z.array(tupleOf(also.cells, [])).describe(also.about),
      }
    : {};
  return z.object({
    summary: z.string().describe(about.summary),
    notes: z.array(z.string()).describe(about.notes),
    ...fields,
    columns: z.array(z.string()).describe(`The names of the ${named} cells of each row, in order.`),
    ...table,
    ...(second as { [K in AlsoColumns]: z.ZodArray<z.ZodString> } & { [K in AlsoRows]: z.ZodArray<typeof row> }),
  });
}

type Cells = Array<string | number | boolean | null>;

/**
 * A row: a cell per field of `cells`, then one per field of `more` that an argument adds. Typed loosely here:
 * the summaries type each row by its fields' names and kinds (rowOf), and every answer is parsed with this
 * schema before it is sent.
 */
function tupleOf(cells: readonly Field[], more: readonly Field[]): z.ZodType<Cells, Cells> {
  return z.tuple([...cells.map(cellSchema), ...more.map((field) => cellSchema(field).optional())] as unknown as [
    z.ZodType,
  ]) as unknown as z.ZodType<Cells, Cells>;
}

function cellSchema(field: Field): z.ZodType {
  const meta = { title: field.name, description: field.about };
  switch (field.kind) {
    case 'string':
      return z.string().meta(meta);
    case 'boolean or null':
      return z.boolean().nullable().meta(meta);
    case 'number or null':
      return z.number().nullable().meta(meta);
    default:
      return z.string().nullable().meta(meta);
  }
}

export function defineTool<Input extends AppScopedInput, Output extends z.ZodObject>(
  tool: ToolDefinition<Input, Output>,
): ToolDefinition<Input, Output> {
  return tool;
}

/** The tools only read: saying so lets clients run them without asking. Titles are added from `title`. */
export const READ_ONLY_API_TOOL: ToolAnnotations = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
};
