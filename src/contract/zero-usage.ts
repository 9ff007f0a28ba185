// The row of nothing (every count 0, cost $0), apart from the schema so that code on the statusline's
// path can use it without loading valibot (as version.ts keeps SCHEMA_VERSION apart).
import type { Usage } from './usage-data.ts';

/** A row of nothing: every count 0, cost $0 (a day without usage cost nothing, it is not unknown). */
export const ZERO_USAGE: Usage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  totalTokens: 0,
  costUsd: 0,
  unpricedTokens: 0,
  requests: 0,
};
