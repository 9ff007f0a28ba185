// Money as the document states it: every USD amount aios computed, rounded once to a millionth of a
// dollar where the document is assembled, so sums of prices carry no float noise (14.549999999999846).
import type { BurnRate, DayBreakdown, Usage, UsageBlock, WindowEstimate } from '../../../src/contract/usage-data.ts';
import type { UsageReport } from '../report/usage-report.ts';

/** The document states money in whole millionths of a US dollar. */
const USD_DECIMALS = 6;
const SCALE = 10 ** USD_DECIMALS;

/**
 * `usd` to the nearest millionth; the result is the double closest to that decimal, so it prints
 * as one (JSON writes 14.55, not 14.549999999999846).
 * @example roundUsd(14.549999999999846) // 14.55
 */
export function roundUsd(usd: number): number {
  return Math.round(usd * SCALE) / SCALE;
}

const roundNullable = (usd: number | null) => (usd === null ? null : roundUsd(usd));

function row<T extends Usage>(r: T): T {
  return { ...r, costUsd: roundNullable(r.costUsd) };
}

function dayBreakdown(day: DayBreakdown): DayBreakdown {
  return {
    ...day,
    models: day.models.map(row),
    projects: day.projects.map(row),
    otherModels: day.otherModels && row(day.otherModels),
    otherProjects: day.otherProjects && row(day.otherProjects),
  };
}

function burnRate(rate: BurnRate | null): BurnRate | null {
  return rate && { ...rate, costUsdPerHour: roundNullable(rate.costUsdPerHour) };
}

/** The report's rows with their costs rounded. */
export function reportInUsd(report: UsageReport): UsageReport {
  return {
    ...report,
    totals: row(report.totals),
    daily: report.daily.map(row),
    dailyBreakdown: report.dailyBreakdown.map(dayBreakdown),
    models: report.models.map(row),
    projects: report.projects.map(row),
    sessions: report.sessions.map(row),
  };
}

/** A block with its cost, burn rate and projection rounded. */
export function blockInUsd(block: UsageBlock): UsageBlock {
  return {
    ...row(block),
    burnRate: burnRate(block.burnRate),
    projection: block.projection && { ...block.projection, costUsd: roundNullable(block.projection.costUsd) },
  };
}

/** The estimate with its used and learned costs and its burn rate rounded (percentages are not money). */
export function estimateInUsd(estimate: WindowEstimate): WindowEstimate {
  return {
    ...estimate,
    usedCostUsd: roundNullable(estimate.usedCostUsd),
    limitCostUsd: roundNullable(estimate.limitCostUsd),
    burnRate: burnRate(estimate.burnRate),
    weekly: {
      ...estimate.weekly,
      usedCostUsd: roundNullable(estimate.weekly.usedCostUsd),
      limitCostUsd: roundNullable(estimate.weekly.limitCostUsd),
    },
  };
}
