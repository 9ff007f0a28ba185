// What the generator knows it wrote: file and line counts, and the token totals a correct scanner
// must report (each response once, the largest copy), so tests can assert exact numbers.

export interface TokenSums {
  inputTokens: number;
  outputTokens: number;
  /** 5-minute plus 1-hour cache writes (`cache_creation_input_tokens`). */
  cacheCreationTokens: number;
  /** The 1-hour share of the writes. */
  cacheCreation1hTokens: number;
  cacheReadTokens: number;
  /** Unique responses. */
  requests: number;
}

export interface LimitMessageStat {
  /** When the line was logged (ISO). */
  at: string;
  /** The reset time it announces (ISO). */
  resetsAt: string;
}

export interface GenerateStats {
  root: string;
  seed: number;
  now: string;
  files: number;
  /** Of which sub-agent logs. */
  subagentFiles: number;
  bytes: number;
  lines: number;
  largestFileBytes: number;
  /** Longest line written, in bytes (without its newline). */
  largestLineBytes: number;
  /** Sessions started (resumed sessions count once more). */
  sessions: number;
  /** Unique responses with usage, after dedupe (API-error lines excluded). */
  entries: number;
  totals: TokenSums;
  byModel: Record<string, TokenSums>;
  /** Keyed by UTC date, YYYY-MM-DD. */
  byDayUtc: Record<string, TokenSums>;
  /** Keyed by project folder (the encoded cwd). */
  byProject: Record<string, TokenSums>;
  /** Output a scanner that keeps the first copy of each response would report. */
  firstCopyOutputTokens: number;
  /** Usage lines that repeat an already written response (streamed, exact and replayed copies). */
  duplicateLines: number;
  /** Of those, earlier copies with partial output_tokens. */
  partialCopyLines: number;
  /** Of those, lines replayed into resumed sessions. */
  replayedLines: number;
  /** Truncated, garbage and empty lines; and how many of them hold the `"usage"` marker. */
  malformedLines: number;
  malformedUsageLines: number;
  /** API-error lines (`isApiErrorMessage`, model `<synthetic>`), limit messages excluded. */
  apiErrorLines: number;
  limitMessages: LimitMessageStat[];
  /** Sonnet requests whose input exceeded 200k tokens. */
  longContextRequests: number;
  unpricedModels: string[];
  firstActivity: string | null;
  lastActivity: string | null;
}

export function emptySums(): TokenSums {
  return {
    inputTokens: 0,
    outputTokens: 0,
    cacheCreationTokens: 0,
    cacheCreation1hTokens: 0,
    cacheReadTokens: 0,
    requests: 0,
  };
}

export function addSums(into: TokenSums, u: Omit<TokenSums, 'requests'>): void {
  into.inputTokens += u.inputTokens;
  into.outputTokens += u.outputTokens;
  into.cacheCreationTokens += u.cacheCreationTokens;
  into.cacheCreation1hTokens += u.cacheCreation1hTokens;
  into.cacheReadTokens += u.cacheReadTokens;
  into.requests += 1;
}

/** Add to `map[key]`, creating the row on first use. */
export function addTo(map: Record<string, TokenSums>, key: string, u: Omit<TokenSums, 'requests'>): void {
  addSums((map[key] ??= emptySums()), u);
}
