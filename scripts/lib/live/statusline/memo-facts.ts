// What the statusline shows from the logs: today's cost and the active block's burn rate, taken
// from the report memo the last `aios aggregate`/`serve` wrote. Never a scan: no memo, no numbers.
import { resolveClaudeConfigDirs } from '../../logs/config-dirs.ts';
import { readUsageMemo } from '../../logs/cache/memo.ts';
import { resolveAiosCacheDir } from '../../support/paths.ts';
import { roundUsd } from '../../assemble/money.ts';
import { blocksAt } from '../../windows/blocks.ts';
import { createDayKeyer } from '../../../../src/view/calendar-day.ts';

export interface MemoFacts {
  /** USD logged today (in the memo's zone), or null when unknown. */
  todayCostUsd: number | null;
  /** USD per hour of the active 5-hour block, or null when there is none or it is unknown. */
  burnUsdPerHour: number | null;
}

export const NO_FACTS: MemoFacts = { todayCostUsd: null, burnUsdPerHour: null };

/**
 * The memo's scope for a set of config dirs: logs/scan.ts scanScope, restated here because
 * importing the scan would load it on the statusline's path (a test holds the two equal).
 */
export const memoScope = (configDirs: string[]): string => configDirs.join('\n');

/**
 * Today's cost and the burn rate as of the last aggregate, for the config dirs and zone (TZ) an
 * aggregate in this environment would use. Never throws.
 */
export function memoFacts(env: Record<string, string | undefined>, home: string, now: number): MemoFacts {
  try {
    const dirs = resolveClaudeConfigDirs(env, home).dirs;
    if (dirs.length === 0) return NO_FACTS;
    const stored = readUsageMemo(resolveAiosCacheDir(env, home), memoScope(dirs), env.TZ ?? '');
    if (stored === null) return NO_FACTS;
    const { report, blocks, timezone } = stored.memo;
    const today = createDayKeyer(timezone)(now);
    const day = report.daily.find((d) => d.date === today);
    const active = blocksAt(blocks, new Date(now)).find((b) => b.isActive);
    // Rounded as the document states money, so the line and the dashboard agree to the cent and beyond.
    const usd = (x: number | null | undefined) => (x === null || x === undefined ? null : roundUsd(x));
    return { todayCostUsd: usd(day?.costUsd), burnUsdPerHour: usd(active?.burnRate?.costUsdPerHour) };
  } catch {
    return NO_FACTS;
  }
}
