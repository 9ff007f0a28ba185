// An independent, simple reading of a generated tree (whole files, JSON.parse every line) that
// applies the dedupe rule from CLAUDE-DATA.md: tests check the generator's stats against it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { addSums, addTo, emptySums, type TokenSums } from './stats.ts';

export interface ReferenceEntry {
  key: string;
  model: string;
  project: string;
  at: number;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheCreation1hTokens: number;
  cacheReadTokens: number;
  /** The usage object had no `cache_creation` breakdown. */
  legacy: boolean;
}

export interface ReferenceReading {
  entries: ReferenceEntry[];
  totals: TokenSums;
  byModel: Record<string, TokenSums>;
  firstCopyOutputTokens: number;
  duplicateLines: number;
  malformedLines: number;
  apiErrorLines: number;
  limitResets: number[];
  files: number;
  bytes: number;
  lines: number;
  /** Earliest and latest timestamp on any line. */
  minAt: number;
  maxAt: number;
}

function listJsonl(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.jsonl'))
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

function sizeOf(u: Omit<ReferenceEntry, 'key' | 'model' | 'project' | 'at' | 'legacy'>): number {
  return u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens;
}

/** Read every `.jsonl` under `<root>/projects`. Meant for test-sized trees (files read whole). */
export function readTreeReference(root: string): ReferenceReading {
  const projects = join(root, 'projects');
  const kept = new Map<string, ReferenceEntry>();
  const firstOutput = new Map<string, number>();
  const r: ReferenceReading = { entries: [], totals: emptySums(), byModel: {}, firstCopyOutputTokens: 0, duplicateLines: 0, malformedLines: 0, apiErrorLines: 0, limitResets: [], files: 0, bytes: 0, lines: 0, minAt: Infinity, maxAt: -Infinity };
  for (const file of listJsonl(projects)) {
    const project = relative(projects, file).split(sep)[0]!;
    const text = readFileSync(file, 'latin1');
    r.files += 1;
    r.bytes += text.length;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      r.lines += 1;
      let rec: any;
      try {
        rec = JSON.parse(line);
      } catch {
        r.malformedLines += 1;
        continue;
      }
      const at = Date.parse(rec.timestamp ?? rec.snapshot?.timestamp ?? '');
      if (Number.isFinite(at)) {
        r.minAt = Math.min(r.minAt, at);
        r.maxAt = Math.max(r.maxAt, at);
      }
      if (rec.isApiErrorMessage) {
        const text = rec.message?.content?.[0]?.text ?? '';
        const m = /usage limit reached\|(\d+)/.exec(text);
        if (m) r.limitResets.push(Number(m[1]) * 1000);
        else r.apiErrorLines += 1;
        continue;
      }
      const u = rec.type === 'assistant' ? rec.message?.usage : undefined;
      if (!u) continue;
      const key = `${rec.message.id}:${rec.requestId}`;
      const entry: ReferenceEntry = {
        key,
        model: rec.message.model,
        project,
        at,
        inputTokens: u.input_tokens,
        outputTokens: u.output_tokens,
        cacheCreationTokens: u.cache_creation_input_tokens,
        cacheCreation1hTokens: u.cache_creation?.ephemeral_1h_input_tokens ?? 0,
        cacheReadTokens: u.cache_read_input_tokens,
        legacy: u.cache_creation === undefined,
      };
      const prev = kept.get(key);
      if (prev) r.duplicateLines += 1;
      else firstOutput.set(key, entry.outputTokens);
      if (!prev || sizeOf(entry) > sizeOf(prev)) kept.set(key, entry);
    }
  }
  for (const e of kept.values()) {
    r.entries.push(e);
    addSums(r.totals, e);
    addTo(r.byModel, e.model, e);
  }
  for (const out of firstOutput.values()) r.firstCopyOutputTokens += out;
  r.entries.sort((a, b) => a.at - b.at);
  return r;
}
