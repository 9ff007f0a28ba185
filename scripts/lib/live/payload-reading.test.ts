// A payload as a reading: the windows carry over, and a window without a reset is left out of the columns.
import { describe, expect, test } from 'bun:test';
import { HOUR } from '../../../test/fixtures/history-fixtures.ts';
import { readingFromPayload } from './payload-reading.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('readingFromPayload', () => {
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
  });
});
