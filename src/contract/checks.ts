// Building blocks of the contract's valibot schemas, and the one way a value is checked against
// them: a result with readable, path-qualified errors ("$.daily[3].date: ..."), never a throw.
import * as v from 'valibot';

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/** A finite number >= 0 (costs, rates, percentages of a learned limit, which may pass 100). */
export const nonNegative = v.pipe(v.number(), v.finite(), v.minValue(0));
/** A count of things (tokens, files, requests): a whole number >= 0. */
export const count = v.pipe(v.number(), v.safeInteger(), v.minValue(0));
/** Percent used of a limit the server enforces: 0 to 100, may be fractional. */
export const percent = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(100));

/** The received value as valibot spells it, cut so one odd value cannot flood a message. */
function received(issue: v.BaseIssue<unknown>): string {
  return issue.received.length > 40 ? `${issue.received.slice(0, 40)}…` : issue.received;
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** ISO 8601 date-time with an offset that parses to a real instant (not "2026-13-45T99:00Z"). */
export const isoDateTime = v.pipe(
  v.string(),
  v.check(
    (s) => ISO_RE.test(s) && !Number.isNaN(Date.parse(s)),
    (issue) => `expected an ISO 8601 date-time with an offset, got ${received(issue)}`,
  ),
);

/** A calendar day, YYYY-MM-DD, with a real month and day number. */
export const isoDate = v.pipe(
  v.string(),
  v.isoDate((issue) => `expected a YYYY-MM-DD date, got ${received(issue)}`),
);

const MAX_ERRORS = 20;
/** valibot quotes the received value whole; a huge string must not become a huge message. */
const MAX_MESSAGE = 200;

/** "$.daily[3].date" for an issue's path. */
function pathOf(issue: v.BaseIssue<unknown>): string {
  let path = '$';
  for (const item of issue.path ?? []) path += typeof item.key === 'number' ? `[${item.key}]` : `.${String(item.key)}`;
  return path;
}

/**
 * Check `value` against `schema`; never throws. The value returned is valibot's output: a copy that
 * holds only the keys the schema names, so unknown keys never get through. At most 20 errors, one
 * per failing value (a pipe stops at its first failed rule).
 *
 * @example const r = validateWith(usageDataSchema, JSON.parse(text)); if (!r.ok) console.log(r.errors[0]);
 */
export function validateWith<S extends v.GenericSchema>(schema: S, value: unknown): ValidationResult<v.InferOutput<S>> {
  const result = v.safeParse(schema, value, { abortPipeEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const errors = result.issues.slice(0, MAX_ERRORS).map((issue) => {
    const message = issue.received === 'undefined' ? 'missing' : issue.message;
    return `${pathOf(issue)}: ${message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message}`;
  });
  return { ok: false, errors };
}
