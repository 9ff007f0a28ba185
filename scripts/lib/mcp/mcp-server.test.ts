// The MCP server through the SDK's own client (in memory): the tools it lists, answers as JSON text
// equal to the structured content, redaction, and tool errors for bad arguments or no document.
import { afterEach, describe, expect, test } from 'bun:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { UsageData } from '../../../src/contract/usage-data.ts';
import { makeSampleUsageData, SAMPLE_NOW, sampleUsage } from '../../../test/fixtures/sample-data.ts';
import { DocumentUnavailableError } from '../serve/served-document.ts';
import { registerSecret } from '../support/redaction.ts';
import { createAiosMcpServer } from './mcp-server.ts';
import type { HistorySource } from './tool.ts';

const CANARY = 'FAKE-PLAIN-CANARY-mcp-server-0123456789';
registerSecret(CANARY);

let open: Client | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function connect(
  document: () => Promise<UsageData>,
  log: string[] = [],
  history?: HistorySource,
): Promise<Client> {
  const server = createAiosMcpServer({
    document,
    history,
    version: '9.9.9',
    now: () => new Date(SAMPLE_NOW),
    log: (l) => log.push(l),
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'aios-test', version: '1.0.0' });
  await client.connect(clientSide);
  open = client;
  return client;
}

/** The text of a result's first content block (the compatibility result shape has none). */
const textOf = (result: Record<string, unknown>) => (result.content as { type: string; text: string }[])[0]!.text;

describe('the aios MCP server', () => {
  test('names itself and lists the three read-only tools with input and output schemas', async () => {
    const client = await connect(async () => makeSampleUsageData());
    expect(client.getServerVersion()).toEqual({ name: 'aios', version: '9.9.9' });
    expect(client.getInstructions()).toContain('get_usage_limits');
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(['get_usage_limits', 'get_usage_summary', 'get_usage_history']);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
    }
    expect(tools[1]!.inputSchema.properties).toEqual({
      days: expect.objectContaining({ type: 'integer', minimum: 1, maximum: 90, default: 7 }),
    });
  });

  test('answers each tool as JSON text equal to its structured content (checked by the client against the schema)', async () => {
    const client = await connect(async () => makeSampleUsageData());
    // Listing the tools is what makes the client check each answer against the tool's output schema.
    await client.listTools();
    for (const [name, args] of [
      ['get_usage_limits', {}],
      ['get_usage_summary', { days: 3 }],
      ['get_usage_history', {}],
    ] as const) {
      const result = await client.callTool({ name, arguments: args });
      expect({ name, isError: result.isError ?? false }).toEqual({ name, isError: false });
      expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
    }
    const limits = await client.callTool({ name: 'get_usage_limits', arguments: {} });
    expect(limits.structuredContent).toMatchObject({ source: 'Live', fiveHour: { percent: 42 } });
  });

  test('redacts every answer, in the text and in the structured copy', async () => {
    const today = makeSampleUsageData().dailyBreakdown.at(-1)!;
    const doc = makeSampleUsageData({
      totals: sampleUsage(1_000, 1),
      models: [{ ...sampleUsage(1_000, 1), model: `claude-${CANARY}`, priced: true }],
      // The summary names the models of the period, from the day split.
      dailyBreakdown: [{ ...today, models: [{ ...sampleUsage(1_000, 1), model: `claude-${CANARY}` }] }],
    });
    const client = await connect(async () => doc);
    const result = await client.callTool({ name: 'get_usage_summary', arguments: {} });
    expect(textOf(result)).toContain('claude-[REDACTED]');
    expect(JSON.stringify(result)).not.toContain(CANARY);
  });

  test('bad arguments and a missing document are tool errors the agent can read; an unknown tool is a protocol error', async () => {
    const log: string[] = [];
    let fail: Error | null = null;
    const client = await connect(async () => {
      if (fail) throw fail;
      return makeSampleUsageData();
    }, log);
    const bad = await client.callTool({ name: 'get_usage_summary', arguments: { days: 365 } });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toBe('invalid arguments: days: Invalid value: Expected <=90 but received 365');

    fail = new DocumentUnavailableError(`could not build the usage document: no projects/ near ${CANARY}`);
    const unavailable = await client.callTool({ name: 'get_usage_limits', arguments: {} });
    expect(unavailable.isError).toBe(true);
    expect(textOf(unavailable)).toBe('could not build the usage document: no projects/ near [REDACTED]');

    fail = new Error(`stack detail ${CANARY}`);
    const unexpected = await client.callTool({ name: 'get_usage_summary', arguments: {} });
    expect(textOf(unexpected)).toBe('the usage document could not be built');
    // The history tool does not read the document: it answers whatever became of it.
    const history = await client.callTool({ name: 'get_usage_history', arguments: {} });
    expect(history.isError ?? false).toBe(false);
    expect(history.structuredContent).toMatchObject({ historyAvailable: false, windows: [] });
    expect(log).toEqual([
      'get_usage_limits failed: could not build the usage document: no projects/ near [REDACTED]',
      'get_usage_summary failed: unexpected: stack detail [REDACTED]',
    ]);

    await expect(client.callTool({ name: 'get_everything', arguments: {} })).rejects.toThrow(
      'unknown tool: get_everything',
    );
  });

  test('a usage history that cannot be read at all is a tool error, its cause only in the log', async () => {
    const log: string[] = [];
    const client = await connect(
      async () => makeSampleUsageData(),
      log,
      async () => {
        throw new Error(`disk gone near ${CANARY}`);
      },
    );
    const result = await client.callTool({ name: 'get_usage_history', arguments: { days: 3 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe('the usage history could not be read');
    expect(log).toEqual(['get_usage_history failed: unexpected: disk gone near [REDACTED]']);
  });
});
