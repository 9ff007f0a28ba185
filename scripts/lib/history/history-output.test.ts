// `aios history` output: JSON and CSV hold the same windows and hits (UTC), the text table reads in
// the chosen zone, and a field with a comma or quote stays one CSV field.
import { describe, expect, test } from 'bun:test';
import { HOUR, MINUTE } from '../../../test/fixtures/history-fixtures.ts';
import { historyCsv, historyJson, historyText, type HistoryView } from './history-output.ts';

const NOW = Date.parse('2026-11-20T15:00:00Z');
const hit = { window: 'five_hour' as const, at: NOW - 30 * MINUTE, resetsAt: NOW + HOUR, origin: 'log' as const };

const view: HistoryView = {
  generatedAt: NOW,
  since: NOW - 7 * 24 * HOUR,
  windows: [
    {
      kind: 'five_hour',
      startsAt: NOW - 4 * HOUR,
      resetsAt: NOW + HOUR,
      peakPct: 99.5,
      peakAt: NOW - HOUR,
      readings: 3,
      sources: ['statusline', 'endpoint'],
      costUsd: 12.345678912,
      hits: [hit],
    },
    {
      kind: 'seven_day',
      startsAt: NOW - 2 * 24 * HOUR,
      resetsAt: NOW + 5 * 24 * HOUR,
      peakPct: null,
      peakAt: null,
      readings: 0,
      sources: [],
      costUsd: null,
      hits: [],
    },
  ],
  hits: [hit],
};

describe('history output', () => {
  test('JSON: ISO times in UTC, every window with its hits, and the hits on their own', () => {
    const doc = JSON.parse(historyJson(view));
    expect(doc.generatedAt).toBe('2026-11-20T15:00:00.000Z');
    expect(doc.windows[0]).toEqual({
      kind: 'five_hour',
      startsAt: '2026-11-20T11:00:00.000Z',
      resetsAt: '2026-11-20T16:00:00.000Z',
      peakPct: 99.5,
      peakAt: '2026-11-20T14:00:00.000Z',
      readings: 3,
      sources: ['statusline', 'endpoint'],
      costUsd: 12.345679,
      hits: [
        { window: 'five_hour', at: '2026-11-20T14:30:00.000Z', resetsAt: '2026-11-20T16:00:00.000Z', origin: 'log' },
      ],
    });
    expect(doc.windows[1].peakPct).toBeNull();
    expect(doc.hits).toEqual(doc.windows[0].hits);
  });

  test('CSV: a header and one row per window, the same values as the JSON', () => {
    expect(historyCsv(view).split('\r\n')).toEqual([
      'kind,starts_at,resets_at,peak_pct,peak_at,readings,sources,cost_usd,hits,first_hit_at,hit_origins',
      'five_hour,2026-11-20T11:00:00.000Z,2026-11-20T16:00:00.000Z,99.5,2026-11-20T14:00:00.000Z,3,statusline;endpoint,12.3457,1,2026-11-20T14:30:00.000Z,log',
      'seven_day,2026-11-18T15:00:00.000Z,2026-11-25T15:00:00.000Z,,,0,,,0,,',
      '',
    ]);
  });

  test('text: times in the zone asked for, peaks rounded down, the hits in words', () => {
    const text = historyText(view, 'Asia/Tokyo');
    expect(text).toContain('5-hour windows since 2026-11-14 00:00 (Asia/Tokyo)');
    expect(text).toMatch(/2026-11-21 01:00 +99% +2026-11-20 23:00 +3 +\$12\.35 +2026-11-20 23:30/);
    expect(text).toContain('2026-11-20 23:30  5-hour limit, from the logs; it reset at 2026-11-21 01:00');
    expect(historyText({ ...view, windows: [], hits: [] }, 'UTC')).toContain('  none recorded yet');
  });
});
