// The calendar day ("YYYY-MM-DD") an instant falls on in an IANA time zone, and runs of days: one
// implementation for the report, the page's daily chart and the MCP summary. Pure, so the page bundles it.

const QUARTER_HOUR = 15 * 60_000;
const DAY = 86_400_000;

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A fast `epoch ms -> "YYYY-MM-DD"` in `timeZone`. Intl is slow per call, so the UTC offset is
 * looked up once per 15-minute slice: every zone change since 1970 happens on a quarter hour, so
 * the offset is constant inside a slice. A slice that holds no local midnight maps to one date,
 * which is cached too. Throws RangeError for a name Intl does not know.
 * @example createDayKeyer('Asia/Tokyo')(Date.parse('2026-11-20T23:30:00Z')) // "2026-11-21"
 */
export function createDayKeyer(timeZone: string): (timestamp: number) => string {
  // UTC needs no zone data: skipping Intl here (and in aggregate's zone check) spares loading ICU's
  // zone data per run, and a formatToParts call per quarter hour of history.
  if (timeZone === 'UTC') {
    const days = new Map<number, string>();
    return (timestamp) => {
      const day = Math.floor(timestamp / DAY);
      let date = days.get(day);
      if (date === undefined) days.set(day, (date = utcDay(day * DAY)));
      return date;
    };
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  } catch {
    throw new RangeError(`unknown time zone "${timeZone}" (expected an IANA name such as Europe/Berlin)`);
  }
  const offsetAt = (at: number): number => {
    const p: Record<string, number> = {};
    for (const part of fmt.formatToParts(at)) if (part.type !== 'literal') p[part.type] = Number(part.value);
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - at;
  };
  const slices = new Map<number, { offset: number; date: string | null }>();
  return (timestamp) => {
    const slice = Math.floor(timestamp / QUARTER_HOUR);
    let s = slices.get(slice);
    if (!s) {
      const start = slice * QUARTER_HOUR;
      const offset = offsetAt(start);
      const sameDay = Math.floor((start + offset) / DAY) === Math.floor((start + QUARTER_HOUR - 1 + offset) / DAY);
      s = { offset, date: sameDay ? utcDay(start + offset) : null };
      slices.set(slice, s);
    }
    return s.date ?? utcDay(timestamp + s.offset);
  };
}

/**
 * The calendar day of one instant (an ISO string) in `timeZone`; UTC when the zone is unknown, so
 * a page given a zone its browser lacks still draws its days.
 * @example dayInZone('2026-11-20T23:30:00Z', 'Asia/Tokyo') // "2026-11-21"
 */
export function dayInZone(iso: string, timeZone: string): string {
  let dayOf: (timestamp: number) => string;
  try {
    dayOf = createDayKeyer(timeZone);
  } catch {
    dayOf = createDayKeyer('UTC');
  }
  return dayOf(Date.parse(iso));
}

/**
 * The `days` calendar days ending with `endDay` ("YYYY-MM-DD"), oldest first. Dates have no zone:
 * the days are counted on the calendar, so a daylight-saving change moves none of them.
 * @example datesEndingOn('2026-03-01', 3) // ["2026-02-27", "2026-02-28", "2026-03-01"]
 */
export function datesEndingOn(endDay: string, days: number): string[] {
  const end = Date.parse(`${endDay}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => utcDay(end - (days - 1 - i) * DAY));
}
