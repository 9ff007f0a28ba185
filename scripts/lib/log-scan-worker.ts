// A scan worker: reads the log files it is handed, one message per file, and answers with the
// extracted parts in their compact binary form (scan-codec.ts), transferred without copying.
import { errorText } from './claude-logs.ts';
import { scanLogFile } from './log-file-scan.ts';
import { encodePart } from './scan-codec.ts';

export interface ScanJob {
  id: number;
  path: string;
  project: string;
  fallbackSession: string;
  from: number;
  to: number;
}

export type ScanJobResult =
  | { id: number; ok: true; body: Uint8Array; tail: Uint8Array | null; resumeOffset: number; bytesRead: number; oversizedLines: number; fingerprint: string }
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
    return { id: job.id, ok: false, error: errorText(error) };
  }
}

declare const self: Worker;
// Only when loaded as a worker: importing this module from the main thread must not install a handler.
if (typeof Bun !== 'undefined' && !Bun.isMainThread) {
  self.onmessage = (event: MessageEvent<ScanJob>) => {
    const result = runScanJob(event.data);
    const transfer = result.ok ? [result.body.buffer, ...(result.tail ? [result.tail.buffer] : [])] : [];
    self.postMessage(result, transfer as Transferable[]);
  };
}
