// Runs `aios serve` as a real child process for end-to-end tests: waits for the URL it prints,
// keeps every line it writes (for leak checks), and stops it with a real signal.
import path from 'node:path';

const ROOT = path.resolve(import.meta.dir, '..', '..');

export interface ServeProcess {
  url: string;
  /** Everything the server wrote so far, stdout and stderr together. */
  output(): string;
  /** Send `signal` and resolve with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number>;
}

async function pump(stream: ReadableStream<Uint8Array>, sink: (text: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  for await (const chunk of stream) sink(decoder.decode(chunk, { stream: true }));
}

/**
 * Start `bun scripts/aios.ts serve --port 0 ...args` with exactly `env` and resolve once it prints
 * its URL; reject with its output if it exits first or takes longer than `timeoutMs` (a first
 * start may build the page).
 */
export async function startServeProcess(
  env: Record<string, string>,
  args: string[] = [],
  timeoutMs = 150_000,
): Promise<ServeProcess> {
  const proc = Bun.spawn([process.execPath, path.join(ROOT, 'scripts', 'aios.ts'), 'serve', '--port', '0', ...args], {
    cwd: ROOT,
    env,
    stdin: 'ignore',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  let text = '';
  const append = (t: string) => {
    text += t;
  };
  const pumps = Promise.all([pump(proc.stdout, append), pump(proc.stderr, append)]);
  const deadline = Date.now() + timeoutMs;
  let url: string | null = null;
  while (url === null) {
    url = /aios dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text)?.[1] ?? null;
    if (url) break;
    if (proc.exitCode !== null || Date.now() > deadline) {
      proc.kill();
      throw new Error(`aios serve did not print its URL (exit ${proc.exitCode}):\n${text}`);
    }
    await Bun.sleep(50);
  }
  return {
    url,
    output: () => text,
    async stop(signal = 'SIGTERM') {
      proc.kill(signal);
      const code = await proc.exited;
      await pumps;
      return code;
    },
  };
}
