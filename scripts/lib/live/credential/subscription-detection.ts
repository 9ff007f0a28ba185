// The user's Claude plan (Pro, Max 5x, ...) from Claude Code's credential: subscriptionType and
// rateLimitTier only. It returns labels, never a token.
import type { Plan, PlanLabel, SubscriptionKind } from '../../../../src/contract/usage-data.ts';
import {
  readCredentialSources,
  type ClaudeCredential,
  type CredentialRead,
  type CredentialReadOptions,
} from './credentials.ts';

export interface SubscriptionOptions extends CredentialReadOptions {
  now?: () => Date;
  /** A read already in flight (the OAuth reader's), so the Keychain is asked once per run. */
  credentialRead?: Promise<CredentialRead>;
}

/**
 * Known tiers (shared doc §1). `default_claude_ai` is what Pro accounts carry; `default_claude_zero`
 * and others have no settled meaning, so they keep their raw value and get no label.
 */
const TIER_LABELS: Record<string, PlanLabel> = {
  default_claude_max_5x: 'Max 5x',
  default_claude_max_20x: 'Max 20x',
  default_claude_ai: 'Pro',
};
const TYPE_LABELS: Record<SubscriptionKind, PlanLabel> = {
  pro: 'Pro',
  max: 'Max',
  team: 'Team',
  enterprise: 'Enterprise',
};

/**
 * The plan a credential describes, or null when it names neither a known type nor a tier.
 * Max tiers win over the bare type ("Max 20x" beats "Max"); Team and Enterprise keep their type label.
 */
export function planFromCredential(
  c: Pick<ClaudeCredential, 'subscriptionType' | 'rateLimitTier' | 'source'>,
): Plan | null {
  if (c.subscriptionType === null && c.rateLimitTier === null) return null;
  const tierLabel = c.rateLimitTier !== null ? (TIER_LABELS[c.rateLimitTier] ?? null) : null;
  let label: PlanLabel | null;
  if (c.subscriptionType === 'team' || c.subscriptionType === 'enterprise') label = TYPE_LABELS[c.subscriptionType];
  else if (c.subscriptionType === 'max') label = tierLabel?.startsWith('Max') ? tierLabel : 'Max';
  else if (c.subscriptionType === 'pro') label = 'Pro';
  else label = tierLabel;
  return { subscriptionType: c.subscriptionType, rateLimitTier: c.rateLimitTier, label, source: c.source };
}

/**
 * Detect the plan: credentials file first, then (macOS only) the Keychain via `security`, 2 s at most.
 * Never throws; null when no credential or no plan information is found.
 *
 * @example const plan = await detectSubscription({ env: process.env, home: os.homedir(), isMacOS: IS_MACOS });
 */
export async function detectSubscription(opts: SubscriptionOptions): Promise<Plan | null> {
  try {
    const read = await (opts.credentialRead ?? readCredentialSources(opts, (opts.now?.() ?? new Date()).getTime()));
    return read.ok ? planFromCredential(read.credential) : null;
  } catch {
    return null;
  }
}
