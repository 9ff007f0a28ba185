// Running the planned reads: in this thread for small scans, or spread over Bun workers (largest
// files first, one file per message) when there are enough bytes for the second core to pay off.
import { errorText } from './claude-logs.ts';
import { scanLogFile } from './log-file-scan.ts';
import type { ScanJob, ScanJobResult } from './log-scan-worker.ts';
import { decodePart, partData, type PartData } from './scan-codec.ts';
import type { PlannedJob } from './scan-plan.ts';

export type JobOutcome =
  | {
      ok: true;
      body: PartData;
      tail: PartData | null;
      /** Encoded forms when a worker produced them (saves re-encoding for the cache). */
      bodyBlob: Uint8Array | null;
      tailBlob: Uint8Array | null;
      resumeOffset: number;
      bytesRead: number;
      oversizedLines: number;
      fingerprint: string;
    }
  | { ok: false; error: string };

/**
 * Below this many bytes to read, starting workers (tens of ms each) costs more than it saves.
 * Measured on a 2-core machine: see the note in the scan's README section.
 */
export const WORKER_MIN_BYTES = 48 << 20;
/** Reading in this thread yields to the event loop this often, so concurrent I/O (OAuth) proceeds. */
const YIELD_EVERY_MS = 40;

function inThread(job: PlannedJob): JobOutcome {
  try {
    const r = scanLogFile(job.file.path, job.file.project, job.file.fallbackSession, job.from, job.file.size);
    return {
      ok: true,
      body: partData(r.body),
      tail: r.tail ? partData(r.tail) : null,
      bodyBlob: null,
      tailBlob: null,
      resumeOffset: r.resumeOffset,
      bytesRead: r.bytesRead,
      oversizedLines: r.oversizedLines,
      fingerprint: r.fingerprint,
    };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}

function fromWorker(job: PlannedJob, result: ScanJobResult): JobOutcome {
  if (!result.ok) return { ok: false, error: result.error };
  const body = decodePart(result.body, job.file.project);
  const tail = result.tail ? decodePart(result.tail, job.file.project) : null;
  if (!body || (result.tail && !tail)) return inThread(job); // cannot happen unless the codec is broken
  return { ...result, body, tail, bodyBlob: result.body, tailBlob: result.tail };
}

/** Run every job, calling `done` once per job (in completion order). */
export async function runJobs(jobs: PlannedJob[], workers: number, minBytes: number, done: (job: PlannedJob, outcome: JobOutcome) => void): Promise<void> {
  const bytes = jobs.reduce((sum, j) => sum + (j.file.size - j.from), 0);
  if (workers < 2 || jobs.length < 2 || bytes < minBytes) {
    let lastYield = performance.now();
    for (const job of jobs) {
      done(job, inThread(job));
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastYield = performance.now();
      }
    }
    return;
  }
  await runInWorkers(jobs, Math.min(workers, jobs.length), done);
}

async function runInWorkers(jobs: PlannedJob[], count: number, done: (job: PlannedJob, outcome: JobOutcome) => void): Promise<void> {
  // Largest first, so one big file does not start last and leave the other core idle.
  const queue = [...jobs].sort((a, b) => b.file.size - b.from - (a.file.size - a.from));
  const pool: Worker[] = [];
  try {
    await new Promise<void>((resolve) => {
      let active = 0;
      const next = (worker: Worker): void => {
        const job = queue.shift();
        if (!job) {
          if (--active === 0) resolve();
          return;
        }
        const message: ScanJob = { id: 0, path: job.file.path, project: job.file.project, fallbackSession: job.file.fallbackSession, from: job.from, to: job.file.size };
        worker.onmessage = (event: MessageEvent<ScanJobResult>) => {
          done(job, fromWorker(job, event.data));
          next(worker);
        };
        worker.onerror = () => {
          // A worker that dies takes no data with it: its file is read here, and it gets no more work.
          done(job, inThread(job));
          worker.terminate();
          if (--active === 0) {
            for (const rest of queue.splice(0)) done(rest, inThread(rest));
            resolve();
          }
        };
        worker.postMessage(message);
      };
      for (let i = 0; i < count; i++) {
        const worker = new Worker(new URL('./log-scan-worker.ts', import.meta.url).href);
        pool.push(worker);
        active++;
      }
      for (const worker of pool) next(worker);
    });
  } finally {
    for (const worker of pool) worker.terminate();
  }
}
