// Atomic file writes: write a temp file beside the target, fsync, rename over it. The previous file
// survives any failure before the rename.
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Write `contents` to `path` atomically (same-directory temp file + rename). Throws on failure. */
export function writeFileAtomic(path: string, contents: string | Uint8Array, mode = 0o644): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', mode);
    const bytes = typeof contents === 'string' ? Buffer.from(contents, 'utf8') : contents;
    let off = 0;
    while (off < bytes.byteLength) off += writeSync(fd, bytes, off, bytes.byteLength - off);
    fsyncSync(fd);
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
