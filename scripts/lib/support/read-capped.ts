// Reads a byte stream whole, but never more than a cap: a helper's stdout, an HTTP body. A stream
// past the cap is abandoned (cancelled) rather than buffered, and an optional deadline is raced.

/**
 * The stream's bytes, or null once they pass `maxBytes`. When `deadline` rejects first, the read
 * rejects with it: a trickling source must not outlive its deadline even if an abort is slow to
 * land. The stream is cancelled when the read ends, whatever the outcome.
 *
 * @example const bytes = await readCapped(res.body, 1 << 20, deadline); // null: too large
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  deadline?: Promise<never>,
): Promise<Uint8Array | null> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await (deadline ? Promise.race([reader.read(), deadline]) : reader.read());
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) return null;
      chunks.push(value);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks);
}
