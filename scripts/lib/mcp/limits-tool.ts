// get_usage_limits: the 5-hour window and the week as the panel shows them: percent, reset, Live or
// Estimate, the basis in words and the reading's age, and the alerts in force; the panel's words.
import * as v from 'valibot';
import type { UsageData } from '../../../src/contract/usage-data.ts';
import { buildPanelView, type LimitRow } from '../../../src/view/panel-rows.ts';
import { formatUpdated } from '../../../src/view/format.ts';
import { alertSource, alertWords } from '../../../src/view/alert-words.ts';
import { array, BOOLEAN, described, NUMBER, nullable, object, parseArgs, STRING, type DocumentTool } from './tool.ts';

const SOURCE = { type: 'string', enum: ['Live', 'Estimate'] } as const;

const windowSchema = object({
  percent: described(nullable(NUMBER), 'percent used, 0-100 (an estimate may pass 100); null when unknown, never 0'),
  percentText: STRING,
  resetsAt: described(nullable(STRING), 'ISO 8601 date-time of the reset, null when unknown'),
  resetText: described(STRING, 'e.g. "resets in 2 h 14 m (at 14:05)", in the document\'s time zone'),
  source: described(SOURCE, "Live: Anthropic's own number; Estimate: aios's estimate from the Claude Code logs"),
  basis: described(STRING, 'what the number rests on, in words'),
  used: described(nullable(STRING), 'what an estimate is made of ("3.2M tokens · $7.00 of about $20.00")'),
  level: { type: 'string', enum: ['low', 'mid', 'high', 'unknown'] },
  levelWord: described(nullable(STRING), '"near the limit" from 90 %, "limit reached" from 100 %'),
});

const outputSchema = object({
  generatedAt: described(STRING, 'when the usage document was computed'),
  demo: described(BOOLEAN, "true when these are aios's generated demo numbers, not the user's"),
  plan: nullable(STRING),
  source: SOURCE,
  sourceText: STRING,
  estimateReason: described(nullable(STRING), 'why the numbers are an estimate (null when Live)'),
  reading: described(
    nullable(object({ fetchedAt: STRING, ageSeconds: NUMBER, ageText: STRING })),
    "Anthropic's reading behind Live numbers and its age; null for an estimate",
  ),
  fiveHour: windowSchema,
  sevenDay: windowSchema,
  otherLimits: array(
    object({ label: STRING, percent: nullable(NUMBER), percentText: STRING, resetText: STRING }),
    'per-model and scoped weekly limits Anthropic reported (Live only)',
  ),
  burnRate: described(nullable(STRING), 'the active 5-hour block\'s rate, e.g. "12.3K tokens/min · $4.20/h"'),
  runsOutAt: described(nullable(STRING), 'when the 5-hour window runs out at that rate, if before its reset'),
  alerts: array(
    object({
      window: { type: 'string', enum: ['five_hour', 'seven_day'] },
      threshold: described(NUMBER, 'the alert threshold passed, in percent (AIOS_ALERT_AT, default 80 and 95)'),
      percent: described(NUMBER, 'the percent when it was passed'),
      source: described(STRING, 'Live, or the estimate it rests on'),
      firedAt: STRING,
      resetsAt: STRING,
      text: described(STRING, 'the alert in words, as the dashboard and the terminal say it'),
    }),
    'windows past an alert threshold that have not reset yet (each fires once per window); empty when none',
  ),
});

function windowOf(row: LimitRow, resetsAt: string | null, live: boolean, basis: string): Record<string, unknown> {
  return {
    percent: row.pct,
    percentText: row.pctText,
    resetsAt,
    resetText: row.resetText,
    source: live ? 'Live' : 'Estimate',
    basis,
    used: row.details.find((d) => d.kind === 'used')?.text ?? null,
    level: row.level,
    levelWord: row.levelWord,
  };
}

function limits(doc: UsageData, now: Date): Record<string, unknown> {
  const w = doc.claudeWindow;
  const view = buildPanelView(w, { now, timeZone: doc.timezone }, doc.plan?.label);
  const live = w.source === 'oauth';
  const [five, week, ...others] = view.rows;
  const liveBasis = (pct: number | null) => (pct === null ? 'not reported by Anthropic' : view.source.text);
  const fetchedAt = w.source === 'oauth' ? w.authoritative.fetchedAt : null;
  return {
    generatedAt: doc.generatedAt,
    demo: doc.demo,
    plan: doc.plan?.label ?? null,
    source: view.source.word,
    sourceText: view.source.text,
    estimateReason: view.source.kind === 'estimate' ? view.source.reason : null,
    reading:
      fetchedAt === null
        ? null
        : {
            fetchedAt,
            ageSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(fetchedAt)) / 1000)),
            ageText: formatUpdated(fetchedAt, now),
          },
    fiveHour: windowOf(five!, w.resetsAt, live, live ? liveBasis(w.pct) : w.estimate.basisText),
    sevenDay: windowOf(week!, w.weekly.resetsAt, live, live ? liveBasis(w.weekly.pct) : w.estimate.weekly.basisText),
    otherLimits: others.map((row) => ({
      label: row.label,
      percent: row.pct,
      percentText: row.pctText,
      resetText: row.resetText,
    })),
    burnRate: view.burn.rate,
    runsOutAt: view.burn.runsOut?.at ?? null,
    alerts: doc.alerts.current.map((alert) => ({
      window: alert.window,
      threshold: alert.threshold,
      percent: alert.pct,
      source: alertSource(alert),
      firedAt: alert.firedAt,
      resetsAt: alert.resetsAt,
      text: alertWords(alert, now, { timeZone: doc.timezone }).line,
    })),
  };
}

export const limitsTool: DocumentTool = {
  reads: 'document',
  name: 'get_usage_limits',
  title: 'Claude usage limits',
  description:
    "The user's Claude subscription limits now: the 5-hour window and the week, each with percent used, " +
    "reset time, whether the number is Live (Anthropic's own) or an Estimate (from the Claude Code logs), " +
    'the basis in words and the age of the reading. Use it before starting a long task.',
  inputSchema: { type: 'object', properties: {}, additionalProperties: false },
  outputSchema,
  run(doc, args, now) {
    const input = parseArgs(v.object({}), args);
    if (!input.ok) return input;
    return { ok: true, result: limits(doc, now) };
  },
};
