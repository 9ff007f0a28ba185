// Per-file DOM for component tests: happy-dom registered for this file only (beforeAll/afterAll),
// never preloaded, because its fetch/Response would replace Bun's for every other test file.
import { GlobalRegistrator } from '@happy-dom/global-registrator';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll } from 'bun:test';

const bunFetch = globalThis.fetch.bind(globalThis);

/**
 * Bun's own fetch, captured before happy-dom replaces it, for tests that talk to a real server.
 * The signal is dropped: under happy-dom, AbortSignal is happy-dom's, which Bun's fetch rejects
 * (the loader's timeout is tested without happy-dom, in load-usage-data.test.ts).
 */
export const nativeFetch = ((input: RequestInfo | URL, init?: RequestInit) =>
  bunFetch(input, { ...init, signal: undefined })) as typeof fetch;

/** Bun's own Response, for loopback servers in tests (happy-dom's is not one Bun.serve accepts). */
export const NativeResponse: typeof Response = globalThis.Response;

/**
 * findBy and waitFor give up after 1 s by default: too tight for a render plus a loopback fetch on a
 * loaded 2-core machine. A longer limit only delays a real failure; a passing test is no slower.
 */
const ASYNC_UTIL_TIMEOUT_MS = 10_000;

/** Call at the top of a component test file. */
export function useHappyDom(): void {
  beforeAll(() => {
    configure({ asyncUtilTimeout: ASYNC_UTIL_TIMEOUT_MS });
    GlobalRegistrator.register({ url: 'http://127.0.0.1/', width: 1200, height: 900 });
  });
  afterEach(() => cleanup());
  afterAll(async () => {
    await GlobalRegistrator.unregister();
  });
}
