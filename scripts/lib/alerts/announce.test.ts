// Saying alerts as they fire: one line each, in the document's zone, and the same words on the desktop.
import { describe, expect, test } from 'bun:test';
import { makeSampleAlert } from '../../../test/fixtures/sample-data.ts';
import { alertAnnouncer } from './announce.ts';

const alert = makeSampleAlert();

describe('alertAnnouncer', () => {
  test('one log line per alert, clock times in the document zone, and a notification with the same words', async () => {
    const lines: string[] = [];
    const shown: [string, string][] = [];
    const announce = alertAnnouncer({
      log: (line) => lines.push(line),
      notify: async (title, body) => (shown.push([title, body]), true),
      now: () => new Date('2026-11-20T12:00:00Z'),
    });
    announce([alert, { ...alert, window: 'seven_day', threshold: 80, pct: 81, resetsAt: '2026-11-23T13:00:00.000Z' }], {
      timezone: 'Asia/Tokyo',
    });
    expect(lines).toEqual([
      'alert: 5-hour window past 95%: 96% (Live) · resets in 2 h 14 m (at 23:14)',
      'alert: Weekly limit past 80%: 81% (Live) · resets in 3 d 1 h (at Mon 22:00)',
    ]);
    expect(shown[0]).toEqual(['aios: 5-hour window past 95%', '96% (Live) · resets in 2 h 14 m (at 23:14)']);
    expect(shown).toHaveLength(2);
  });
});
