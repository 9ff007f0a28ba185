// What one generated session is made of (its plan) and what every renderer shares (the context):
// types only, so the session, response and sub-agent renderers can share them without a cycle.
import type { GeneratorFeatures } from './features.ts';
import type { StatsRecorder } from './recorder.ts';
import type { TextPool } from './text-pool.ts';

export interface SessionPlan {
  /** Seeds this session's own random stream. */
  stream: number;
  projectDir: string;
  cwd: string;
  sessionId: string;
  model: string;
  start: number;
  /** No turn starts after this, and no line is stamped later. */
  end: number;
  turns: number;
  /** The huge file: keep adding turns until the file holds this many bytes. */
  minFileBytes?: number;
  /** Multiplies pauses (the huge file squeezes its turns into the time it has). */
  timeScale: number;
  cache1h: boolean;
  legacy: boolean;
  longContext: boolean;
  unpriced: boolean;
  version: string;
  gitBranch: string;
  limitMessage: boolean;
  /** Multiplies tool-result bytes; tokens keep their nominal size so costs stay realistic. */
  payloadScale: number;
}

export interface GenContext {
  seed: number;
  root: string;
  pool: TextPool;
  features: GeneratorFeatures;
  rec: StatsRecorder;
}
