// The panel view-model both screens render from: which rows, in which order, what a missing number
// reads as, the level thresholds and words, the source words, and when the run-out time is claimed.
import { describe, expect, test } from 'bun:test';
import { makeSampleClaudeWindow, SAMPLE_NOW, sampleCalibration } from '../../test/fixtures/sample-data.ts';
import { buildPanelView, levelOf, levelWord, NULL_TEXT } from './panel-rows.ts';

const clock = { now: new Date(SAMPLE_NOW), timeZone: 'UTC' };
const at = (minutes: number) => new Date(Date.parse(SAMPLE_NOW) + minutes * 60_000).toISOString();

describe('levels', () => {
  test('green below 70 %, yellow to 90 %, red from 90 %, with words from 90 % and 100 %', () => {
    const table = [0, 69.9, 70, 89.9, 90, 99.9, 100, 112].map((pct) => [pct, levelOf(pct), levelWord(pct)]);
    expect(table).toEqual([
      [0, 'low', null],
      [69.9, 'low', null],
      [70, 'mid', null],
      [89.9, 'mid', null],
      [90, 'high', 'near the limit'],
      [99.9, 'high', 'near the limit'],
      [100, 'high', 'limit reached'],
      [112, 'high', 'limit reached'],
    ]);
    expect([levelOf(null), levelWord(null)]).toEqual(['unknown', null]);
  });

  test('a row over 100 % keeps its number while the bar stops at full', () => {
    const [five] = buildPanelView(makeSampleClaudeWindow('estimate', { pct: 112 }), clock).rows;
    expect([five!.pct, five!.fill, five!.pctText, five!.levelWord]).toEqual([112, 100, '112%', 'limit reached']);
  });
});

describe('rows of a Live window', () => {
  test('the 5-hour window, the week, then the per-model and scoped limits Anthropic sent', () => {
    const view = buildPanelView(
      makeSampleClaudeWindow('oauth', {
        authoritative: {
          sevenDayOpus: { utilization: 64, resetsAt: at(600) },
          limits: [
            { kind: 'session', group: 'session', percent: 42, resetsAt: null, displayName: null, isActive: true },
            { kind: 'weekly_all', group: 'weekly', percent: 18, resetsAt: null, displayName: null, isActive: null },
            {
              kind: 'weekly_scoped',
              group: 'weekly',
              percent: 5,
              resetsAt: null,
              displayName: 'Fable',
              isActive: null,
            },
            { kind: 'weekly_scoped', group: null, percent: 3, resetsAt: null, displayName: null, isActive: null },
          ],
        },
      }),
      clock,
    );
    expect(view.rows.map((r) => [r.key, r.label, r.pct, r.estimated])).toEqual([
      ['five-hour', '5-hour window', 42, false],
      ['week', 'Week · all models', 18, false],
      ['sonnet', 'Week · Sonnet', 7, false],
      ['opus', 'Week · Opus', 64, false],
      ['limit-2', 'Week · Fable', 5, false],
      ['limit-3', 'Week · weekly scoped', 3, false],
    ]);
    expect(view.rows[0]!.resetText).toBe('resets in 2 h 14 m (at 14:14)');
    expect(view.rows[3]!.resetText).toBe('resets in 10 h (at 22:00)');
    // Anthropic's numbers need no "what it is made of" line.
    expect(view.rows.flatMap((r) => r.details)).toEqual([]);
  });

  test('a window Anthropic did not report reads "not reported by Anthropic", with aios counts under it', () => {
    const view = buildPanelView(makeSampleClaudeWindow('oauth', { pct: null, weekly: { pct: null } }), clock);
    const [five, week] = view.rows;
    expect([five!.pctText, five!.fill, five!.level]).toEqual([NULL_TEXT.live, null, 'unknown']);
    expect(five!.details).toEqual([{ kind: 'used', text: '3.2M tokens · $7.00 of about $20.00' }]);
    expect(week!.pctText).toBe('not reported by Anthropic');
    expect(week!.details).toEqual([{ kind: 'used', text: '14M tokens · $30.00 of about $250.00' }]);
  });

  test('extra-usage credits use the endpoint utilization, derive it from the limit, or say it is unknown', () => {
    const credits = (extraUsage: object) =>
      buildPanelView(makeSampleClaudeWindow('oauth', { authoritative: { extraUsage } }), clock).credits;
    expect(credits({})).toMatchObject({ label: 'Extra usage credits', pct: 38.15, amount: '€7.63 of €20.00' });
    expect(credits({ utilization: null, usedCredits: 5, monthlyLimit: 50 })?.pct).toBe(10);
    expect(credits({ utilization: null, usedCredits: 5, monthlyLimit: null })).toMatchObject({
      pct: null,
      pctText: 'share not reported by Anthropic',
      amount: '€5.00 of no set limit',
    });
    expect(credits({ isEnabled: false })).toBeNull();
  });
});

