// What every aios MCP tool is: a name, words for the agent, JSON Schemas for its input and output,
// and a function from what it reads (the validated document, or the usage history) to a result.
import * as v from 'valibot';
import type { UsageData } from '../../../src/contract/usage-data.ts';
import { validateWith } from '../../../src/contract/checks.ts';
import type { HistoryView } from '../history/history-output.ts';

/** A JSON Schema object, as MCP lists it in `tools/list`. */
export type JsonSchema = { [key: string]: unknown };

/** A tool's answer: a JSON object for the agent, or a message saying why there is none. */
export type ToolOutcome = { ok: true; result: Record<string, unknown> } | { ok: false; message: string };

interface ToolListing {
  name: string;
  title: string;
  description: string;
  /** Advertised to the client (JSON Schema); `parseInput` is what is enforced. */
  inputSchema: JsonSchema & { type: 'object' };
  outputSchema: JsonSchema & { type: 'object' };
}

/** A tool answering from the usage document. */
export interface DocumentTool extends ToolListing {
  reads: 'document';
  /** The document's answer to `args` at `now`. Pure. */
  run(doc: UsageData, args: unknown, now: Date): ToolOutcome;
}

/** What the usage history holds for a span: whether aios keeps one at all, and its windows and hits. */
export interface UsageHistoryFacts {
  /** `missing`: no history file in the data dir yet; `present`: read (possibly with nothing in the span). */
  store: 'missing' | 'present';
  view: HistoryView;
}

/** Reads the usage history of the last `days` days at `now`; rejects when it cannot be read at all. */
export type HistorySource = (days: number, now: Date) => Promise<UsageHistoryFacts>;

/** A tool answering from the usage history (aios's own records, not the document). */
export interface HistoryTool extends ToolListing {
  reads: 'history';
  run(history: HistorySource, args: unknown, now: Date): Promise<ToolOutcome>;
}

export type AiosTool = DocumentTool | HistoryTool;

/**
 * Validate a tool's arguments with a valibot schema; a missing argument object reads as `{}`.
 *
 * @example const input = parseArgs(v.object({ days: v.optional(v.number(), 7) }), args);
 */
export function parseArgs<S extends v.GenericSchema>(
  schema: S,
  args: unknown,
): { ok: true; value: v.InferOutput<S> } | { ok: false; message: string } {
  const checked = validateWith(schema, args ?? {});
  return checked.ok
    ? { ok: true, value: checked.value }
    : { ok: false, message: `invalid arguments: ${checked.errors.map(withoutRoot).join('; ')}` };
}

/** "$.days: ..." reads "days: ..."; a problem with the whole object ("$: ...") loses the "$: ". */
function withoutRoot(error: string): string {
  return error.startsWith('$: ') ? error.slice(3) : error.replace(/^\$\./, '');
}

/**
 * The one argument of the period tools, `days`: a whole number from 1 to `max`, `fallback` when
 * absent. `listed` is what `tools/list` advertises, `schema` what `parseArgs` enforces: one source for both.
 *
 * @example const DAYS = daysArgument(90, 7, 'how many days back from now'); parseArgs(DAYS.schema, args);
 */
export function daysArgument(max: number, fallback: number, description: string) {
  return {
    listed: {
      type: 'object',
      properties: { days: { type: 'integer', minimum: 1, maximum: max, default: fallback, description } },
      additionalProperties: false,
    } satisfies ToolListing['inputSchema'],
    schema: v.object({ days: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(max)), fallback) }),
  };
}

/** The usage history's answer when there is none: no store, nothing in the `days` before `at`. */
export function missingHistory(days: number, at: Date): UsageHistoryFacts {
  return {
    store: 'missing',
    view: { generatedAt: at.getTime(), since: at.getTime() - days * 86_400_000, windows: [], hits: [] },
  };
}

// ---- JSON Schema shorthand for the outputs ------------------------------------------------------

export const STRING = { type: 'string' } as const;
export const NUMBER = { type: 'number' } as const;
export const INTEGER = { type: 'integer' } as const;
export const BOOLEAN = { type: 'boolean' } as const;

/** `schema` or null. */
export function nullable(schema: JsonSchema): JsonSchema {
  return { anyOf: [schema, { type: 'null' }] };
}

/** An object with exactly these properties, all required (nullable ones say so themselves). */
export function object(properties: Record<string, JsonSchema>, description?: string): JsonSchema & { type: 'object' } {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties,
    required: Object.keys(properties),
    additionalProperties: false,
  };
}

export function array(items: JsonSchema, description?: string): JsonSchema {
  return { type: 'array', ...(description ? { description } : {}), items };
}

/** `schema` with a description for the agent. */
export function described(schema: JsonSchema, description: string): JsonSchema {
  return { ...schema, description };
}
