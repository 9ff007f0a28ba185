// Calibration: percent per dollar recovered through rounding and outliers, usage elsewhere said in
// words, a plan change starting it again, held-out error, and too few readings saying so.
import { describe, expect, test } from 'bun:test';
import { DAY, HOUR, logOf, syntheticHistory } from '../../../test/fixtures/synthetic-readings.ts';
import {
  calibrate,
  calibrateWindows,
  calibrationReport,
  calibrationWords,
  currentPlanReadings,
  notCalibratedWords,
  weightedMedian,
  type CalibrationFit,
} from './calibration.ts';

const end = Date.parse('2026-11-28T12:00:00Z');

function fitOf(history: ReturnType<typeof syntheticHistory>, kind: 'fiveHour' | 'sevenDay' = 'fiveHour') {
  const r = calibrate(history.readings, kind, logOf(history.entries).costBetween, end);
  if (!r.ok) throw new Error(`expected a fit, got ${JSON.stringify(r)}`);
  return r.fit;
}

describe('weightedMedian', () => {
  test('is the value where half the weight lies on either side', () => {
    expect(weightedMedian([1, 2, 3], [1, 1, 1])).toBe(2);
    expect(weightedMedian([1, 2, 100], [1, 1, 10])).toBe(100);
    expect(weightedMedian([5, 1], [1, 1])).toBe(1);
    expect(weightedMedian([], [])).toBeNaN();
  });
});

