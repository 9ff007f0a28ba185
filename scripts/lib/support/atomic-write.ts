// Atomic file writes: write a temp file beside the target, rename it over the target. A reader
// never sees half a file, the previous file survives any failure, and only a regular file is replaced.
import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
  mkdirSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
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

/** The target exists and is not a regular file: a rename would replace a device, a FIFO, a folder. */
export class NotARegularFileError extends Error {
  override name = 'NotARegularFileError';
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Why `path` must not be replaced, or null when it may: it is absent, a regular file, or a symlink
 * to one (or to nothing). A rename over `/dev/null` or a FIFO would replace it with a plain file.
 *
 * @example refusalToReplace('/dev/null') // 'it is a character device'
 */
export function refusalToReplace(path: string): string | null {
  let info: Stats;
  try {
    info = lstatSync(path);
  } catch {
    return null; // absent (or unreachable: the write itself will say why)
  }
  if (info.isFile()) return null;
  if (!info.isSymbolicLink()) return `it is ${kindOf(info)}`;
  let target: Stats;
  try {
    target = statSync(path);
  } catch {
    return null; // a dangling link: the rename replaces the link, nothing else
  }
  return target.isFile() ? null : `it is a symlink to ${kindOf(target)}`;
}

/**
 * Write `contents` to `path` atomically (same-directory temp file + rename), creating missing
 * parent folders. Throws on failure, after removing the temp file; throws NotARegularFileError
 * when `path` exists and is not a regular file (checked again just before the rename).
 * @example writeFileAtomic(join(cacheDir, 'memo.bin'), bytes, { mode: 0o600, fsync: false })
 */
export function writeFileAtomic(path: string, contents: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const refused = refusalToReplace(path);
  if (refused) throw new NotARegularFileError(`refusing to write ${path}: ${refused}`);
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
    // Checked once more: the write above may have taken a while.
    const late = refusalToReplace(path);
    if (late) throw new NotARegularFileError(`refusing to write ${path}: ${late}`);
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
