// The words the window's basis and fallback texts are made of, in one place so every basis says a
// source, a sum, a time and a count the same way.
import type { ReadingVia } from '../history/readings.ts';

/** Who read Anthropic's number. */
export const VIA_WORDS: Record<ReadingVia, string> = {
  statusline: "Claude Code's statusline",
  'claude-cache': "Claude Code's cached copy",
  endpoint: 'the usage endpoint',
};

/** "$12.34". */
export const usd = (x: number) => `$${x.toFixed(2)}`;
/** "2026-11-20 14:14 UTC". */
export const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
/** "1 reading", "3 readings". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
