// Merging what every file yielded into one scan result: entries deduplicated across files (a resumed
// session replays earlier responses into a new file), limit messages once each, skips counted.
import { log } from '../support/log.ts';
import type { PartData } from './cache/codec.ts';
import { compareEntries, EntryDeduper } from './dedupe.ts';
import type { LimitMessage } from './entry.ts';

export const MAX_UNREADABLE_LISTED = 100;
const MAX_UNREADABLE_WARNINGS = 10;

/** Collects parts from every file into the final, cross-file deduplicated result. */
export class Totals {
  private readonly deduper = new EntryDeduper();
  private readonly limits = new Map<string, LimitMessage>();
  private readonly skipped: Record<string, number> = {};
  /** Unreadable files, at most MAX_UNREADABLE_LISTED of them. */
  readonly unreadable: string[] = [];

  addPart(part: PartData | null): void {
    if (!part) return;
    this.deduper.addAll(part.entries, part.duplicates);
    // Resumed sessions replay the limit message too: one per (logged at, reset time).
    for (const l of part.limits) this.limits.set(`${l.at}:${l.resetsAt}`, l);
    addCounts(this.skipped, part.skipped);
  }

  unreadableFile(path: string, why: string): void {
    const count = (this.skipped['unreadable-file'] ?? 0) + 1;
    this.skipped['unreadable-file'] = count;
    // Each one is named, up to a point: a tree of unreadable files must not flood stderr.
    if (count <= MAX_UNREADABLE_WARNINGS) log.warn(`skipping unreadable log file ${path} (${why})`);
    else log.debug(`skipping unreadable log file ${path} (${why})`);
    if (this.unreadable.length < MAX_UNREADABLE_LISTED) this.unreadable.push(path);
  }

  /**
   * The merged result, entries in compareEntries order (so sums of costs come out the same to the
   * bit whichever files were read, reused or scanned by which thread), and one closing warning for
   * the unreadable files not named one by one.
   */
  finish(): PartData {
    const unreadable = this.skipped['unreadable-file'] ?? 0;
    if (unreadable > MAX_UNREADABLE_WARNINGS)
      log.warn(`${unreadable - MAX_UNREADABLE_WARNINGS} more unreadable log files skipped`);
    return {
      entries: this.deduper.entries.sort(compareEntries),
      duplicates: this.deduper.duplicates,
      limits: [...this.limits.values()].sort((a, b) => a.at - b.at || a.resetsAt - b.resetsAt),
      skipped: this.skipped,
    };
  }
}

/** An append: the stored body plus what the new lines yielded, deduplicated together. */
export function mergeAppend(previous: PartData, added: PartData): PartData {
  const merged = new EntryDeduper();
  merged.addAll(previous.entries, previous.duplicates);
  merged.addAll(added.entries, added.duplicates);
  const skipped = { ...previous.skipped };
  addCounts(skipped, added.skipped);
  return {
    entries: merged.entries,
    duplicates: merged.duplicates,
    limits: [...previous.limits, ...added.limits],
    skipped,
  };
}

function addCounts(into: Record<string, number>, counts: Record<string, number>): void {
  for (const [reason, n] of Object.entries(counts)) into[reason] = (into[reason] ?? 0) + n;
}