describe('calibrate', () => {
  test('recovers percent per dollar from rounded readings, with a small held-out error', () => {
    // $8 a window at 4 points per dollar: readings of 11, 21, 32 % (rounded).
    const fit = fitOf(syntheticHistory({ end, days: 20, k5: 4, k7: 0.5 }));
    expect(fit.pctPerUsd).toBeGreaterThan(3.9);
    expect(fit.pctPerUsd).toBeLessThan(4.1);
    expect([fit.readings, fit.windows]).toEqual([60, 20]);
    expect(fit.errorPoints).toBeLessThanOrEqual(0.5);
    expect(fit.machineShare).toBeNull();
  });

  test('whole-percent rounding of small readings does not swing it', () => {
    // $0.60 a window at 4 points per dollar: the true readings are 0.8, 1.6, 2.4 %.
    const fit = fitOf(syntheticHistory({ end, days: 30, k5: 4, k7: 0.5, costOfDay: (d) => 0.5 + (d % 3) * 0.1 }));
    expect(Math.abs(fit.pctPerUsd - 4) / 4).toBeLessThan(0.15);
  });

  test('a few outlandish readings (100 %, 0 %) barely move it', () => {
    const h = syntheticHistory({ end, days: 24, k5: 4, k7: 0.5 });
    h.readings[10]!.fiveHour!.pct = 100;
    h.readings[31]!.fiveHour!.pct = 100;
    h.readings[50]!.fiveHour!.pct = 0;
    const fit = fitOf(h);
    expect(Math.abs(fit.pctPerUsd - 4)).toBeLessThan(0.15);
  });

  test('usage elsewhere in some windows is said as this machine’s share in the windows read, and the fit follows the typical window', () => {
    // Every third window also has 30 points of usage elsewhere.
    const h = syntheticHistory({ end, days: 30, k5: 4, k7: 0.5, elsewhere: (d) => (d % 3 === 0 ? 30 : 0) });
    const fit = fitOf(h);
    expect(fit.machineShare?.scope).toBe('windows-read');
    expect(fit.machineShare!.share).toBeGreaterThan(0.6);
    expect(fit.machineShare!.share).toBeLessThan(0.85);
    expect(calibrationWords(fit, end)).toMatch(
      /this machine accounts for about (65|70|75|80) % of your usage in the windows read/,
    );
    // Two windows in three have none: the fit is their rate, not pulled up to the others'.
    expect(Math.abs(fit.pctPerUsd - 4)).toBeLessThan(0.2);
    // The week's own fit absorbs what every week has elsewhere: it says nothing by itself.
    expect(fitOf(h, 'sevenDay').machineShare).toBeNull();
  });

  test('Anthropic weighing windows differently from API prices is not mistaken for usage elsewhere', () => {
    // Each window's percent is ±25 % off the price-based rate, as often up as down.
    const h = syntheticHistory({ end, days: 30, k5: 4, k7: 0.5 });
    const weight = (i: number) => [0.75, 1.25, 0.9, 1.1, 1][Math.floor(i / 3) % 5]!;
    h.readings.forEach((r, i) => (r.fiveHour!.pct = Math.round(r.fiveHour!.pct * weight(i))));
    const fit = fitOf(h);
    expect(fit.machineShare).toBeNull();
    expect(Math.abs(fit.pctPerUsd - 4)).toBeLessThan(0.5);
    expect(fit.errorPoints).toBeGreaterThan(1);
  });

  test('a plan tier change starts the fit again from the first reading of the new tier', () => {
    // 20 days on tier a at 8 points per dollar, then 10 days on tier b at 2.
    const h = syntheticHistory({
      end,
      days: 30,
      k5: 8,
      k7: 0.5,
      tier: (d) => (d < 20 ? 'tier-a' : d === 25 ? null : 'tier-b'),
    });
    for (const r of h.readings.slice(60)) r.fiveHour!.pct = Math.round(r.fiveHour!.pct / 4);
    const fit = fitOf(h);
    expect(fit.windows).toBe(10);
    expect(fit.since).toBe(h.readings[60]!.observedAt);
    expect(Math.abs(fit.pctPerUsd - 2)).toBeLessThan(0.15);
    expect(currentPlanReadings(h.readings, end)).toHaveLength(30);
  });

  test('too few readings or windows is no fit, with the counts to say so in words', () => {
    const h = syntheticHistory({ end, days: 2, k5: 4, k7: 0.5 });
    const r = calibrate(h.readings, 'fiveHour', logOf(h.entries).costBetween, end);
    expect(r).toEqual({ ok: false, window: 'fiveHour', readings: 6, windows: 2 });
    if (r.ok) return;
    expect(notCalibratedWords(r)).toBe(
      'not calibrated yet: 6 readings of 2 windows with cost logged here (needs 6 over 4)',
    );
    const none = calibrate([], 'sevenDay', logOf([]).costBetween, end);
    expect(none).toEqual({ ok: false, window: 'sevenDay', readings: 0, windows: 0 });
  });

  test('readings of windows with no cost logged here count as usage elsewhere, not as a slope', () => {
    const h = syntheticHistory({ end, days: 12, k5: 4, k7: 0.5 });
    // Day 3's window was used on another machine only: its entries are not in this log.
    const other = h.windows[3]!;
    const entries = h.entries.filter(([t]) => t < other.start || t >= other.resetsAt);
    for (const r of h.readings.filter((r) => r.fiveHour!.resetsAt === other.resetsAt)) r.fiveHour!.pct = 25;
    const r = calibrate(h.readings, 'fiveHour', logOf(entries).costBetween, end);
    expect(r.ok).toBe(true);
    if (r.ok) expect(Math.abs(r.fit.pctPerUsd - 4)).toBeLessThan(0.1);
  });

  test('the week is fitted on its own readings and windows', () => {
    const fit = fitOf(syntheticHistory({ end, days: 28, k5: 4, k7: 0.5 }), 'sevenDay');
    expect(Math.abs(fit.pctPerUsd - 0.5)).toBeLessThan(0.05);
    expect(fit.windows).toBeGreaterThanOrEqual(4);
  });

  test('a reading dated in the future is clock skew and is ignored', () => {
    const h = syntheticHistory({ end, days: 10, k5: 4, k7: 0.5 });
    const skewed = { ...h.readings.at(-1)!, observedAt: end + 2 * HOUR, firstSeenAt: end + 2 * HOUR };
    skewed.fiveHour = { pct: 99, resetsAt: end + 4 * HOUR };
    const with_ = fitOf({ ...h, readings: [...h.readings, skewed] });
    expect(with_.readings).toBe(30);
  });

  test('the report and the words round the error and count the days since the first reading', () => {
    const fit: CalibrationFit = {
      window: 'fiveHour',
      pctPerUsd: 4,
      readings: 37,
      windows: 12,
      since: end - 8.5 * DAY,
      errorPoints: 2.64,
      errorP90Points: 7.15,
      machineShare: null,
    };
    expect(calibrationWords(fit, end)).toBe('calibrated from 37 readings over 9 days, ±3 points');
    expect(calibrationReport(fit)).toEqual({
      pctPerUsd: 4,
      readings: 37,
      windows: 12,
      since: new Date(end - 8.5 * DAY).toISOString(),
      errorPoints: 2.6,
      errorP90Points: 7.2,
      machineShare: null,
    });
    const windowsRead = { ...fit, errorPoints: 0.2, machineShare: { share: 0.68, scope: 'windows-read' as const } };
    expect(calibrationWords(windowsRead, end)).toBe(
      'calibrated from 37 readings over 9 days, ±1 point; this machine accounts for about 70 % of your usage ' +
        'in the windows read (other machines or claude.ai use the rest)',
    );
    expect(calibrationReport(windowsRead).machineShare).toBe(0.68);
    const account = { ...fit, machineShare: { share: 0.774, scope: 'account' as const } };
    expect(calibrationWords(account, end)).toBe(
      'calibrated from 37 readings over 9 days, ±3 points; this machine accounts for about 75 % of your usage ' +
        '(other machines or claude.ai use the rest)',
    );
    expect(calibrationReport(account).machineShare).toBe(0.77);
  });
});

