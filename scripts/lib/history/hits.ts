// Limit hits as dated events, from the two places they show: a reading of 100 % and Claude Code's
// "usage limit reached" log lines. The same limit seen twice (same window, origin and reset) is one.
import { isFiveHourLimit, type LimitMessage } from '../logs/entry.ts';
import { hitToRow } from './rows.ts';
import type { LimitHit, UsageReading } from './readings.ts';

/** The hits a reading shows: each window at 100 %. */
export function hitsOfReading(r: UsageReading): LimitHit[] {
  const hits: LimitHit[] = [];
  if (r.fiveHour && r.fiveHour.pct >= 100)
    hits.push({ window: 'five_hour', at: r.firstSeenAt, resetsAt: r.fiveHour.resetsAt, origin: 'reading' });
  if (r.sevenDay && r.sevenDay.pct >= 100)
    hits.push({ window: 'seven_day', at: r.firstSeenAt, resetsAt: r.sevenDay.resetsAt, origin: 'reading' });
  return hits;
}

/** The hits Claude Code logged ("Claude AI usage limit reached|<reset>"), placed by their reset (isFiveHourLimit). */
export function hitsOfLimitMessages(messages: readonly LimitMessage[]): LimitHit[] {
  return messages.map((m) => ({
    window: isFiveHourLimit(m) ? 'five_hour' : 'seven_day',
    at: m.at,
    resetsAt: m.resetsAt,
    origin: 'log',
  }));
}

/** One hit per window, origin and reset (the earliest sighting), oldest first. */
export function uniqueHits(hits: Iterable<LimitHit>): LimitHit[] {
  const byKey = new Map<string, LimitHit>();
  for (const h of hits) {
    const row = hitToRow(h);
    const key = `${row.win}:${row.origin}:${row.key}`;
    const known = byKey.get(key);
    if (!known || h.at < known.at) byKey.set(key, h);
  }
  return [...byKey.values()].sort((a, b) => a.at - b.at);
}
