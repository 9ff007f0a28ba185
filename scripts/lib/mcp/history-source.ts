// Where get_usage_history reads from: the usage history in the data dir, summarized as `aios
// history` does (windows, peaks, logged cost, limit hits). A missing history is said, never created.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gatherHistory } from '../history/gather.ts';
import { STORE_FILE_NAME } from '../history/store.ts';
import { resolveAiosDataDir } from '../support/paths.ts';
import { missingHistory, type HistorySource } from './tool.ts';

/**
 * The usage history as the MCP tool reads it: `missing` (with nothing in it) when the data dir has
 * no history file, so asking never starts one; else `aios history`'s view of the last `days` days.
 *
 * @example const source = usageHistorySource(process.env, homedir()); const facts = await source(7, new Date());
 */
export function usageHistorySource(env: Record<string, string | undefined>, home: string): HistorySource {
  return async (days, now) => {
    if (!existsSync(join(resolveAiosDataDir(env, home), STORE_FILE_NAME))) return missingHistory(days, now);
    return { store: 'present', view: await gatherHistory({ env, home, now: now.getTime(), days }) };
  };
}
