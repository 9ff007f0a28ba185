// The last scan's final result for a set of config dirs, as one file beside the scan cache: when
// the log tree is exactly as it was (same signature), a warm run reads this instead of merging.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../support/atomic-write.ts';
import { join } from 'node:path';
import { errorMessage } from '../../support/errors.ts';
import { log } from '../../support/log.ts';
import { SNAPSHOT_PREFIX } from './store.ts';
import { decodePart, encodePart, type PartData } from './codec.ts';

// Layout: u32 magic | u32 signature length | signature (utf8) | zero padding to 8 | encoded part.
// A plain file rather than a SQLite row: a 10 MB blob is read and written in one call, without
// SQLite's overflow-page chain or a second in-memory copy. The part's checksum guards the content.
const MAGIC = 0x41494f50; // "AIOP"

export function snapshotPath(cacheDir: string, scope: string): string {
  return join(cacheDir, `${SNAPSHOT_PREFIX}${Bun.hash(scope).toString(16)}.bin`);
}

/** The stored result when it was made for exactly this `signature`, else null (never throws). */
export function readScanSnapshot(cacheDir: string, scope: string, signature: string): PartData | null {
  try {
    const bytes = readFileSync(snapshotPath(cacheDir, scope));
    if (bytes.byteLength < 8 || bytes.readUInt32LE(0) !== MAGIC) return null;
    const sigLength = bytes.readUInt32LE(4);
    if (8 + sigLength > bytes.byteLength || bytes.toString('utf8', 8, 8 + sigLength) !== signature) return null;
    return decodePart(bytes.subarray(align8(8 + sigLength)), true);
  } catch {
    return null;
  }
}

/** Store `part` as the result for `signature`; false when that failed, which only costs the next run some speed. */
export function writeScanSnapshot(cacheDir: string, scope: string, signature: string, part: PartData): boolean {
  try {
    const sig = Buffer.from(signature, 'utf8');
    const head = align8(8 + sig.byteLength);
    const bytes = Buffer.from(encodePart(part, head).buffer);
    bytes.writeUInt32LE(MAGIC, 0);
    bytes.writeUInt32LE(sig.byteLength, 4);
    sig.copy(bytes, 8);
    writeFileAtomic(snapshotPath(cacheDir, scope), bytes, { mode: 0o600, fsync: false });
    return true;
  } catch (error) {
    log.debug(`scan snapshot not written: ${errorMessage(error)}`);
    return false;
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
}
