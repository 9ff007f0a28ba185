// Reads the statusline's stdin to its end, bounded in bytes and in time: a terminal is not read at
// all, a writer that never closes the pipe costs at most the deadline, a flood past the cap is dropped.
import { fstatSync } from 'node:fs';

export interface StdinRead {
  bytes: Uint8Array;
  /** False when the read stopped early (past the cap or the deadline): the bytes are not the whole input. */
  complete: boolean;
}

/** Claude Code writes a few KB; 16 MiB is far past any real input and still harmless to hold. */
export const MAX_STDIN_BYTES = 16 << 20;
/** Claude Code closes the pipe right after writing; a writer that does not is not waited for long. */
export const STDIN_DEADLINE_MS = 1000;

const EMPTY: StdinRead = { bytes: new Uint8Array(0), complete: true };

/**
 * Stdin as a stream, or null when it is a terminal (someone trying the command by hand) or another
 * character device such as /dev/null: nothing to wait for there. (node:tty's isatty would say the
 * same for a terminal, but loading node:tty costs more than the rest of the command.)
 */
function stdinStream(): ReadableStream<Uint8Array> | null {
  try {
    return fstatSync(0).isCharacterDevice() ? null : Bun.stdin.stream();
  } catch {
    return null;
  }
}

/**
 * Read `stream` (default: stdin) until it ends, `maxBytes` pass, or `deadlineMs` elapse. Never
 * throws; the stream is cancelled when the read stops early.
 */
export async function readStdinBounded(
  stream: ReadableStream<Uint8Array> | null = stdinStream(),
  maxBytes = MAX_STDIN_BYTES,
  deadlineMs = STDIN_DEADLINE_MS,
): Promise<StdinRead> {
  if (stream === null) return EMPTY;
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), deadlineMs)));
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), deadline]);
      if (next === 'late') return { bytes: Buffer.concat(chunks), complete: false };
      if (next.done) return { bytes: Buffer.concat(chunks), complete: true };
      size += next.value.byteLength;
      if (size > maxBytes) return { bytes: new Uint8Array(0), complete: false };
      chunks.push(next.value);
    }
  } catch {
    return { bytes: Buffer.concat(chunks), complete: false };
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => undefined);
  }
}
