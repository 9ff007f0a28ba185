// The redaction set: secret values registered at run time plus every Anthropic token shape.
// Everything aios prints, logs, writes or serves passes through `redact` first.
import { errorMessage } from './errors.ts';

/** sk-ant-oat01-… (access), sk-ant-ort01-… (refresh), sk-ant-api03-… (API key), sk-ant-sid01-… (cookie). */
const TOKEN_SHAPE = /sk-ant-[a-z]+[0-9]*-[A-Za-z0-9_-]+/g;
/** Bearer headers echoed back in errors, whatever the token looks like. */
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

const secrets = new Set<string>();
/** Shorter values would redact ordinary words; real tokens are far longer. */
const MIN_SECRET_LENGTH = 8;

/** Register a secret read at run time (an OAuth access or refresh token, say). */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  secrets.add(value);
  // Inside a JSON document (the served /api/aggregate, a written file) a `"` or `\` in the value
  // appears escaped; credential tokens may hold any printable ASCII, so that form is a secret too.
  const escaped = JSON.stringify(value).slice(1, -1);
  if (escaped !== value) secrets.add(escaped);
}

/** Replace every registered secret and every token-shaped string in `text`. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('[REDACTED]');
  return out.replace(TOKEN_SHAPE, '[REDACTED]').replace(BEARER, '$1[REDACTED]');
}

/** A message for any thrown value, redacted, safe to print. */
export function redactError(error: unknown): string {
  return redact(errorMessage(error));
}

/** For tests: forget registered secrets. */
export function clearSecretsForTests(): void {
  secrets.clear();
}
