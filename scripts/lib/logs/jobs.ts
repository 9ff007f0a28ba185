// Running the planned reads: in this thread for small scans, or spread over Bun workers (largest
// files first, one file per message) when there are enough bytes for the second core to pay off.
import { availableParallelism } from 'node:os';
import { GC_EVERY_BYTES } from './file-scan.ts';
import { runScanJob, type ScanJob, type ScanJobResult } from './worker.ts';
import { decodePart, partData, type PartData } from './cache/codec.ts';
import type { PlannedJob } from './cache/plan.ts';

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
 * Below this many bytes to read, a worker costs more than it saves: it brings its own JS heap (peak
 * RSS grows by it), takes time to start and JIT-compile, and two scanning threads in one process
 * contend (GC helper threads, memory bandwidth). On a machine whose second core is busy the worker
 * gains nothing at all, so small scans stay in one thread. bench/compare-ccusage.ts shows where a
 * tree stands.
 */
export const WORKER_MIN_BYTES = 128 << 20;
/** Reading in this thread yields to the event loop this often, so concurrent I/O (OAuth) proceeds. */
const YIELD_EVERY_MS = 40;

/** `job` as runScanJob takes it, here or in a worker: read up to the size seen at discovery. */
function scanJob(job: PlannedJob, id: number): ScanJob {
  return {
    id,
    path: job.file.path,
    project: job.file.project,
    fallbackSession: job.file.fallbackSession,
    from: job.from,
    to: job.file.size,
  };
}

/** Read `job` here: the same runScanJob a worker runs, without encoding the parts. */
function inThread(job: PlannedJob): JobOutcome {
  const { id: _, ...outcome } = runScanJob(scanJob(job, 0), partData);
  return outcome.ok ? { ...outcome, bodyBlob: null, tailBlob: null } : outcome;
}

function fromWorker(job: PlannedJob, result: ScanJobResult): JobOutcome {
  if (!result.ok) return { ok: false, error: result.error };
  const body = decodePart(result.body);
  const tail = result.tail ? decodePart(result.tail) : null;
  if (!body || (result.tail && !tail)) return inThread(job); // cannot happen unless the codec is broken
  return { ...result, body, tail, bodyBlob: result.body, tailBlob: result.tail };
}

/** Scan `jobs` in this thread, yielding now and then so worker results and other I/O get handled. */
async function scanHere(jobs: PlannedJob[], done: (job: PlannedJob, outcome: JobOutcome) => void): Promise<void> {
  let lastYield = performance.now();
  let sinceGc = 0;
  for (const job of jobs) {
    done(job, inThread(job));
    sinceGc += job.file.size - job.from;
    if (sinceGc > GC_EVERY_BYTES) {
      Bun.gc(false);
      sinceGc = 0;
    }
    if (performance.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      lastYield = performance.now();
    }
  }
}

/**
 * Run every job, calling `done` once per job (in completion order). With enough bytes and more than
 * one thread (default: the available cores), this thread scans a share itself and the other
 * threads are workers scanning the rest in parallel.
 */
export async function runJobs(
  jobs: PlannedJob[],
  threadsWanted: number | undefined,
  minBytes: number,
  done: (job: PlannedJob, outcome: JobOutcome) => void,
): Promise<void> {
  const bytes = jobs.reduce((sum, j) => sum + (j.file.size - j.from), 0);
  if (jobs.length < 2 || bytes < minBytes) return scanHere(jobs, done);
  // Asked only now: counting cores reads /proc, which a small scan need not do.
  const threads = threadsWanted ?? availableParallelism();
  if (threads < 2) return scanHere(jobs, done);
  // Largest first onto the least-loaded share: a static split needs no round trips per file. Equal
  // shares, no head start for either side: a worker's start-up about matches what this thread does
  // besides scanning (decoding the worker's parts, writing the cache).
  const shares: PlannedJob[][] = Array.from({ length: Math.min(threads, jobs.length) }, () => []);
  const load = shares.map(() => 0);
  for (const job of [...jobs].sort((a, b) => b.file.size - b.from - (a.file.size - a.from))) {
    const i = load.indexOf(Math.min(...load));
    shares[i]!.push(job);
    load[i]! += job.file.size - job.from;
  }
  const [mine, ...theirs] = shares;
  const workers = theirs.filter((share) => share.length > 0).map((share) => runInWorker(share, done));
  await scanHere(mine!, done);
  await Promise.all(workers);
}

function runInWorker(share: PlannedJob[], done: (job: PlannedJob, outcome: JobOutcome) => void): Promise<void> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url).href);
  const reported = new Set<number>();
  return new Promise<void>((resolve) => {
    const finish = (): void => {
      worker.terminate();
      resolve();
    };
    worker.onmessage = (event: MessageEvent<ScanJobResult>) => {
      const job = share[event.data.id]!;
      reported.add(event.data.id);
      done(job, fromWorker(job, event.data));
      if (reported.size === share.length) finish();
    };
    worker.onerror = () => {
      // A worker that dies takes no data with it: what it had not reported is read here.
      share.forEach((job, id) => {
        if (!reported.has(id)) done(job, inThread(job));
      });
      finish();
    };
    worker.postMessage(share.map(scanJob));
  });
}