describe('rows of an estimate', () => {
  test('a calibrated estimate carries its error band on each calibrated row, never on a Live one', () => {
    const calibrated = makeSampleClaudeWindow('estimate', {
      estimate: {
        basis: 'calibrated',
        calibration: sampleCalibration({ errorPoints: 2.4 }),
        weekly: { basis: 'calibrated', calibration: sampleCalibration({ errorPoints: 0.3 }) },
      },
    });
    expect(buildPanelView(calibrated, clock).rows.map((r) => r.band)).toEqual(['±2 points', '±1 point']);
    const live = makeSampleClaudeWindow('oauth', {
      estimate: { basis: 'calibrated', calibration: sampleCalibration() },
    });
    expect(buildPanelView(live, clock).rows.map((r) => r.band)).toEqual([null, null, null, null]);
  });

  test('only the 5-hour window and the week, marked estimated, with what they are made of and the basis', () => {
    const view = buildPanelView(makeSampleClaudeWindow('estimate', { estimate: { resetFromLog: at(150) } }), clock);
    expect(view.rows.map((r) => [r.label, r.pct, r.estimated])).toEqual([
      ['5-hour window', 35, true],
      ['Week · all models', 12, true],
    ]);
    expect(view.rows[0]!.details).toEqual([
      { kind: 'used', text: '3.2M tokens · $7.00 of about $20.00' },
      { kind: 'note', text: "reset time from Claude Code's own log" },
    ]);
    expect(view.rows[1]!.details).toEqual([
      { kind: 'used', text: '14M tokens · $30.00 of about $250.00' },
      { kind: 'basis', text: 'learned from 3 past weeks' },
    ]);
    expect(view.credits).toBeNull();
  });

  test('a null percentage reads "no estimate" and the used line says "unpriced" rather than $0', () => {
    const view = buildPanelView(
      makeSampleClaudeWindow('estimate', { pct: null, estimate: { usedCostUsd: null, limitCostUsd: null } }),
      clock,
    );
    expect(view.rows[0]!.pctText).toBe('no estimate');
    expect(view.rows[0]!.details[0]).toEqual({ kind: 'used', text: '3.2M tokens · unpriced' });
  });
});

describe('source words', () => {
  test('Live with where the reading came from and its age', () => {
    expect(buildPanelView(makeSampleClaudeWindow('oauth'), clock).source).toEqual({
      kind: 'live',
      word: 'Live',
      text: "Anthropic's own numbers",
      via: 'from the usage endpoint',
      updated: 'updated 30 s ago',
    });
    const via = (live: { via: 'statusline' | 'claude-cache'; observedAt: string }) => {
      const source = buildPanelView(makeSampleClaudeWindow('oauth', { live }), clock).source;
      return source.kind === 'live' ? `${source.word} · ${source.via} · ${source.updated}` : null;
    };
    expect(via({ via: 'statusline', observedAt: at(-40 / 60) })).toBe('Live · from Claude Code · updated 40 s ago');
    expect(via({ via: 'claude-cache', observedAt: at(-3) })).toBe("Live · from Claude Code's cache · updated 3 m ago");
  });

  test('an estimate that starts from a stale reading names it and its age, and the calibration band', () => {
    const source = buildPanelView(
      makeSampleClaudeWindow('estimate', {
        estimate: {
          basis: 'live-plus-logs',
          basisText: "Claude Code's statusline read 30% at 2026-11-20 11:35 UTC; $1.00 logged since adds 5.0 points",
          fromReading: { via: 'statusline', observedAt: at(-25), pct: 30 },
          calibration: sampleCalibration(),
        },
      }),
      clock,
    ).source;
    expect(source).toMatchObject({
      kind: 'estimate',
      reading: '30% from Claude Code, 25 m ago',
      band: '±3 points',
    });
  });

  test('an estimate on history-p90 has no band and no reading, even with a calibration report beside it', () => {
    const source = buildPanelView(
      makeSampleClaudeWindow('estimate', { estimate: { calibration: sampleCalibration() } }),
      clock,
    ).source;
    expect(source).toMatchObject({ reading: null, band: null });
  });

  test('Estimate with the reason, the basis, and the next try only when the reason does not name it', () => {
    const named = buildPanelView(makeSampleClaudeWindow('estimate'), clock).source;
    expect(named).toMatchObject({ word: 'Estimate', reason: 'rate limited until 12:05', retry: null });
    expect(named).toMatchObject({ basisText: 'learned from the 90th percentile of 24 past 5-hour blocks' });
    const cooldown = buildPanelView(
      makeSampleClaudeWindow('estimate', {
        fallbackReason: { kind: 'cooldown', message: 'waiting after a 429', retryAt: at(45) },
      }),
      clock,
    ).source;
    expect(cooldown).toMatchObject({ reason: 'waiting after a 429', retry: '12:45' });
  });

  test('the title names the plan when it is known', () => {
    expect(buildPanelView(makeSampleClaudeWindow(), clock, 'Max 5x').title).toBe('Claude usage limits · Max 5x');
    expect(buildPanelView(makeSampleClaudeWindow(), clock, null).title).toBe('Claude usage limits');
  });
});

describe('burn rate and run-out time', () => {
  const burn = (overrides: Parameters<typeof makeSampleClaudeWindow>[1]) =>
    buildPanelView(makeSampleClaudeWindow('oauth', overrides), clock).burn;

  test('claims the run-out time only when it is after now and before the reset on screen', () => {
    expect(burn({})).toEqual({
      rate: '12.3K tokens/min · $4.20/h',
      runsOut: { at: at(62), clock: '13:02', in: '1 h 2 m' },
    });
    expect(burn({ resetsAt: at(30) }).runsOut).toBeNull();
    expect(burn({ resetsAt: at(62) }).runsOut).toBeNull();
    expect(burn({ estimate: { projectedExhaustionAt: at(-1) } }).runsOut).toBeNull();
    expect(burn({ estimate: { projectedExhaustionAt: null } }).runsOut).toBeNull();
    expect(burn({ resetsAt: null }).runsOut?.clock).toBe('13:02');
  });

  test('says nothing about rate or run-out without an active block', () => {
    expect(burn({ estimate: { burnRate: null } })).toEqual({ rate: null, runsOut: null });
  });
});