describe('calibrateWindows', () => {
  const fitsOf = (h: ReturnType<typeof syntheticHistory>, entries = h.entries) =>
    calibrateWindows(h.readings, logOf(entries).costBetween, end);

  test('says the account share, from the week, on both fits once the week says enough', () => {
    // Every third window has 30 points elsewhere beside this machine's 32: 32 / 42 of the usage is here.
    const h = syntheticHistory({ end, days: 30, k5: 4, k7: 0.5, elsewhere: (d) => (d % 3 === 0 ? 30 : 0) });
    const fits = fitsOf(h);
    if (!fits.fiveHour.ok || !fits.sevenDay.ok) throw new Error('expected both fits');
    expect(fits.fiveHour.fit.machineShare?.scope).toBe('account');
    expect(Math.abs(fits.fiveHour.fit.machineShare!.share - 32 / 42)).toBeLessThan(0.04);
    expect(fits.sevenDay.fit.machineShare).toEqual(fits.fiveHour.fit.machineShare);
    expect(calibrationWords(fits.sevenDay.fit, end)).toMatch(
      /this machine accounts for about (75|80) % of your usage \(other machines or claude.ai use the rest\)$/,
    );
  });

  test('usage in windows this machine never saw shows in the week, where the windows read cannot see it', () => {
    // Every third day's window ran on another machine only: no entries here, no reading of it. The
    // windows' costs vary, so the week's rounding does not repeat the same way in each.
    const h = syntheticHistory({ end, days: 36, k5: 4, k7: 0.5, costOfDay: (d) => 5 + ((d * 37) % 11) });
    const elsewhere = h.windows.filter((_, d) => d % 3 === 0);
    const away = (t: number) => elsewhere.some((w) => t >= w.start && t < w.resetsAt);
    const seen = { ...h, readings: h.readings.filter((r) => !away(r.observedAt)) };
    const entries = h.entries.filter(([t]) => !away(t));
    const alone = calibrate(seen.readings, 'fiveHour', logOf(entries).costBetween, end);
    expect(alone.ok && alone.fit.machineShare).toBeNull();
    // The truth: this machine's cost over all the cost, up to each week's last reading.
    const lastOfWeek = new Map(seen.readings.map((r) => [r.sevenDay!.resetsAt, r.observedAt]));
    const weeksCost = (log: typeof h.entries) =>
      [...lastOfWeek].reduce((s, [reset, at]) => s + logOf(log).costBetween(reset - 7 * DAY, at), 0);
    const truth = weeksCost(entries) / weeksCost(h.entries);
    expect(truth).toBeLessThan(0.75);
    const fits = fitsOf(seen, entries);
    if (!fits.fiveHour.ok) throw new Error('expected a fit');
    expect(fits.fiveHour.fit.machineShare?.scope).toBe('account');
    expect(Math.abs(fits.fiveHour.fit.machineShare!.share - truth)).toBeLessThan(0.03);
  });

  test('one machine whose windows Anthropic weighs ±25 % off API prices: nothing is said', () => {
    const h = syntheticHistory({ end, days: 30, k5: 4, k7: 0.5 });
    const weight = (i: number) => [0.75, 1.25, 0.9, 1.1, 1][Math.floor(i / 3) % 5]!;
    h.readings.forEach((r, i) => (r.fiveHour!.pct = Math.round(r.fiveHour!.pct * weight(i))));
    const fits = fitsOf(h);
    expect(fits.fiveHour.ok && fits.fiveHour.fit.machineShare).toBeNull();
    expect(fits.sevenDay.ok && fits.sevenDay.fit.machineShare).toBeNull();
  });

  test('while the week has moved too little to tell, the windows-read share stands', () => {
    // Eight windows move the week by about 3 points each: short of the 40 the account measure needs.
    const h = syntheticHistory({ end, days: 8, k5: 4, k7: 0.5, elsewhere: (d) => (d % 3 === 0 ? 30 : 0) });
    const fits = fitsOf(h);
    expect(fits.fiveHour.ok && fits.fiveHour.fit.machineShare?.scope).toBe('windows-read');
  });

  test('without a 5-hour fit there is no share, and the week fit is returned as it is', () => {
    const h = syntheticHistory({ end, days: 3, k5: 4, k7: 0.5, readingsPerWindow: 2 });
    const fits = fitsOf(h);
    expect(fits.fiveHour.ok).toBe(false);
    expect(fits.sevenDay).toEqual(calibrate(h.readings, 'sevenDay', logOf(h.entries).costBetween, end));
  });
});
