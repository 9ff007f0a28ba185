// A payload as a reading and a reading as a payload: the windows carry over, a window without a reset
// is left out of the columns, and a statusline reading stands for a payload with no extras.
import { describe, expect, test } from 'bun:test';
import { HOUR, reading } from '../../../test/fixtures/history-fixtures.ts';
import { readingFromPayload, usageFromReading } from './payload-reading.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('payload <-> reading', () => {
  test('a payload becomes a reading at its fetch time; a window without a reset is not a column', () => {
    const usage = {
      fetchedAt: iso(NOW),
      fiveHour: { utilization: 11, resetsAt: iso(NOW + HOUR) },
      sevenDay: { utilization: 9, resetsAt: null },
      sevenDaySonnet: null,
      sevenDayOpus: null,
      sevenDayOauthApps: null,
      extraUsage: null,
      limits: [],
    };
    expect(readingFromPayload('endpoint', usage)).toEqual({
      via: 'endpoint',
      firstSeenAt: NOW,
      observedAt: NOW,
      fiveHour: { pct: 11, resetsAt: NOW + HOUR },
      sevenDay: null,
      planTier: null,
      payload: usage,
    });
    expect(usageFromReading(readingFromPayload('endpoint', usage))).toEqual(usage);
  });

  test('a statusline reading stands for a payload of its two windows, dated at its last sighting', () => {
    const r = reading(NOW - 1000, { firstSeenAt: NOW - 5000, sevenDay: null });
    expect(usageFromReading(r)).toEqual({
      fetchedAt: iso(NOW - 1000),
      fiveHour: { utilization: 42, resetsAt: iso(NOW - 1000 + 2 * HOUR) },
      sevenDay: null,
      sevenDaySonnet: null,
      sevenDayOpus: null,
      sevenDayOauthApps: null,
      extraUsage: null,
      limits: [],
    });
  });
});
