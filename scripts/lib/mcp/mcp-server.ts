// The aios MCP server on the official SDK: three read-only usage tools, each answering from the
// validated usage document or the usage history, redacted, as JSON text and as structured content.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import type { UsageData } from '../../../src/contract/usage-data.ts';
import { DocumentUnavailableError } from '../serve/served-document.ts';
import { redact, redactError } from '../support/redaction.ts';
import { historyTool } from './history-tool.ts';
import { limitsTool } from './limits-tool.ts';
import { summaryTool } from './summary-tool.ts';
import { missingHistory, type AiosTool, type HistorySource, type ToolOutcome } from './tool.ts';

export const AIOS_TOOLS: readonly AiosTool[] = [limitsTool, summaryTool, historyTool];

const INSTRUCTIONS =
  "aios reads the user's Claude Code usage on this machine: get_usage_limits for the 5-hour and weekly " +
  'limits now (Live or Estimate, with the basis), get_usage_summary for cost and tokens by day, ' +
  'get_usage_history for past 5-hour windows and weeks with their peaks and limit hits. Percentages marked ' +
  'Estimate are not Anthropic numbers.';

export interface AiosMcpOptions {
  /** The validated usage document; rejects with DocumentUnavailableError when it cannot be built. */
  document: () => Promise<UsageData>;
  /** The usage history (history-source.ts); without it get_usage_history says there is none. */
  history?: HistorySource;
  now?: () => Date;
  /** aios's version, sent to the client on initialize. */
  version: string;
  /** Receives a line per failed call (already redacted); stdout is the protocol, so never print. */
  log?: (line: string) => void;
}

function toolError(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: redact(message) }] };
}

/** What `tools/list` shows for a tool: read-only, asking nothing of the outside world. */
function listing(tool: AiosTool): Tool {
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: tool.inputSchema,
    outputSchema: tool.outputSchema,
    annotations: { title: tool.title, readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  };
}

/**
 * An MCP server (not yet connected) with the aios tools. Invalid arguments and a document that cannot
 * be built are tool errors (`isError`), which the agent can read and act on; an unknown tool name is
 * a protocol error.
 *
 * @example const server = createAiosMcpServer({ document: () => cache.get(), version: '0.1.0' });
 *          await server.connect(new StdioServerTransport());
 */
export function createAiosMcpServer(opts: AiosMcpOptions): Server {
  const now = opts.now ?? (() => new Date());
  const history: HistorySource = opts.history ?? (async (days, at) => missingHistory(days, at));
  const server = new Server(
    { name: 'aios', version: opts.version },
    { capabilities: { tools: {} }, instructions: INSTRUCTIONS },
  );
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: AIOS_TOOLS.map(listing) }));
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const { name, arguments: args } = request.params;
    const tool = AIOS_TOOLS.find((t) => t.name === name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `unknown tool: ${name.slice(0, 64)}`);
    let outcome: ToolOutcome;
    if (tool.reads === 'history') {
      try {
        outcome = await tool.run(history, args, now());
      } catch (error) {
        // The store's own faults are answered inside it (an empty history); this is anything else.
        opts.log?.(`${name} failed: unexpected: ${redactError(error)}`);
        return toolError('the usage history could not be read');
      }
    } else {
      let doc: UsageData;
      try {
        doc = await opts.document();
      } catch (error) {
        const message = error instanceof DocumentUnavailableError ? error.message : `unexpected: ${redactError(error)}`;
        opts.log?.(`${name} failed: ${redact(message)}`);
        return toolError(error instanceof DocumentUnavailableError ? message : 'the usage document could not be built');
      }
      outcome = tool.run(doc, args, now());
    }
    if (!outcome.ok) return toolError(outcome.message);
    // Redacted as text, then parsed back: the structured copy is exactly the text the agent reads.
    const text = redact(JSON.stringify(outcome.result));
    return { content: [{ type: 'text', text }], structuredContent: JSON.parse(text) as Record<string, unknown> };
  });
  return server;
}
