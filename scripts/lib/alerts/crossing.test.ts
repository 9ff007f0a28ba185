// The crossing logic at its edges: a crossing, the same window again, a reset, a number that falls
// back, two thresholds at once, an estimate turning Live; which windows may alert; what is current.
import { describe, expect, test } from 'bun:test';
import type { WindowAlert } from '../../../src/contract/usage-data.ts';
import {
  makeSampleEstimateWindow,
  makeSampleLiveWindow,
  makeSampleUsageData,
  SAMPLE_NOW,
  sampleCalibration,
} from '../../../test/fixtures/sample-data.ts';
import {
  currentAlerts,
  evaluateCrossings,
  sameWindow,
  shownWindows,
  type AlertObservation,
  type ShownWindows,
} from './crossing.ts';

const NOW = Date.parse(SAMPLE_NOW);
const MIN = 60_000;
const HOUR = 60 * MIN;
const THRESHOLDS = [80, 95];
const iso = (ms: number) => new Date(ms).toISOString();

/** The 5-hour window resetting at `resetsAt`, at `pct`, Live unless said otherwise. */
function five(pct: number, resetsAt = NOW + 2 * HOUR, over: Partial<AlertObservation> = {}): AlertObservation {
  return { window: 'five_hour', pct, resetsAt, source: 'live', basis: null, ...over };
}

/** Feed the observations one evaluation after another, a minute apart; returns what each announced and the state. */
function sequence(steps: AlertObservation[][], thresholds = THRESHOLDS, fired: WindowAlert[] = []) {
  const announced: WindowAlert[][] = [];
  steps.forEach((observations, i) => {
    const r = evaluateCrossings({ fired, observations, thresholds, now: NOW + i * MIN });
    fired = r.fired;
    announced.push(r.announced);
  });
  return { announced, fired };
}

const thresholdsOf = (announced: WindowAlert[][]) => announced.map((step) => step.map((a) => a.threshold));

describe('evaluateCrossings', () => {
  test('a crossing fires once, at the threshold itself, with the window, its number and its reset', () => {
    const { announced, fired } = sequence([[five(79.9)], [five(80)], [five(81)]]);
    expect(thresholdsOf(announced)).toEqual([[], [80], []]);
    expect(announced[1]).toEqual([
      {
        window: 'five_hour',
        threshold: 80,
        pct: 80,
        source: 'live',
        basis: null,
        firedAt: iso(NOW + MIN),
        resetsAt: iso(NOW + 2 * HOUR),
      },
    ]);
    expect(fired).toEqual(announced[1]!);
  });

  test('the same window again fires nothing more until the next threshold; that one fires once', () => {
    const { announced } = sequence([[five(85)], [five(90)], [five(96)], [five(99)], [five(100)]]);
    expect(thresholdsOf(announced)).toEqual([[80], [], [95], [], []]);
  });

  test('a reset starts afresh: the next window fires again', () => {
    const next = NOW + 7 * HOUR;
    const { announced, fired } = sequence([[five(85)], [five(2, next)], [five(83, next)]]);
    expect(thresholdsOf(announced)).toEqual([[80], [], [80]]);
    expect(announced[2]![0]!.resetsAt).toBe(iso(next));
    // Both windows are kept: the old one is still within the days the state remembers.
    expect(fired.map((a) => a.resetsAt)).toEqual([iso(NOW + 2 * HOUR), iso(next)]);
  });

  test('a number that falls back under the threshold fires nothing, and climbing again in the same window neither', () => {
    const { announced } = sequence([[five(82)], [five(70)], [five(78)], [five(88)]]);
    expect(thresholdsOf(announced)).toEqual([[80], [], [], []]);
  });

  test('passing both thresholds at once is one alert, the higher one; the lower never fires after it', () => {
    const { announced, fired } = sequence([[five(50)], [five(96)], [five(85)], [five(97)]]);
    expect(thresholdsOf(announced)).toEqual([[], [95], [], []]);
    expect(fired.map((a) => a.threshold)).toEqual([95]);
  });

  test('an estimate that turns Live is the same window: its reset moved a little, no second alert', () => {
    const guessed = NOW + 3 * HOUR; // the block's end, floored to the hour
    const anthropic = NOW + 2 * HOUR + 14 * MIN;
    const { announced, fired } = sequence([
      [five(83, guessed, { source: 'estimate', basis: 'calibrated' })],
      [five(84, anthropic)],
      [five(95.5, anthropic)],
    ]);
    expect(thresholdsOf(announced)).toEqual([[80], [], [95]]);
    expect(announced[0]![0]).toMatchObject({ source: 'estimate', basis: 'calibrated' });
    // The higher alert replaces the lower one of the same window, with Anthropic's reset.
    expect(fired).toEqual([expect.objectContaining({ threshold: 95, source: 'live', resetsAt: iso(anthropic) })]);
  });

  test('the 5-hour window and the week fire on their own', () => {
    const week: AlertObservation = {
      window: 'seven_day',
      pct: 81,
      resetsAt: NOW + 3 * 24 * HOUR,
      source: 'live',
      basis: null,
    };
    const { announced } = sequence([
      [five(90), week],
      [five(91), { ...week, pct: 96 }],
    ]);
    expect(announced.map((step) => step.map((a) => [a.window, a.threshold]))).toEqual([
      [
        ['five_hour', 80],
        ['seven_day', 80],
      ],
      [['seven_day', 95]],
    ]);
  });

  test('new thresholds fire above the highest one a window already passed, not below it', () => {
    const first = sequence([[five(85)]]);
    expect(thresholdsOf(sequence([[five(86)]], [70, 85], first.fired).announced)).toEqual([[85]]);
    expect(thresholdsOf(sequence([[five(86)]], [75], first.fired).announced)).toEqual([[]]);
    expect(thresholdsOf(sequence([[five(99)]], [], first.fired).announced)).toEqual([[]]);
  });

  test('windows reset more than eight days ago are forgotten', () => {
    const old = sequence([[five(90, NOW - 9 * 24 * HOUR)]]).fired;
    expect(old).toHaveLength(1);
    expect(evaluateCrossings({ fired: old, observations: [], thresholds: THRESHOLDS, now: NOW }).fired).toEqual([]);
  });
});

