// The generator's feature switches: each Claude Code log quirk can be turned on or off, so a test
// can build a tree that only holds what two tools are known to treat alike.

export interface GeneratorFeatures {
  /** Streaming writes: earlier copies of a response (same message.id + requestId) carry partial output_tokens. */
  streamedCopies: boolean;
  /** One line per content block, every copy with the same (final) usage. */
  exactCopies: boolean;
  /** A resumed session replays an earlier session's lines into a new file before going on. */
  resumedSessions: boolean;
  /** Truncated JSON, garbage and empty lines. They never count. */
  malformedLines: boolean;
  /** `isApiErrorMessage: true` lines with model `<synthetic>` and zero usage. */
  apiErrors: boolean;
  /** Some sessions write their cache as 1-hour entries (`ephemeral_1h_input_tokens`). */
  cache1h: boolean;
  /** Some responses from a model no price table knows. */
  unpricedModel: boolean;
  /** "Claude AI usage limit reached|<epoch seconds>" messages. */
  limitMessages: boolean;
  /** One tool-result line over 10 MB. */
  hugeLine: boolean;
  /** One session file far larger than the rest (size: `hugeFileBytes`). */
  hugeFile: boolean;
  /** Sub-agent logs in `<project>/<session>/subagents/agent-*.jsonl` (isSidechain: true). */
  subagents: boolean;
  /** Old-version lines whose usage has no `cache_creation` breakdown (all writes are 5-minute). */
  legacyUsage: boolean;
  /** Sonnet requests whose input exceeds 200k tokens (long-context prices). */
  longContext: boolean;
  /** A session running up to a few minutes before `now`, so the latest 5-hour block is active. */
  liveSession: boolean;
}

export type FeatureName = keyof GeneratorFeatures;

export const DEFAULT_FEATURES: Readonly<GeneratorFeatures> = {
  streamedCopies: true,
  exactCopies: true,
  resumedSessions: true,
  malformedLines: true,
  apiErrors: true,
  cache1h: true,
  unpricedModel: true,
  limitMessages: true,
  hugeLine: false,
  hugeFile: false,
  subagents: true,
  legacyUsage: true,
  longContext: false,
  liveSession: true,
};

export const FEATURE_NAMES = Object.keys(DEFAULT_FEATURES) as FeatureName[];

/** Every feature off: a plain tree of one line per response. */
export function noFeatures(): GeneratorFeatures {
  return Object.fromEntries(FEATURE_NAMES.map((n) => [n, false])) as unknown as GeneratorFeatures;
}

/**
 * Parse a `--features` list: `all`, `none`, `default`, `name` / `+name` (on), `-name` (off),
 * applied left to right from the defaults.
 *
 * @example parseFeatureList('none,+streamedCopies,+resumedSessions')
 */
export function parseFeatureList(list: string): GeneratorFeatures {
  let out: GeneratorFeatures = { ...DEFAULT_FEATURES };
  for (const raw of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (raw === 'all') out = Object.fromEntries(FEATURE_NAMES.map((n) => [n, true])) as unknown as GeneratorFeatures;
    else if (raw === 'none') out = noFeatures();
    else if (raw === 'default') out = { ...DEFAULT_FEATURES };
    else {
      const on = !raw.startsWith('-');
      const name = raw.replace(/^[+-]/, '');
      if (!FEATURE_NAMES.includes(name as FeatureName)) {
        throw new Error(`unknown feature '${name}' (known: ${FEATURE_NAMES.join(', ')})`);
      }
      out[name as FeatureName] = on;
    }
  }
  return out;
}
