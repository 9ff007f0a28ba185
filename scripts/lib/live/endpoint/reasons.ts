// The words the panel shows when the live numbers are missing: one classified, redacted
// FallbackReason per way the credential read or the usage request can fail.
import type { FallbackKind, FallbackReason } from '../../../../src/contract/usage-data.ts';
import type { CredentialRead } from '../credential/credentials.ts';
import type { CooldownCause } from './cooldown.ts';
import { redact } from '../../support/redaction.ts';

/** A reason with a redacted message and, when known, when asking again makes sense. */
export function reason(kind: FallbackKind, message: string, retryAt: number | null = null): FallbackReason {
  return { kind, message: redact(message), retryAt: retryAt === null ? null : new Date(retryAt).toISOString() };
}

/** "14:05 UTC", or "2026-11-29 14:05 UTC" when not today. */
export function clockTime(ms: number, nowMs: number): string {
  const iso = new Date(ms).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(nowMs).toISOString().slice(0, 10);
  return `${sameDay ? '' : iso.slice(0, 10) + ' '}${iso.slice(11, 16)} UTC`;
}

/** What the panel says during a cooldown, given when it ends (and, for a backoff, the failures in a row). */
export const COOLDOWN_TEXT: Record<CooldownCause, (until: string, failures: number) => string> = {
  'rate-limited': (t) => `rate limited by Anthropic until ${t}`,
  forbidden: (t) =>
    `Anthropic refused the usage request (403: the token may lack the user:profile scope or be revoked); asking again after ${t}`,
  unauthorized: (t) => `Anthropic rejected the token (401); asking again when Claude Code refreshes it, or after ${t}`,
  backoff: (t, n) => `the usage endpoint failed${n > 1 ? ` ${n} times in a row` : ''}; asking again after ${t}`,
};

/** Why no credential could be used, naming where it was looked for but never what it held. */
export function credentialReason(read: Extract<CredentialRead, { ok: false }>): FallbackReason {
  const where = read.origin ?? 'the Claude Code config dir';
  switch (read.failure) {
    case 'missing':
      return reason('no-credential', 'no Claude Code credential found');
    case 'malformed':
      return reason('no-credential', `Claude Code credential in ${where} is malformed`);
    case 'unreadable':
      return reason('no-credential', `Claude Code credential in ${where} cannot be read`);
    case 'too-large':
      return reason('no-credential', `Claude Code credential in ${where} is too large to be one`);
    case 'not-a-file':
      return reason('no-credential', `${where} is not a file`);
    case 'keychain-timeout':
      return reason('no-credential', 'the macOS Keychain did not answer within 2 s');
  }
}
