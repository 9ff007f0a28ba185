// A scan worker: reads the batch of log files it is handed and answers once per file with the
// extracted parts in their compact binary form (codec.ts), transferred without copying.
import { errorCodeOrMessage } from '../support/errors.ts';
import { GC_EVERY_BYTES, scanLogFile } from './file-scan.ts';
import type { ScanPart } from './lines.ts';
import { encodePart } from './cache/codec.ts';

export interface ScanJob {
  id: number;
  path: string;
  project: string;
  fallbackSession: string;
  from: number;
  to: number;
}

/** One job's answer, its parts in the form the caller asked for (encoded bytes from a worker). */
export type ScanJobResult<Part = Uint8Array> =
  | {
      id: number;
      ok: true;
      body: Part;
      tail: Part | null;
      resumeOffset: number;
      bytesRead: number;
      oversizedLines: number;
      fingerprint: string;
    }
  | { id: number; ok: false; error: string };

/**
 * Run one job; shared by the worker, which encodes the parts for transfer (encodePart), and by the
 * in-thread path, which keeps them as data (partData). Never throws: a file that cannot be read
 * comes back with its error code (ENOENT, EACCES) as the reason.
 */
export function runScanJob<Part>(job: ScanJob, convert: (part: ScanPart) => Part): ScanJobResult<Part> {
  try {
    const r = scanLogFile(job.path, job.project, job.fallbackSession, job.from, job.to);
    return {
      id: job.id,
      ok: true,
      body: convert(r.body),
      tail: r.tail ? convert(r.tail) : null,
      resumeOffset: r.resumeOffset,
      bytesRead: r.bytesRead,
      oversizedLines: r.oversizedLines,
      fingerprint: r.fingerprint,
    };
  } catch (error) {
    return { id: job.id, ok: false, error: errorCodeOrMessage(error) };
  }
}

declare const self: Worker;
// Only when loaded as a worker: importing this module from the main thread must not install a handler.
if (typeof Bun !== 'undefined' && !Bun.isMainThread) {
  self.onmessage = (event: MessageEvent<ScanJob[]>) => {
    let sinceGc = 0;
    for (const job of event.data) {
      const result = runScanJob(job, encodePart);
      const transfer = result.ok ? [result.body.buffer, ...(result.tail ? [result.tail.buffer] : [])] : [];
      self.postMessage(result, transfer as Transferable[]);
      sinceGc += job.to - job.from;
      if (sinceGc > GC_EVERY_BYTES) {
        Bun.gc(false);
        sinceGc = 0;
      }
    }
  };
}
