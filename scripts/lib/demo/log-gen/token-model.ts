// How a conversation's usage evolves, call by call: the cached prefix is read back, what was added
// since the last call is written to the cache, and an expired cache or a compaction starts over.
import type { Prng } from './prng.ts';
import type { Usage } from './records.ts';

/** Claude Code auto-compacts well before the 200k window; 1M-context sessions go far beyond it. */
const COMPACT_AT = 150_000;
const COMPACT_AT_LONG = 600_000;
/** Past this, Sonnet 4/4.5 requests are billed at long-context prices. */
export const LONG_CONTEXT_THRESHOLD = 200_000;

export class ConversationTokens {
  /** Tokens in the cached prefix after the last call. */
  private context = 0;
  /** Tokens added since the last call (prompt, tool results, the previous output). */
  private pending: number;
  private lastCallAt = -Infinity;
  private readonly ttlMs: number;

  constructor(
    private readonly rng: Prng,
    private readonly cache1h: boolean,
    private readonly longContext: boolean,
    /** System prompt and tool definitions, written on the first call. */
    basePrompt: number,
  ) {
    this.ttlMs = cache1h ? 3_600_000 : 300_000;
    this.pending = basePrompt;
  }

  add(tokens: number): void {
    this.pending += Math.max(0, Math.round(tokens));
  }

  /** True when the next call would exceed the compaction threshold; the caller then compacts. */
  needsCompaction(): boolean {
    return this.context + this.pending > (this.longContext ? COMPACT_AT_LONG : COMPACT_AT);
  }

  /** Start over from a summary: the whole new prefix is written again on the next call. */
  compact(): number {
    const before = this.context + this.pending;
    this.context = 0;
    this.pending = 14_000 + this.rng.int(0, 6_000);
    return before;
  }

  /** Usage of one API call at `at` producing `outputTokens`. */
  call(at: number, outputTokens: number): Usage {
    const expired = at - this.lastCallAt > this.ttlMs;
    const read = expired ? 0 : this.context;
    const write = expired ? this.context + this.pending : this.pending;
    this.context = read + write;
    this.pending = outputTokens;
    this.lastCallAt = at;
    return {
      inputTokens: this.rng.int(1, 9),
      outputTokens,
      cacheCreationTokens: write,
      cacheCreation1hTokens: this.cache1h ? write : 0,
      cacheReadTokens: read,
    };
  }
}

/** Output tokens of one response: mostly short, with a long tail (code, long answers). */
export function drawOutputTokens(rng: Prng, thinking: boolean): number {
  let out = Math.round(rng.logNormal(220, 0.9));
  if (thinking) out += Math.round(rng.logNormal(400, 0.8));
  return Math.min(16_000, Math.max(2, out));
}