describe('sameWindow', () => {
  test('within half a window is the same window; a whole window apart never is', () => {
    expect(sameWindow('five_hour', NOW, NOW + 2 * HOUR + 29 * MIN)).toBe(true);
    expect(sameWindow('five_hour', NOW, NOW + 2.5 * HOUR)).toBe(false);
    expect(sameWindow('five_hour', NOW, NOW + 5 * HOUR)).toBe(false);
    expect(sameWindow('seven_day', NOW, NOW + 3 * 24 * HOUR)).toBe(true);
    expect(sameWindow('seven_day', NOW, NOW + 7 * 24 * HOUR)).toBe(false);
  });
});

describe('shownWindows', () => {
  test("a Live window offers Anthropic's two numbers", () => {
    const shown = shownWindows(makeSampleUsageData({ claudeWindow: makeSampleLiveWindow({ pct: 96 }) }));
    expect(shown.observations).toEqual([
      { window: 'five_hour', pct: 96, resetsAt: NOW + 134 * MIN, source: 'live', basis: null },
      { window: 'seven_day', pct: 18, resetsAt: NOW + 4380 * MIN, source: 'live', basis: null },
    ]);
  });

  test('an estimate alerts on live-plus-logs, calibrated and a logged limit; never on history-p90', () => {
    const estimate = (basis: string, weeklyBasis: string) => {
      const w = makeSampleEstimateWindow({ pct: 97, weekly: { pct: 90, resetsAt: iso(NOW + 50 * HOUR) } });
      return shownWindows(
        makeSampleUsageData({
          claudeWindow: {
            ...w,
            estimate: {
              ...w.estimate,
              basis: basis as never,
              calibration: sampleCalibration(),
              weekly: { ...w.estimate.weekly, basis: weeklyBasis as never },
            },
          },
        }),
      ).observations.map((o) => [o.window, o.basis]);
    };
    expect(estimate('calibrated', 'live-plus-logs')).toEqual([
      ['five_hour', 'calibrated'],
      ['seven_day', 'live-plus-logs'],
    ]);
    expect(estimate('log-limit-message', 'calibrated')).toEqual([
      ['five_hour', 'log-limit-message'],
      ['seven_day', 'calibrated'],
    ]);
    expect(estimate('history-p90', 'history-p90')).toEqual([]);
    expect(estimate('insufficient-history', 'no-activity')).toEqual([]);
  });

  test('demo data offers nothing, and shows no reset', () => {
    const shown = shownWindows(makeSampleUsageData({ demo: true, claudeWindow: makeSampleLiveWindow({ pct: 99 }) }));
    expect(shown).toEqual({ observations: [], resets: { five_hour: null, seven_day: null } });
  });

  test('a window without a number or a reset offers nothing', () => {
    const shown = shownWindows(
      makeSampleUsageData({ claudeWindow: makeSampleLiveWindow({ pct: null, weekly: { pct: 99, resetsAt: null } }) }),
    );
    expect(shown.observations).toEqual([]);
    expect(shown.resets).toEqual({ five_hour: NOW + 134 * MIN, seven_day: null });
  });
});

describe('currentAlerts', () => {
  const fired = sequence([[five(96, NOW + 3 * HOUR)]]).fired;
  const shown = (pct: number | null, reset: number | null = NOW + 2 * HOUR + 14 * MIN): ShownWindows => ({
    observations: pct === null || reset === null ? [] : [five(pct, reset)],
    resets: { five_hour: reset, seven_day: null },
  });

  test('the alert of the window shown, with the reset the document shows now', () => {
    expect(currentAlerts(fired, shown(97), THRESHOLDS, NOW)).toEqual([
      { ...fired[0]!, resetsAt: iso(NOW + 2 * HOUR + 14 * MIN) },
    ]);
  });

  test('not once the window has reset, nor when the document shows another window', () => {
    expect(currentAlerts(fired, shown(97), THRESHOLDS, NOW + 2 * HOUR + 14 * MIN)).toEqual([]);
    expect(currentAlerts(fired, shown(3, NOW + 7 * HOUR), THRESHOLDS, NOW)).toEqual([]);
  });

  test('hidden while the number is back under its threshold; shown while it is unknown', () => {
    expect(currentAlerts(fired, shown(90), THRESHOLDS, NOW)).toEqual([]);
    expect(currentAlerts(fired, shown(null), THRESHOLDS, NOW)).toHaveLength(1);
    expect(currentAlerts(fired, shown(null, null), THRESHOLDS, NOW)).toEqual([
      { ...fired[0]!, resetsAt: iso(NOW + 3 * HOUR) },
    ]);
  });

  test('nothing when alerts are off', () => {
    expect(currentAlerts(fired, shown(97), [], NOW)).toEqual([]);
  });
});
