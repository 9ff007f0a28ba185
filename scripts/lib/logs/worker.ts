// A scan worker: reads the batch of log files it is handed and answers once per file with the
// extracted parts in their compact binary form (scan-codec.ts), transferred without copying.
import { errorCodeOrMessage } from '../support/errors.ts';
import { scanLogFile } from './file-scan.ts';
import { encodePart } from './cache/codec.ts';

export interface ScanJob {
  id: number;
  path: string;
  project: string;
  fallbackSession: string;
  from: number;
  to: number;
}

export type ScanJobResult =
  | {
      id: number;
      ok: true;
      body: Uint8Array;
      tail: Uint8Array | null;
      resumeOffset: number;
      bytesRead: number;
      oversizedLines: number;
      fingerprint: string;
    }
  | { id: number; ok: false; error: string };

/** Run one job; shared by the worker and by the in-thread path used for small scans. */
export function runScanJob(job: ScanJob): ScanJobResult {
  try {
    const r = scanLogFile(job.path, job.project, job.fallbackSession, job.from, job.to);
    return {
      id: job.id,
      ok: true,
      body: encodePart(r.body),
      tail: r.tail ? encodePart(r.tail) : null,
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
      const result = runScanJob(job);
      const transfer = result.ok ? [result.body.buffer, ...(result.tail ? [result.tail.buffer] : [])] : [];
      self.postMessage(result, transfer as Transferable[]);
      sinceGc += job.to - job.from;
      if (sinceGc > 8 << 20) {
        Bun.gc(false); // as in scan-jobs.ts: bounds the garbage of decoded lines
        sinceGc = 0;
      }
    }
  };
}
