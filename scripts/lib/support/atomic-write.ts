// Atomic file writes: write a temp file beside the target, rename it over the target. A reader
// never sees half a file, and the previous file survives any failure before the rename.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** Permission bits of a new file (default 0o644). */
  mode?: number;
  /**
   * Flush the data to disk before the rename (default true), so a power loss leaves the old file
   * or the new one, never an empty one. A rebuildable cache file whose checksum rejects a damaged
   * copy skips it: the flush is the slowest part of a small write.
   */
  fsync?: boolean;
}

let written = 0;

/**
 * Write `contents` to `path` atomically (same-directory temp file + rename), creating missing
 * parent folders. Throws on failure, after removing the temp file.
 * @example writeFileAtomic(join(cacheDir, 'memo.bin'), bytes, { mode: 0o600, fsync: false })
 */
export function writeFileAtomic(path: string, contents: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  // Process id, time and a counter: two writers (or two writes in one millisecond) never share one.
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.${written++}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', options.mode ?? 0o644);
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    let off = 0;
    while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
    if (options.fsync ?? true) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // the temp file may never have been created
    }
    throw error;
  }
}
