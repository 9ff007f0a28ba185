// The capped stream reader: whole streams under the cap, null past it (and the source abandoned),
// and a deadline that ends a trickling read.
import { describe, expect, test } from 'bun:test';
import { readCapped } from './read-capped.ts';

const bytes = (...sizes: number[]) => sizes.map((n) => new Uint8Array(n).fill(120));

/** A stream of `chunks` that records whether its reader cancelled it. */
function source(chunks: Uint8Array[]) {
  const state = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks.shift();
      if (next) c.enqueue(next);
      else c.close();
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('readCapped', () => {
  test('returns every byte of a stream up to the cap, the cap included', async () => {
    const { stream } = source(bytes(400, 600));
    const out = await readCapped(stream, 1000);
    expect(out?.byteLength).toBe(1000);
  });

  test('an empty stream is zero bytes, not null', async () => {
    expect((await readCapped(source([]).stream, 10))?.byteLength).toBe(0);
  });

  test('one byte past the cap is null, and the source is cancelled rather than drained', async () => {
    const { stream, state } = source(bytes(600, 401, 5000));
    expect(await readCapped(stream, 1000)).toBeNull();
    expect(state.cancelled).toBe(true);
  });

  test('a deadline that passes mid-stream rejects the read and cancels the source', async () => {
    const state = { cancelled: false };
    // Never closes: one chunk, then it waits for ever.
    let sent = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (!sent) c.enqueue(new Uint8Array(10));
        sent = true;
        return new Promise<void>(() => {});
      },
      cancel() {
        state.cancelled = true;
      },
    });
    let fire!: (e: Error) => void;
    const deadline = new Promise<never>((_, reject) => (fire = reject));
    const read = readCapped(stream, 1000, deadline);
    fire(new Error('deadline'));
    await expect(read).rejects.toThrow('deadline');
    expect(state.cancelled).toBe(true);
  });
});
