// The alerts of one document: judged when the document is assembled (from the state as it was), and
// recorded once the document is valid, so an alert fires once wherever aios first computes it.
import type { ClaudeWindow, UsageAlerts, WindowAlert } from '../../../src/contract/usage-data.ts';
import { openAlertState, type AlertState } from './alert-state.ts';
import { currentAlerts, evaluateCrossings, shownWindows } from './crossing.ts';
import { alertThresholds } from './thresholds.ts';

export interface AlertOptions {
  /**
   * `record` (the default: aggregate, serve, usage): new crossings fire and are kept in the data
   * dir. `read` (aios mcp): the document shows the alerts already fired and records nothing, so an
   * agent's question never uses up an alert its user would have seen.
   */
  mode?: 'record' | 'read';
  /** Told the alerts that fired with this document (and its zone), once it is valid and they are recorded. */
  onFired?: (alerts: WindowAlert[], doc: { timezone: string }) => void;
}

/** One document's alerts: the section it carries, and what recording it would change. */
export interface AlertJudgement {
  section: UsageAlerts;
  /** The state to keep, or null when nothing changes. */
  fired: WindowAlert[] | null;
  announced: WindowAlert[];
}

/** The alerts of one build: judged per assembly (a memo that did not fit assembles twice), recorded once. */
export interface AlertRun {
  judge(doc: { demo: boolean; claudeWindow: ClaudeWindow }, now: Date): AlertJudgement;
  /** Keep what `judgement` fired and tell `onFired`. Call once, with the document's judgement, when it is valid. */
  record(judgement: AlertJudgement, doc: { timezone: string }): void;
}

/**
 * Start the alerts of a build. The demo has none and reads no state: its numbers are not the user's.
 *
 * @example const alerts = startAlertRun({ env, home, demo: false }); const j = alerts.judge(doc, now); ...; alerts.record(j, doc);
 */
export function startAlertRun(opts: {
  env: Record<string, string | undefined>;
  home: string;
  demo: boolean;
  alerts?: AlertOptions;
  /** Injected in tests; default the data dir's state (openAlertState). */
  state?: AlertState;
}): AlertRun {
  const thresholds = alertThresholds(opts.env);
  const record = (opts.alerts?.mode ?? 'record') === 'record';
  const state = opts.demo || thresholds.length === 0 ? null : (opts.state ?? openAlertState(opts.env, opts.home));
  return {
    judge(doc, now) {
      if (state === null) return { section: { thresholds, current: [] }, fired: null, announced: [] };
      const stored = state.read();
      const shown = shownWindows(doc);
      const crossing = record
        ? evaluateCrossings({ fired: stored, observations: shown.observations, thresholds, now: now.getTime() })
        : { fired: stored, announced: [] };
      const changed = crossing.fired.length !== stored.length || crossing.announced.length > 0;
      return {
        section: { thresholds, current: currentAlerts(crossing.fired, shown, thresholds, now.getTime()) },
        fired: record && changed ? crossing.fired : null,
        announced: crossing.announced,
      };
    },
    record(judgement, doc) {
      if (state === null || judgement.fired === null) return;
      state.write(judgement.fired);
      if (judgement.announced.length > 0) opts.alerts?.onFired?.(judgement.announced, doc);
    },
  };
}
