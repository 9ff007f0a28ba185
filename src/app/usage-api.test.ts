// The page's loader against a real loopback server: GET and POST, validation errors with their
// paths, HTTP, parse and network failures, and the timeout.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createUsageApi, describeLoadError, parseUsageDocument, UsageLoadError } from './usage-api.ts';
import { makeSampleUsageData } from '../../test/fixtures/sample-data.ts';

// A real loopback server whose answer each test sets; records what the page asked for.
let reply: () => Response | Promise<Response> = () => new Response('unset', { status: 500 });
const seen: string[] = [];
let server: ReturnType<typeof Bun.serve>;
let baseUrl = '';

beforeAll(() => {
  server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(req) {
      seen.push(`${req.method} ${new URL(req.url).pathname}`);
      return reply();
    },
  });
  baseUrl = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.stop(true));

async function loadError(promise: Promise<unknown>): Promise<UsageLoadError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UsageLoadError) return error;
    throw error;
  }
  throw new Error('expected the load to fail');
}

describe('createUsageApi against a loopback server', () => {
  test('GETs /api/aggregate and returns the validated document', async () => {
    const doc = makeSampleUsageData();
    reply = () => Response.json(doc);
    seen.length = 0;
    const data = await createUsageApi({ baseUrl }).load();
    expect(seen).toEqual(['GET /api/aggregate']);
    expect(data.claudeWindow.pct).toBe(42);
    expect(data).toEqual(doc);
  });

  test('POSTs /api/refresh for the Refresh button', async () => {
    reply = () => Response.json(makeSampleUsageData({ demo: true }));
    seen.length = 0;
    const data = await createUsageApi({ baseUrl }).refresh();
    expect(seen).toEqual(['POST /api/refresh']);
    expect(data.demo).toBe(true);
  });

  test('rejects a document that fails validation, with the validator paths', async () => {
    const broken = {
      ...makeSampleUsageData(),
      claudeWindow: { ...makeSampleUsageData().claudeWindow, source: 'guess' },
    };
    reply = () => Response.json(broken);
    const error = await loadError(createUsageApi({ baseUrl }).load());
    expect(error.kind).toBe('invalid');
    expect(error.details.some((line) => line.startsWith('$.claudeWindow.source'))).toBe(true);
  });

  test('reports an HTTP error with the status and the server message', async () => {
    reply = () => Response.json({ error: 'scan failed' }, { status: 500 });
    const error = await loadError(createUsageApi({ baseUrl }).refresh());
    expect(error.kind).toBe('http');
    expect(error.status).toBe(500);
    expect(describeLoadError(error)).toBe('the aios server answered 500: scan failed');
  });

  test('reports a non-JSON body as a parse error', async () => {
    reply = () => new Response('<html>proxy page</html>', { status: 200 });
    expect((await loadError(createUsageApi({ baseUrl }).load())).kind).toBe('parse');
  });

  test('gives up on a server that never answers, with a timeout message', async () => {
    // The handler holds its answer until the test is over: the page must not wait for it.
    let release: () => void = () => {};
    reply = () => new Promise((resolve) => (release = () => resolve(new Response('late'))));
    const error = await loadError(createUsageApi({ baseUrl, timeoutMs: 200 }).refresh());
    release();
    expect(error.kind).toBe('network');
    expect(error.message).toBe('the aios server did not answer within 200 ms');
  });

  test('reports an unreachable server as a network error', async () => {
    const closed = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: () => new Response('') });
    const url = `http://127.0.0.1:${closed.port}`;
    closed.stop(true);
    const error = await loadError(createUsageApi({ baseUrl: url }).load());
    expect(error.kind).toBe('network');
  });
});

describe('parseUsageDocument', () => {
  test('accepts a sample document and refuses one with a wrong schema version', () => {
    const doc = makeSampleUsageData();
    expect(parseUsageDocument(JSON.stringify(doc)).generatedAt).toBe(doc.generatedAt);
    const error = (() => {
      try {
        parseUsageDocument(JSON.stringify({ ...doc, schemaVersion: 99 }));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsageLoadError);
    expect((error as UsageLoadError).details[0]).toStartWith('$.schemaVersion');
  });
});
