// When an alert fires: the windows a document shows that may alert (Live, or an estimate that is a
// share of Anthropic's real limit), which thresholds they newly pass, and which alerts are current. Pure.
import type {
  AlertEstimateBasis,
  AlertWindow,
  ClaudeWindow,
  UsageAlerts,
  WindowAlert,
} from '../../../src/contract/usage-data.ts';
import { WINDOW_MS } from '../history/windows.ts';

const HOUR = 3_600_000;

/** Fired alerts kept in the state: a week and a day of 5-hour windows, and a few weeks, fit many times over. */
export const MAX_KEPT_ALERTS = 100;
/** A fired alert is forgotten once its window reset this long ago. */
const KEEP_MS = 8 * 24 * HOUR;

/**
 * The estimate bases an alert may rest on. `live-plus-logs` and `calibrated` are shares of
 * Anthropic's own limit (a reading, or percent per dollar learned from readings); a logged "usage
 * limit reached" is a certain 100 %. `history-p90` is not: it puts the block against the 90th
 * percentile of the user's own past blocks, so "95 %" there can be 20 % of the real limit, and an
 * alert on it would be the false alarm issue 9 set out to end. No basis, no number, no alert.
 */
const ALERTING_BASES: ReadonlySet<string> = new Set<AlertEstimateBasis>([
  'live-plus-logs',
  'calibrated',
  'log-limit-message',
]);

/** A window the document shows with a number an alert may rest on. */
export interface AlertObservation {
  window: AlertWindow;
  pct: number;
  /** Epoch ms. */
  resetsAt: number;
  source: WindowAlert['source'];
  basis: AlertEstimateBasis | null;
}

/** The document's two windows as alerts see them: what may fire, and the reset shown for each (any basis). */
export interface ShownWindows {
  observations: AlertObservation[];
  /** The reset the document shows for each window, whatever its basis; null when none. */
  resets: Record<AlertWindow, number | null>;
}

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/**
 * What `claudeWindow` offers the alerts. Demo data offers nothing: its numbers are not the user's.
 * A Live window offers Anthropic's numbers; an estimate only a number on an alerting basis, with a reset.
 */
export function shownWindows(doc: { demo: boolean; claudeWindow: ClaudeWindow }): ShownWindows {
  const w = doc.claudeWindow;
  const resets = { five_hour: ms(w.resetsAt), seven_day: ms(w.weekly.resetsAt) };
  if (doc.demo) return { observations: [], resets: { five_hour: null, seven_day: null } };
  const live = w.source === 'oauth';
  const candidates: [AlertWindow, number | null, string][] = [
    ['five_hour', w.pct, w.estimate.basis],
    ['seven_day', w.weekly.pct, w.estimate.weekly.basis],
  ];
  const observations: AlertObservation[] = [];
  for (const [window, pct, basis] of candidates) {
    const resetsAt = resets[window];
    // An estimate's window without a reset has no usage logged since the last one ended (pct 0):
    // nothing to alert on, and nothing to name the window by.
    if (pct === null || resetsAt === null || !Number.isFinite(pct)) continue;
    if (live) observations.push({ window, pct, resetsAt, source: 'live', basis: null });
    else if (ALERTING_BASES.has(basis))
      observations.push({ window, pct, resetsAt, source: 'estimate', basis: basis as AlertEstimateBasis });
  }
  return { observations, resets };
}

/**
 * Whether two resets name the same window. Anthropic's next window opens at the first message after
 * the last one reset, so two windows of a kind reset at least a window's length apart; an estimate's
 * reset (its block start floored to the hour) is off the real one by well under half of it. Half a
 * window (2.5 h, 3.5 d) tells them apart, and keeps a window one window when its basis changes from
 * an estimate to Live.
 */
export function sameWindow(window: AlertWindow, a: number, b: number): boolean {
  return Math.abs(a - b) < WINDOW_MS[window] / 2;
}

export interface CrossingInput {
  /** The alerts fired so far (the state), any order. */
  fired: readonly WindowAlert[];
  observations: readonly AlertObservation[];
  /** The thresholds in force, ascending. */
  thresholds: readonly number[];
  now: number;
}

export interface Crossing {
  /** The state to keep: one alert per window (its highest threshold), old windows forgotten. */
  fired: WindowAlert[];
  /** The alerts that fired now, one per window at most. */
  announced: WindowAlert[];
}

/**
 * Each threshold fires once per window: a window fires the highest threshold its percent reaches
 * above the highest one it already fired. Passing two at once is one alert (the higher one); a
 * number that falls below and climbs again in the same window fires nothing new; a new window (its
 * reset half a window or more from the old one) starts afresh.
 *
 * @example evaluateCrossings({ fired: [], observations: shownWindows(doc).observations, thresholds: [80, 95], now })
 */
export function evaluateCrossings(input: CrossingInput): Crossing {
  const { now } = input;
  let fired = input.fired.filter((a) => Date.parse(a.resetsAt) > now - KEEP_MS);
  const announced: WindowAlert[] = [];
  for (const o of input.observations) {
    const same = fired.filter((a) => a.window === o.window && sameWindow(o.window, Date.parse(a.resetsAt), o.resetsAt));
    const passed = Math.max(0, ...same.map((a) => a.threshold));
    const reached = input.thresholds.filter((t) => t <= o.pct && t > passed);
    if (reached.length === 0) continue;
    const alert: WindowAlert = {
      window: o.window,
      threshold: Math.max(...reached),
      pct: o.pct,
      source: o.source,
      basis: o.basis,
      firedAt: new Date(now).toISOString(),
      resetsAt: new Date(o.resetsAt).toISOString(),
    };
    fired = [...fired.filter((a) => !same.includes(a)), alert];
    announced.push(alert);
  }
  fired.sort((a, b) => Date.parse(a.resetsAt) - Date.parse(b.resetsAt));
  return { fired: fired.slice(-MAX_KEPT_ALERTS), announced };
}

/**
 * The alerts to show now, one per window at most: the one fired for the window the document shows
 * (or, when it shows no reset, any still open), while its window has not reset and its number has
 * not fallen back under the threshold. Nothing when alerts are off or the data is the demo's.
 */
export function currentAlerts(
  fired: readonly WindowAlert[],
  shown: ShownWindows,
  thresholds: readonly number[],
  now: number,
): UsageAlerts['current'] {
  if (thresholds.length === 0) return [];
  const current: WindowAlert[] = [];
  for (const window of ['five_hour', 'seven_day'] as const) {
    const shownReset = shown.resets[window];
    const observed = shown.observations.find((o) => o.window === window);
    const open = fired
      .filter((a) => a.window === window)
      .map((a) => {
        const reset = Date.parse(a.resetsAt);
        const same = shownReset !== null && sameWindow(window, reset, shownReset);
        // The reset the document shows now is the better one (an estimate's guess turns into Anthropic's).
        return { alert: a, reset: same ? shownReset : reset, foreign: shownReset !== null && !same };
      })
      .filter((c) => !c.foreign && c.reset > now && (!observed || observed.pct >= c.alert.threshold))
      .sort((a, b) => b.reset - a.reset);
    const first = open[0];
    if (first) current.push({ ...first.alert, resetsAt: new Date(first.reset).toISOString() });
  }
  return current;
}
