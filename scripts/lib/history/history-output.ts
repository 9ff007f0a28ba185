// `aios history` in three forms with the same data: JSON and CSV for other tools (UTC ISO times),
// and a text table for people (times in the chosen zone).
import { roundUsd } from '../assemble/money.ts';
import type { LimitHit } from './readings.ts';
import type { HistoryWindow, WindowKind } from './windows.ts';

export interface HistoryView {
  generatedAt: number;
  /** Windows resetting before this are left out. */
  since: number;
  windows: HistoryWindow[];
  /** Every limit hit in the span, oldest first. */
  hits: LimitHit[];
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const hitJson = (h: LimitHit) => ({ window: h.window, at: iso(h.at), resetsAt: iso(h.resetsAt), origin: h.origin });

/** The view as a JSON document (times as ISO strings in UTC). */
export function historyJson(view: HistoryView): string {
  const doc = {
    generatedAt: iso(view.generatedAt),
    since: iso(view.since),
    windows: view.windows.map((w) => ({
      kind: w.kind,
      startsAt: iso(w.startsAt),
      resetsAt: iso(w.resetsAt),
      peakPct: w.peakPct,
      peakAt: iso(w.peakAt),
      readings: w.readings,
      sources: w.sources,
      costUsd: w.costUsd === null ? null : roundUsd(w.costUsd),
      hits: w.hits.map(hitJson),
    })),
    hits: view.hits.map(hitJson),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const CSV_HEADER = [
  'kind',
  'starts_at',
  'resets_at',
  'peak_pct',
  'peak_at',
  'readings',
  'sources',
  'cost_usd',
  'hits',
  'first_hit_at',
  'hit_origins',
];

/** RFC 4180: a field with a comma, quote or newline is quoted, its quotes doubled. */
const csvField = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One row per window (its hits summed up in the last three columns), times in UTC ISO. */
export function historyCsv(view: HistoryView): string {
  const rows = view.windows.map((w) => [
    w.kind,
    iso(w.startsAt),
    iso(w.resetsAt),
    w.peakPct,
    iso(w.peakAt),
    w.readings,
    w.sources.join(';'),
    w.costUsd === null ? null : w.costUsd.toFixed(4),
    w.hits.length,
    iso(w.hits[0]?.at ?? null),
    [...new Set(w.hits.map((h) => h.origin))].join(';'),
  ]);
  return [CSV_HEADER, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const KIND_WORDS: Record<WindowKind, string> = { five_hour: '5-hour', seven_day: 'weekly' };
const ORIGIN_WORDS: Record<LimitHit['origin'], string> = { reading: 'a reading at 100 %', log: 'the logs' };

/** "2026-11-20 15:00" in `timeZone` (a zone Intl does not know falls back to UTC). */
function clockIn(timeZone: string): (ms: number | null) => string {
  let fmt: Intl.DateTimeFormat;
  const options: Intl.DateTimeFormatOptions = {
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  };
  try {
    fmt = new Intl.DateTimeFormat('en-CA', { ...options, timeZone });
  } catch {
    fmt = new Intl.DateTimeFormat('en-CA', { ...options, timeZone: 'UTC' });
  }
  return (ms) => {
    if (ms === null) return '—';
    const p = Object.fromEntries(fmt.formatToParts(ms).map((x) => [x.type, x.value]));
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  };
}

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')}`);
}

/** The view as text: one table per window kind, then the limit hits. */
export function historyText(view: HistoryView, timeZone: string): string {
  const clock = clockIn(timeZone);
  const out: string[] = [];
  for (const kind of ['five_hour', 'seven_day'] as const) {
    const windows = view.windows.filter((w) => w.kind === kind);
    out.push(`${KIND_WORDS[kind]} windows since ${clock(view.since)} (${timeZone})`);
    if (windows.length === 0) {
      out.push('  none recorded yet', '');
      continue;
    }
    const header = ['resets', 'peak', 'peak seen', 'readings', 'cost', 'limit hit'];
    const rows = windows.map((w) => [
      clock(w.resetsAt),
      w.peakPct === null ? '—' : `${Math.floor(w.peakPct)}%`,
      clock(w.peakAt),
      String(w.readings),
      w.costUsd === null ? '—' : `$${w.costUsd.toFixed(2)}`,
      w.hits.length === 0 ? '' : clock(w.hits[0]!.at),
    ]);
    out.push(...table([header, ...rows]), '');
  }
  out.push('limit hits');
  if (view.hits.length === 0) out.push('  none');
  for (const h of view.hits)
    out.push(
      `  ${clock(h.at)}  ${KIND_WORDS[h.window]} limit, from ${ORIGIN_WORDS[h.origin]}` +
        (h.resetsAt === null ? '' : `; it reset at ${clock(h.resetsAt)}`),
    );
  return `${out.join('\n')}\n`;
}
