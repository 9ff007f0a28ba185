// AIOS_ALERT_AT: the default 80,95, off, lists in any order, and a malformed value said once with the
// defaults in force.
import { describe, expect, test } from 'bun:test';
import { captureLogLines } from '../../../test/fixtures/log-capture.ts';
import { alertThresholds, parseAlertThresholds } from './thresholds.ts';

const logged = captureLogLines();

describe('parseAlertThresholds', () => {
  test('unset or empty is 80 and 95; off is none', () => {
    expect(parseAlertThresholds(undefined)).toEqual({ ok: true, thresholds: [80, 95] });
    expect(parseAlertThresholds('  ')).toEqual({ ok: true, thresholds: [80, 95] });
    expect(parseAlertThresholds('off')).toEqual({ ok: true, thresholds: [] });
    expect(parseAlertThresholds(' OFF ')).toEqual({ ok: true, thresholds: [] });
  });

  test('whole percentages from 1 to 100, sorted, repeats dropped, a % sign allowed', () => {
    expect(parseAlertThresholds('95,80')).toEqual({ ok: true, thresholds: [80, 95] });
    expect(parseAlertThresholds('50, 75 %,90%,100,50')).toEqual({ ok: true, thresholds: [50, 75, 90, 100] });
    expect(parseAlertThresholds('1')).toEqual({ ok: true, thresholds: [1] });
  });

  test('anything else is refused, with what was expected', () => {
    for (const bad of ['0', '101', '80.5', '-5', 'eighty', '80;95', '80,,95', '80,', 'on', '1,2,3,4,5,6']) {
      const parsed = parseAlertThresholds(bad);
      expect({ bad, ok: parsed.ok }).toEqual({ bad, ok: false });
    }
    expect(parseAlertThresholds('x')).toEqual({
      ok: false,
      problem: 'expected whole percentages from 1 to 100 separated by commas (e.g. 80,95), or off',
    });
    expect(parseAlertThresholds('1,2,3,4,5,6')).toEqual({ ok: false, problem: 'at most 5 thresholds' });
  });
});

describe('alertThresholds', () => {
  test('a malformed value is warned about once and the defaults apply', () => {
    expect(alertThresholds({ AIOS_ALERT_AT: '90' })).toEqual([90]);
    expect(alertThresholds({ AIOS_ALERT_AT: 'ninety' })).toEqual([80, 95]);
    expect(alertThresholds({ AIOS_ALERT_AT: 'ninety' })).toEqual([80, 95]);
    expect(logged.lines).toEqual([
      "aios warn: AIOS_ALERT_AT='ninety' is not used: expected whole percentages from 1 to 100 separated by " +
        'commas (e.g. 80,95), or off; alerting at 80,95',
    ]);
  });
});
