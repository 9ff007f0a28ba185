// Building the dashboard on first start: `aios serve` checks whether dist/ is missing or older than
// the UI sources and, if so, runs Vite's build in a child process into a temp folder, then swaps it in.
import fs from 'node:fs';
import path from 'node:path';
import { redact } from '../support/redaction.ts';

/** Files and folders (relative to the project root) whose change means the page must be rebuilt. */
const UI_SOURCES = ['index.html', 'vite.config.ts', 'package.json', 'src', 'public'];
/** A build on a 2-core machine takes seconds; anything near this is stuck. */
const BUILD_TIMEOUT_MS = 180_000;

export type UiBuildState = { stale: false } | { stale: true; reason: 'missing' | 'outdated' };

/** Newest modification time (ms) among the UI sources under `root`; tests are not part of the page. */
export function newestUiSourceMtime(root: string): number {
  let newest = 0;
  const visit = (p: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return; // optional sources (public/) may not exist
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    } else if (!/\.test\.tsx?$/.test(p)) {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  for (const source of UI_SOURCES) visit(path.join(root, source));
  return newest;
}

/** Whether `distDir` needs a build: no index.html, or a source newer than it. */
export function uiBuildState(root: string, distDir: string): UiBuildState {
  let built: number;
  try {
    built = fs.statSync(path.join(distDir, 'index.html')).mtimeMs;
  } catch {
    return { stale: true, reason: 'missing' };
  }
  return newestUiSourceMtime(root) > built ? { stale: true, reason: 'outdated' } : { stale: false };
}

export interface BuildUiOptions {
  root: string;
  distDir: string;
  /** The command that builds into the folder it is given; default Vite's CLI under this runtime. */
  command?: (outDir: string) => string[];
  /** The build's environment; default this process's. */
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

export type BuildUiResult = { ok: true; ms: number } | { ok: false; message: string };

/** Vite's own CLI run by the current Bun binary, so a machine with only `npm ci` needs nothing else. */
function viteCommand(root: string): (outDir: string) => string[] {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  return (outDir) => [process.execPath, vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
}

/**
 * Build the page into a sibling temp folder and swap it into `distDir` only on success, so a
 * failed or interrupted build never leaves a half-written dist/ behind. Never throws.
 */
export async function buildUi(opts: BuildUiOptions): Promise<BuildUiResult> {
  const started = performance.now();
  const tmp = `${opts.distDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const cmd = (opts.command ?? viteCommand(opts.root))(tmp);
  let proc: ReturnType<typeof Bun.spawn>;
  try {
    proc = Bun.spawn(cmd, { cwd: opts.root, env: opts.env, stdin: 'ignore', stdout: 'pipe', stderr: 'pipe' });
  } catch (error) {
    return { ok: false, message: `could not start the build (${cmd.slice(0, 2).join(' ')}): ${redact(String(error))}` };
  }
  const timer = setTimeout(() => proc.kill(), opts.timeoutMs ?? BUILD_TIMEOUT_MS);
  try {
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout as ReadableStream).text(),
      new Response(proc.stderr as ReadableStream).text(),
      proc.exited,
    ]);
    if (code !== 0 || !fs.existsSync(path.join(tmp, 'index.html'))) {
      const tail = `${out}\n${err}`.trim().split('\n').slice(-15).join('\n');
      return { ok: false, message: redact(`the UI build failed (exit ${code}):\n${tail}`) };
    }
    const old = `${opts.distDir}.old-${process.pid}`;
    try {
      if (fs.existsSync(opts.distDir)) fs.renameSync(opts.distDir, old);
      fs.renameSync(tmp, opts.distDir);
    } catch (error) {
      // Another `aios serve` starting at the same moment may have swapped its build in first.
      if (!fs.existsSync(path.join(opts.distDir, 'index.html'))) {
        return { ok: false, message: `could not move the build into ${opts.distDir}: ${redact(String(error))}` };
      }
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
    }
    return { ok: true, ms: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

export interface EnsureUiOptions extends BuildUiOptions {
  /** Progress lines (stderr in the CLI). */
  log: (line: string) => void;
}

/**
 * Make sure `distDir` holds a page built from the current sources. Returns false only when there
 * is no page to serve at all; a failed rebuild over an older page keeps the older page.
 */
export async function ensureUiBuilt(opts: EnsureUiOptions): Promise<boolean> {
  const state = uiBuildState(opts.root, opts.distDir);
  if (!state.stale) return true;
  opts.log(
    state.reason === 'missing'
      ? 'building the dashboard (first start; takes a few seconds)...'
      : 'the dashboard sources changed since the last build; rebuilding...',
  );
  const result = await buildUi(opts);
  if (result.ok) {
    opts.log(`dashboard built into ${opts.distDir} in ${(result.ms / 1000).toFixed(1)} s`);
    return true;
  }
  opts.log(result.message);
  if (state.reason === 'outdated') {
    opts.log('serving the previous build');
    return true;
  }
  return false;
}
