// Reading the statusline's stdin: to its end, but never past the byte cap or the deadline.
import { describe, expect, test } from 'bun:test';
import { readStdinBounded } from './stdin.ts';

function streamOf(chunks: Uint8Array[], close = true): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const c of chunks) controller.enqueue(c);
      if (close) controller.close();
    },
  });
}

const bytes = (text: string) => new TextEncoder().encode(text);

describe('readStdinBounded', () => {
  test('reads every chunk to the end', async () => {
    const r = await readStdinBounded(streamOf([bytes('{"a":'), bytes('1}')]));
    expect(r.complete).toBe(true);
    expect(new TextDecoder().decode(r.bytes)).toBe('{"a":1}');
  });

  test('past the cap it stops, keeps nothing, and says the input was not whole', async () => {
    const r = await readStdinBounded(streamOf([new Uint8Array(600), new Uint8Array(600)]), 1000);
    expect(r).toEqual({ bytes: new Uint8Array(0), complete: false });
  });

  test('a writer that never closes the pipe costs the deadline, not forever', async () => {
    const started = performance.now();
    const r = await readStdinBounded(streamOf([bytes('{"partial"')], false), 1000, 50);
    expect(r.complete).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  test('no stream (a terminal): empty and whole', async () => {
    expect(await readStdinBounded(null)).toEqual({ bytes: new Uint8Array(0), complete: true });
  });
});
