// Reading a small file whose contents aios does not control (Claude Code's credential and config, a
// token file, its own state in the cache dir): regular files only, never blocking, never past a cap.
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

export type SmallFileRead =
  | { ok: true; bytes: Buffer; stat: Stats }
  | { ok: false; failure: 'missing' | 'unreadable'; error: unknown }
  | { ok: false; failure: 'not-a-file' | 'too-large'; stat: Stats };

/**
 * The bytes of `path` when it is a regular file of at most `maxBytes`. One descriptor, opened
 * non-blocking, is checked and read, so a FIFO or a device put in the file's place is refused at
 * once instead of hanging the read (or whoever waits for it), and the file read is the file
 * checked. A file that grows past the cap while it is read is too large; `stat` is the file as it
 * was opened, so a caller can tell that it grew. Never throws.
 *
 * With `noFollow`, a symlink in the file's place is refused too (unreadable): for aios's own files,
 * where a link is never ours and the next write replaces it.
 *
 * @example const read = readSmallFile(path, 1 << 20); if (read.ok) JSON.parse(read.bytes.toString('utf8'));
 */
export function readSmallFile(path: string, maxBytes: number, opts: { noFollow?: boolean } = {}): SmallFileRead {
  let fd: number;
  try {
    const noFollow = opts.noFollow ? (constants.O_NOFOLLOW ?? 0) : 0;
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | noFollow);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { ok: false, failure: code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'unreadable', error };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, failure: 'not-a-file', stat };
    if (stat.size > maxBytes) return { ok: false, failure: 'too-large', stat };
    // One byte more than the size: a file that did not change is read to its end in one pass.
    let buf = Buffer.allocUnsafe(stat.size + 1);
    let size = 0;
    for (;;) {
      if (size === buf.length) {
        if (size > maxBytes) return { ok: false, failure: 'too-large', stat };
        const bigger = Buffer.allocUnsafe(Math.min(2 * buf.length, maxBytes + 1));
        buf.copy(bigger, 0, 0, size);
        buf = bigger;
      }
      const n = readSync(fd, buf, size, buf.length - size, size);
      if (n === 0) break;
      size += n;
    }
    return { ok: true, bytes: buf.subarray(0, size), stat };
  } catch (error) {
    return { ok: false, failure: 'unreadable', error };
  } finally {
    closeSync(fd);
  }
}
