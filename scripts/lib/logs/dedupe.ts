// The dedupe rule (CLAUDE-DATA.md §2): one entry per message.id + requestId, keeping the copy with
// the largest token total. Ties break on a fixed order so the result never depends on file order.
import { entryTotalTokens, type UsageEntry } from './entry.ts';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Absent (null) first, then by the string. */
const cmpNullable = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? -1 : b === null ? 1 : cmp(a, b);

/**
 * True when `a` should be kept over `b` (two copies of one response). Larger total wins; then
 * earlier timestamp, then the string and token fields, so cold, warm and parallel scans agree.
 */
export function preferEntry(a: UsageEntry, b: UsageEntry): boolean {
  const ta = entryTotalTokens(a);
  const tb = entryTotalTokens(b);
  if (ta !== tb) return ta > tb;
  if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp;
  if (a.sessionId !== b.sessionId) return a.sessionId < b.sessionId;
  if (a.project !== b.project) return a.project < b.project;
  if (a.model !== b.model) return a.model < b.model;
  if (a.outputTokens !== b.outputTokens) return a.outputTokens > b.outputTokens;
  if (a.inputTokens !== b.inputTokens) return a.inputTokens > b.inputTokens;
  if (a.cacheCreationTokens !== b.cacheCreationTokens) return a.cacheCreationTokens > b.cacheCreationTokens;
  if (a.cacheCreation1hTokens !== b.cacheCreation1hTokens) return a.cacheCreation1hTokens > b.cacheCreation1hTokens;
  // Copies that differ only in how they are priced (never seen, but a line can say anything).
  const speed = cmpNullable(a.speed, b.speed);
  if (speed !== 0) return speed < 0;
  return cmpNullable(a.inferenceGeo, b.inferenceGeo) < 0;
}

/**
 * A total order on entries (time first): the scan hands its result over in this order, so sums of
 * costs (floating point, order-sensitive in the last bit) come out the same whichever files were
 * read, reused from the cache, or scanned by which thread.
 */
export function compareEntries(a: UsageEntry, b: UsageEntry): number {
  return (
    a.timestamp - b.timestamp ||
    cmp(a.key ?? '', b.key ?? '') ||
    cmp(a.sessionId, b.sessionId) ||
    cmp(a.project, b.project) ||
    cmp(a.model, b.model) ||
    a.inputTokens - b.inputTokens ||
    a.outputTokens - b.outputTokens ||
    a.cacheCreationTokens - b.cacheCreationTokens ||
    a.cacheCreation1hTokens - b.cacheCreation1hTokens ||
    a.cacheReadTokens - b.cacheReadTokens ||
    cmpNullable(a.speed, b.speed) ||
    cmpNullable(a.inferenceGeo, b.inferenceGeo)
  );
}

/** Collects entries, keeping the preferred copy per key; keyless entries are all kept. */
export class EntryDeduper {
  readonly entries: UsageEntry[] = [];
  /** Copies dropped so far (including those reported by already-deduplicated inputs). */
  duplicates = 0;
  private readonly byKey = new Map<string, number>();

  add(entry: UsageEntry): void {
    const key = entry.key;
    if (key === null) {
      this.entries.push(entry);
      return;
    }
    const at = this.byKey.get(key);
    if (at === undefined) {
      this.byKey.set(key, this.entries.length);
      this.entries.push(entry);
      return;
    }
    this.duplicates++;
    if (preferEntry(entry, this.entries[at]!)) this.entries[at] = entry;
  }

  /** Merge an already-deduplicated batch and the copies it dropped. */
  addAll(entries: readonly UsageEntry[], droppedBefore: number): void {
    this.duplicates += droppedBefore;
    for (const entry of entries) this.add(entry);
  }
}
