// The calendar day of an instant in a zone, as the report's daily rows and the page's chart read it:
// checked against Intl across DST changes, odd offsets and unknown zones; and runs of days.
import { describe, expect, test } from 'bun:test';
import { createDayKeyer, datesEndingOn, dayInZone } from './calendar-day.ts';

describe('createDayKeyer', () => {
  test('an entry at 23:30 UTC is on the same day in UTC and Los Angeles, the next day in Tokyo', () => {
    const at = Date.parse('2026-11-20T23:30:00Z');
    expect(createDayKeyer('UTC')(at)).toBe('2026-11-20');
    expect(createDayKeyer('America/Los_Angeles')(at)).toBe('2026-11-20');
    expect(createDayKeyer('Asia/Tokyo')(at)).toBe('2026-11-21');
  });

  test('an entry at 03:30 UTC is still the previous evening in Los Angeles', () => {
    const at = Date.parse('2026-11-21T03:30:00Z');
    expect(createDayKeyer('UTC')(at)).toBe('2026-11-21');
    expect(createDayKeyer('America/Los_Angeles')(at)).toBe('2026-11-20');
    expect(createDayKeyer('Asia/Tokyo')(at)).toBe('2026-11-21');
  });

  test('midnight edges on the DST change days in Los Angeles', () => {
    const la = createDayKeyer('America/Los_Angeles');
    // Spring forward 2026-03-08 (PST -8 -> PDT -7): the day is 23 hours long.
    expect(la(Date.parse('2026-03-08T07:59:59.999Z'))).toBe('2026-03-07');
    expect(la(Date.parse('2026-03-08T08:00:00Z'))).toBe('2026-03-08');
    expect(la(Date.parse('2026-03-09T06:59:59.999Z'))).toBe('2026-03-08');
    expect(la(Date.parse('2026-03-09T07:00:00Z'))).toBe('2026-03-09');
    // Fall back 2026-11-01 (PDT -> PST): the day is 25 hours long.
    expect(la(Date.parse('2026-11-01T06:59:59.999Z'))).toBe('2026-10-31');
    expect(la(Date.parse('2026-11-01T07:00:00Z'))).toBe('2026-11-01');
    expect(la(Date.parse('2026-11-02T07:59:59.999Z'))).toBe('2026-11-01');
    expect(la(Date.parse('2026-11-02T08:00:00Z'))).toBe('2026-11-02');
  });

  test.each([
    'America/Los_Angeles',
    'Europe/Berlin',
    'Asia/Kathmandu',
    'Australia/Lord_Howe',
    'America/St_Johns',
    'UTC',
  ])('the cached keyer agrees with Intl minute by minute around DST changes in %s', (zone) => {
    const keyer = createDayKeyer(zone);
    const intl = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    // Odd steps so the probes fall at every minute-of-hour over the weeks around each change.
    for (const start of [Date.UTC(2026, 2, 5), Date.UTC(2026, 3, 2), Date.UTC(2026, 9, 1), Date.UTC(2026, 9, 29)]) {
      for (let t = start; t < start + 10 * 86_400_000; t += 7 * 60_000 + 13_000) expect(keyer(t)).toBe(intl.format(t));
    }
  });

  test('an unknown zone is a clear RangeError', () => {
    expect(() => createDayKeyer('Mars/Olympus_Mons')).toThrow(/unknown time zone "Mars\/Olympus_Mons"/);
  });
});

describe('dayInZone', () => {
  test('finds the day of one instant, as the keyer does', () => {
    expect(dayInZone('2026-11-20T23:30:00Z', 'Asia/Tokyo')).toBe('2026-11-21');
    expect(dayInZone('2026-11-21T03:30:00Z', 'America/Los_Angeles')).toBe('2026-11-20');
    expect(dayInZone('2026-11-20T23:30:00.000+00:00', 'UTC')).toBe('2026-11-20');
  });

  test('reads an unknown zone as UTC instead of failing the page', () => {
    expect(dayInZone('2026-11-20T23:30:00Z', 'Not/AZone')).toBe('2026-11-20');
  });
});

describe('datesEndingOn', () => {
  test('the days ending with the given one, oldest first, across a month end and a leap day', () => {
    expect(datesEndingOn('2026-03-01', 3)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(datesEndingOn('2028-03-01', 2)).toEqual(['2028-02-29', '2028-03-01']);
    expect(datesEndingOn('2026-11-20', 1)).toEqual(['2026-11-20']);
  });
});
