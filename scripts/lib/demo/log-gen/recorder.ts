// Keeps the generator's running statistics: every line through its LineFile counters, and every
// response with usage under the dedupe rule (counted once, at its largest copy).
import type { SinkCounters } from './line-sink.ts';
import type { Usage } from './records.ts';
import { addSums, addTo, emptySums, type GenerateStats } from './stats.ts';

export class StatsRecorder {
  readonly counters: SinkCounters = { files: 0, bytes: 0, lines: 0, largestFileBytes: 0, largestLineBytes: 0 };
  readonly stats: GenerateStats;
  private first = Infinity;
  private last = -Infinity;
  private unpriced = new Set<string>();

  constructor(root: string, seed: number, now: Date) {
    this.stats = {
      root,
      seed,
      now: now.toISOString(),
      files: 0,
      subagentFiles: 0,
      bytes: 0,
      lines: 0,
      largestFileBytes: 0,
      largestLineBytes: 0,
      sessions: 0,
      entries: 0,
      totals: emptySums(),
      byModel: {},
      byDayUtc: {},
      byProject: {},
      firstCopyOutputTokens: 0,
      duplicateLines: 0,
      partialCopyLines: 0,
      replayedLines: 0,
      malformedLines: 0,
      malformedUsageLines: 0,
      apiErrorLines: 0,
      limitMessages: [],
      longContextRequests: 0,
      unpricedModels: [],
      firstActivity: null,
      lastActivity: null,
    };
  }

  /**
   * One response written as `copies` lines whose first copy had `firstOutput` output tokens and
   * whose largest (final) copy is `usage`, timed `at`. A replayed response only adds duplicates.
   */
  response(opts: {
    project: string;
    model: string;
    at: number;
    usage: Usage;
    copies: number;
    partialCopies: number;
    firstOutput: number;
    replay: boolean;
    unpriced: boolean;
    longContext: boolean;
  }): void {
    const s = this.stats;
    if (opts.replay) {
      s.duplicateLines += opts.copies;
      s.replayedLines += opts.copies;
      return;
    }
    s.entries += 1;
    s.duplicateLines += opts.copies - 1;
    s.partialCopyLines += opts.partialCopies;
    s.firstCopyOutputTokens += opts.firstOutput;
    if (opts.longContext) s.longContextRequests += 1;
    if (opts.unpriced) this.unpriced.add(opts.model);
    addSums(s.totals, opts.usage);
    addTo(s.byModel, opts.model, opts.usage);
    addTo(s.byDayUtc, new Date(opts.at).toISOString().slice(0, 10), opts.usage);
    addTo(s.byProject, opts.project, opts.usage);
    if (opts.at < this.first) this.first = opts.at;
    if (opts.at > this.last) this.last = opts.at;
  }

  /** Copy the file counters in and close the books. */
  finish(): GenerateStats {
    const s = this.stats;
    s.files = this.counters.files;
    s.bytes = this.counters.bytes;
    s.lines = this.counters.lines;
    s.largestFileBytes = this.counters.largestFileBytes;
    s.largestLineBytes = this.counters.largestLineBytes;
    s.unpricedModels = [...this.unpriced].sort();
    s.firstActivity = Number.isFinite(this.first) ? new Date(this.first).toISOString() : null;
    s.lastActivity = Number.isFinite(this.last) ? new Date(this.last).toISOString() : null;
    return s;
  }
}
