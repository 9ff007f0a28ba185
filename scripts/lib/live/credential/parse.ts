// The shape of Claude Code's credential JSON (file or Keychain item), validated field by field.
// Tokens are registered for redaction before anything else is checked.
import * as v from 'valibot';
import { SUBSCRIPTION_KINDS, type Plan, type SubscriptionKind } from '../../../../src/contract/usage-data.ts';
import { registerSecret } from '../../support/redaction.ts';

export type CredentialSource = Plan['source'];

/** A validated credential. The token sits behind a getter so JSON.stringify and inspect never show it. */
export interface ClaudeCredential {
  readonly accessToken: string;
  /** Epoch ms; null when the credential does not say. */
  expiresAt: number | null;
  /** OAuth scopes; null when the credential does not say. */
  scopes: string[] | null;
  subscriptionType: SubscriptionKind | null;
  /** Raw tier (e.g. "default_claude_max_5x"), kept even when unknown; null when absent or odd. */
  rateLimitTier: string | null;
  source: CredentialSource;
  /** File path or Keychain service name, for messages. Never a secret. */
  origin: string;
}

// The plain fields come in through Object.assign; this declaration gives them their types.
interface CredentialRecord extends Omit<ClaudeCredential, 'accessToken'> {}
class CredentialRecord implements ClaudeCredential {
  readonly #token: string;
  constructor(token: string, fields: Omit<ClaudeCredential, 'accessToken'>) {
    this.#token = token;
    Object.assign(this, fields);
  }
  get accessToken(): string {
    return this.#token;
  }
}

export type CredentialFailure =
  | 'missing'
  | 'malformed'
  | 'unreadable'
  | 'too-large'
  | 'not-a-file'
  | 'keychain-timeout';
export type CredentialRead =
  | { ok: true; credential: ClaudeCredential }
  | { ok: false; failure: CredentialFailure; origin: string | null };

/** A real credential file is ~1 KB (plus MCP tokens); anything this big is not one. */
export const MAX_CREDENTIAL_BYTES = 256 * 1024;
const TOKEN_RE = /^[\x21-\x7e]{16,8192}$/;
const TIER_RE = /^[A-Za-z0-9_.:-]{1,64}$/;
const SCOPE_RE = /^[\x21-\x7e]{1,64}$/;

/**
 * `claudeAiOauth` (shared doc §1; every field may be missing). Token fields with a wrong type make
 * the credential unusable; plan fields with a wrong type or an unknown value read as null (they are
 * optional metadata).
 */
const claudeAiOauth = v.object({
  accessToken: v.pipe(v.string(), v.regex(TOKEN_RE)),
  /** Never sent (aios never refreshes), only required to be a string when present. */
  refreshToken: v.nullish(v.string()),
  /** Epoch ms. */
  expiresAt: v.nullish(v.pipe(v.number(), v.finite(), v.gtValue(0)), null),
  scopes: v.nullish(v.pipe(v.array(v.pipe(v.string(), v.regex(SCOPE_RE))), v.maxLength(32)), null),
  subscriptionType: v.fallback(v.nullable(v.picklist(SUBSCRIPTION_KINDS)), null),
  /** Raw tier (e.g. "default_claude_max_5x"), kept even when unknown. */
  rateLimitTier: v.fallback(v.nullable(v.pipe(v.string(), v.regex(TIER_RE))), null),
});

/** Register every token the credential holds, whatever else it holds: these never get printed. */
function registerTokens(oauth: Record<string, unknown>): void {
  if (typeof oauth.accessToken === 'string') registerSecret(oauth.accessToken);
  if (typeof oauth.refreshToken === 'string') registerSecret(oauth.refreshToken);
}

/** Validate the credential JSON: the credential, or why there is none. */
export function parseCredentialJson(text: string, source: CredentialSource, origin: string): CredentialRead {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return { ok: false, failure: 'malformed', origin };
  }
  if (!isRecord(doc)) return { ok: false, failure: 'malformed', origin };
  const oauth = doc.claudeAiOauth;
  // A file (or Keychain item) may hold only `mcpOAuth`: no Claude credential in it.
  if (oauth === undefined || oauth === null) return { ok: false, failure: 'missing', origin };
  if (!isRecord(oauth)) return { ok: false, failure: 'malformed', origin };
  // Before validating anything else: whatever happens next, the tokens are redacted.
  registerTokens(oauth);
  const parsed = v.safeParse(claudeAiOauth, oauth);
  if (!parsed.success) return { ok: false, failure: 'malformed', origin };
  const { accessToken, expiresAt, scopes, subscriptionType, rateLimitTier } = parsed.output;
  const credential = new CredentialRecord(accessToken, {
    expiresAt,
    scopes,
    subscriptionType,
    rateLimitTier,
    source,
    origin,
  });
  return { ok: true, credential };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
