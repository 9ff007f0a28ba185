// Per-file DOM for component tests: happy-dom registered for this file only (beforeAll/afterAll),
// never preloaded, because its fetch/Response would replace Bun's for every other test file.
import { GlobalRegistrator } from '@happy-dom/global-registrator';
import { cleanup } from '@testing-library/react';
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

/** Call at the top of a component test file. */
export function useHappyDom(): void {
  beforeAll(() => {
    GlobalRegistrator.register({ url: 'http://127.0.0.1/', width: 1200, height: 900 });
  });
  afterEach(() => cleanup());
  afterAll(async () => {
    await GlobalRegistrator.unregister();
  });
}
