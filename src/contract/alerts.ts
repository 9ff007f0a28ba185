// The contract's alerts: the percent thresholds in force for the 5-hour window and the week, and the
// alerts of windows still open (each threshold fires once per window; aios keeps that in its data dir).
import * as v from 'valibot';
import { isoDateTime, nonNegative } from './checks.ts';

/** At most this many thresholds are in force (AIOS_ALERT_AT). */
export const MAX_ALERT_THRESHOLDS = 5;

/** The windows an alert watches: Anthropic's 5-hour window and the week (all models). */
export const ALERT_WINDOWS = ['five_hour', 'seven_day'] as const;
export type AlertWindow = (typeof ALERT_WINDOWS)[number];

/**
 * The estimate bases an alert may rest on: shares of Anthropic's real limit. `history-p90` is not
 * one (it measures the block against the user's own heavier blocks), nor is a basis without a number.
 */
export const ALERT_ESTIMATE_BASES = ['live-plus-logs', 'calibrated', 'log-limit-message'] as const;
export type AlertEstimateBasis = (typeof ALERT_ESTIMATE_BASES)[number];

const threshold = v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(100));

export const windowAlertSchema = v.object({
  window: v.picklist(ALERT_WINDOWS),
  /** The highest threshold the window has passed (a lower one passed with it is not repeated). */
  threshold,
  /** The window's percent when the threshold was passed; an estimate's may exceed 100. */
  pct: nonNegative,
  /** Live: Anthropic's own number; estimate: aios's, on `basis`. */
  source: v.picklist(['live', 'estimate']),
  /** The estimate's basis; null for a Live number. */
  basis: v.nullable(v.picklist(ALERT_ESTIMATE_BASES)),
  firedAt: isoDateTime,
  /** When the window resets (the alert is current until then): Anthropic's reset, or the estimate's. */
  resetsAt: isoDateTime,
});
export type WindowAlert = v.InferOutput<typeof windowAlertSchema>;

export const alertsSchema = v.object({
  /** Percent thresholds in force, ascending; empty when alerts are off (AIOS_ALERT_AT=off). */
  thresholds: v.pipe(v.array(threshold), v.maxLength(MAX_ALERT_THRESHOLDS)),
  /** One per window at most: the alert of each window still open, the 5-hour window first. Never on demo data. */
  current: v.pipe(v.array(windowAlertSchema), v.maxLength(ALERT_WINDOWS.length)),
});
export type UsageAlerts = v.InferOutput<typeof alertsSchema>;
