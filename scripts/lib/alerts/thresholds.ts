// The alert thresholds from AIOS_ALERT_AT: "80,95" by default, `off` for none. A value that is not a
// list of whole percentages is said once, and the defaults apply: alerts never stop aios from running.
import { MAX_ALERT_THRESHOLDS } from '../../../src/contract/usage-data.ts';
import { log } from '../support/log.ts';

const DEFAULT_ALERT_THRESHOLDS: readonly number[] = [80, 95];

export type ThresholdsParse = { ok: true; thresholds: number[] } | { ok: false; problem: string };

/**
 * AIOS_ALERT_AT as thresholds, ascending and without repeats: unset or empty is the default, `off`
 * is none, else up to five whole percentages from 1 to 100 separated by commas ("80,95", "90 %").
 *
 * @example parseAlertThresholds('95, 80') // { ok: true, thresholds: [80, 95] }
 */
export function parseAlertThresholds(raw: string | undefined): ThresholdsParse {
  const text = raw?.trim() ?? '';
  if (text === '') return { ok: true, thresholds: [...DEFAULT_ALERT_THRESHOLDS] };
  if (text.toLowerCase() === 'off') return { ok: true, thresholds: [] };
  const parts = text.split(',').map((p) => p.trim().replace(/\s*%$/, ''));
  if (!parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) >= 1 && Number(p) <= 100))
    return { ok: false, problem: 'expected whole percentages from 1 to 100 separated by commas (e.g. 80,95), or off' };
  const thresholds = [...new Set(parts.map(Number))].sort((a, b) => a - b);
  if (thresholds.length > MAX_ALERT_THRESHOLDS)
    return { ok: false, problem: `at most ${MAX_ALERT_THRESHOLDS} thresholds` };
  return { ok: true, thresholds };
}

/**
 * The thresholds in force for this environment; a malformed AIOS_ALERT_AT is warned about (once per
 * process and value: `aios serve` recomputes every minute) and the defaults apply.
 */
export function alertThresholds(env: Record<string, string | undefined>): number[] {
  const parsed = parseAlertThresholds(env.AIOS_ALERT_AT);
  if (parsed.ok) return parsed.thresholds;
  const raw = env.AIOS_ALERT_AT ?? '';
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  log.once(
    'warn',
    `AIOS_ALERT_AT:${raw}`,
    `AIOS_ALERT_AT='${shown}' is not used: ${parsed.problem}; alerting at ${DEFAULT_ALERT_THRESHOLDS.join(',')}`,
  );
  return [...DEFAULT_ALERT_THRESHOLDS];
}
