// The terminal usage panel as text: Live and Estimate screens, null percentages never 0 %, burn
// rate and run-out time, colour only as an addition to words, and wrapping.
import { describe, expect, test } from 'bun:test';
import {
  makeSampleAlert,
  makeSampleEstimateWindow,
  makeSampleLiveWindow,
  makeSampleUsageData,
  SAMPLE_NOW,
  sampleCalibration,
} from '../../../test/fixtures/sample-data.ts';
import { renderUsagePanel, shouldUseColor, wrapText } from './panel.ts';

const plain = { now: new Date(SAMPLE_NOW), color: false, timeZone: 'UTC' };
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/;

describe('renderUsagePanel', () => {
  test('an oauth window reads Live with the server numbers, its age and per-model weeks', () => {
    const text = renderUsagePanel(makeSampleUsageData({ claudeWindow: makeSampleLiveWindow() }), plain);
    expect(text).toStartWith('Claude usage limits · Max 5x\n');
    expect(text).toContain("Live  Anthropic's own numbers · from the usage endpoint · updated 30 s ago");
    expect(text).not.toContain('Estimate');
    expect(text).toMatch(/5-hour window +\[█+░+\] +42% +resets in 2 h 14 m \(at 14:14\)/);
    expect(text).toMatch(/Week · all models +\[█+░+\] +18% +resets in 3 d 1 h \(at Mon 13:00\)/);
    expect(text).toMatch(/Week · Sonnet +\[█+░+\] +7%/);
    expect(text).toMatch(/Week · Fable +\[█+░+\] +5%/);
    expect(text).not.toContain('Week · Opus');
    expect(text).toContain('Extra usage       €7.63 of €20.00 (38.2%)');
  });

  test('an alert in force is a line under the title, in words, before the bars; none without one', () => {
    const alerts = { thresholds: [80, 95], current: [makeSampleAlert()] };
    const doc = makeSampleUsageData({ claudeWindow: makeSampleLiveWindow({ pct: 96 }), alerts });
    const lines = renderUsagePanel(doc, plain).split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'Claude usage limits · Max 5x',
      '! 5-hour window past 95%: 96% (Live) · resets in 2 h 14 m (at 14:14)',
    ]);
    expect(renderUsagePanel(doc, { ...plain, color: true }).split('\n')[1]).toBe(
      '\x1b[1;31m!\x1b[0m \x1b[1m5-hour window past 95%: 96% (Live) · resets in 2 h 14 m (at 14:14)\x1b[0m',
    );
    expect(renderUsagePanel(makeSampleUsageData(), plain)).not.toContain('past 95%');
  });

  test('an estimate reads Estimate with the fallback reason, the basis and what the number is made of', () => {
    const doc = makeSampleUsageData({
      claudeWindow: makeSampleEstimateWindow({
        fallbackReason: { kind: 'rate-limited', message: 'rate limited until 14:05', retryAt: null },
      }),
    });
    const text = renderUsagePanel(doc, plain);
    expect(text).toContain('Estimate  rate limited until 14:05');
    expect(text).toContain('basis: learned from the 90th percentile of 24 past 5-hour blocks');
    expect(text).toMatch(/5-hour window +\[█+░+\] +35%/);
    expect(text).toContain('3.2M tokens · $7.00 of about $20.00');
    expect(text).toContain('basis: learned from 3 past weeks');
    expect(text).not.toContain('Live');
    expect(text).not.toContain('Extra usage');
  });

  test('Live from Claude Code says so with the reading’s age', () => {
    const window = makeSampleLiveWindow({ live: { via: 'statusline', observedAt: '2026-11-20T11:59:20.000Z' } });
    const text = renderUsagePanel(makeSampleUsageData({ claudeWindow: window }), plain);
    expect(text).toContain("Live  Anthropic's own numbers · from Claude Code · updated 40 s ago");
  });

  test('an estimate from a stale reading names the reading and its age, and calibrated rows show their band', () => {
    const doc = makeSampleUsageData({
      claudeWindow: makeSampleEstimateWindow({
        fallbackReason: {
          kind: 'stale-reading',
          message: "the last reading of this 5-hour window, from Claude Code's statusline, is 25 m old",
          retryAt: null,
        },
        estimate: {
          basis: 'live-plus-logs',
          basisText: "Claude Code's statusline read 30% at 2026-11-20 11:35 UTC; $1.00 logged since adds 5.0 points",
          fromReading: { via: 'statusline', observedAt: '2026-11-20T11:35:00.000Z', pct: 30 },
          calibration: sampleCalibration(),
        },
      }),
    });
    const text = renderUsagePanel(doc, plain);
    expect(text).toContain(
      "Estimate  the last reading of this 5-hour window, from Claude Code's statusline, is 25 m old\n" +
        '          last reading: 30% from Claude Code, 25 m ago\n' +
        "          basis: Claude Code's statusline read 30% at 2026-11-20 11:35 UTC;\n" +
        '          $1.00 logged since adds 5.0 points\n',
    );
    expect(text).toMatch(/5-hour window +\[█+░+\] +35% ±3 points  resets in 2 h 30 m/);
    // The week's estimate is still on history-p90: no band there.
    expect(text).toMatch(/Week · all models +\[█+░+\] +12%  reset time unknown/);
  });

  test('a null percentage reads "no estimate" with tokens and cost, never 0 %', () => {
    const doc = makeSampleUsageData({
      claudeWindow: makeSampleEstimateWindow({
        pct: null,
        weekly: { pct: null, resetsAt: null },
        estimate: {
          pct: null,
          limitCostUsd: null,
          basis: 'insufficient-history',
          basisText: 'fewer than 5 completed blocks',
        },
      }),
    });
    const text = renderUsagePanel(doc, plain);
    expect(text).toMatch(/5-hour window +no estimate/);
    expect(text).toMatch(/Week · all models +no estimate +reset time unknown/);
    expect(text).toContain('3.2M tokens · $7.00\n');
    expect(text).not.toMatch(/\b0%/);
  });

  test('a Live week Anthropic did not report reads so, with aios counts, never 0 %', () => {
    const doc = makeSampleUsageData({ claudeWindow: makeSampleLiveWindow({ weekly: { pct: null, resetsAt: null } }) });
    const text = renderUsagePanel(doc, plain);
    expect(text).toMatch(/Week · all models +not reported by Anthropic +reset time unknown/);
    expect(text).not.toMatch(/Week · all models +no estimate/);
    expect(text).not.toMatch(/\b0%/);
    expect(text.split('Week · all models')[1]).toContain('14M tokens · $30.00 of about $250.00');
  });

  test('a projected run-out after the Live reset is not claimed', () => {
    const window = makeSampleLiveWindow({ estimate: { projectedExhaustionAt: '2026-11-20T14:30:00.000Z' } });
    const text = renderUsagePanel(makeSampleUsageData({ claudeWindow: window }), plain);
    expect(window.resetsAt).toBe('2026-11-20T14:14:00.000Z');
    expect(text).toContain('Burn rate');
    expect(text).not.toContain('runs out');
  });

  test('shows the burn rate and, when it comes before the reset, when the window runs out', () => {
    const doc = makeSampleUsageData({
      claudeWindow: makeSampleEstimateWindow({ estimate: { projectedExhaustionAt: '2026-11-20T13:40:00.000Z' } }),
    });
    expect(renderUsagePanel(doc, plain)).toContain(
      'Burn rate         12.3K tokens/min · $4.20/h; at this rate the window runs out\n                  at 13:40, before it resets',
    );
    const idle = makeSampleUsageData({ claudeWindow: makeSampleEstimateWindow({ estimate: { burnRate: null } }) });
    expect(renderUsagePanel(idle, plain)).toContain('no active 5-hour block');
  });

  test('extra usage without a utilization shows the share of the monthly limit, as the page does', () => {
    const doc = makeSampleUsageData({
      claudeWindow: makeSampleLiveWindow({
        authoritative: { extraUsage: { utilization: null, usedCredits: 5, monthlyLimit: 50 } },
      }),
    });
    expect(renderUsagePanel(doc, plain)).toContain('Extra usage       €5.00 of €50.00 (10%)');
  });

  test('demo data is labelled in words', () => {
    expect(renderUsagePanel(makeSampleUsageData({ demo: true }), plain)).toContain('Demo data');
    expect(renderUsagePanel(makeSampleUsageData(), plain)).not.toContain('Demo data');
  });

  test('colour adds escapes only when asked, and the words are the same either way', () => {
    const doc = makeSampleUsageData({ claudeWindow: makeSampleLiveWindow() });
    const coloured = renderUsagePanel(doc, { ...plain, color: true });
    expect(coloured).toMatch(ANSI);
    expect(renderUsagePanel(doc, plain)).not.toMatch(ANSI);
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(renderUsagePanel(doc, plain));
  });
});

describe('wrapText', () => {
  test('wraps at word boundaries within the width and keeps every word', () => {
    const text = 'basis: 90th percentile of your weekly cost over the last 4 full weeks with usage';
    const lines = wrapText(text, 30);
    expect(lines.every((l) => l.length <= 30)).toBe(true);
    expect(lines.join(' ')).toBe(text);
  });
});

describe('shouldUseColor', () => {
  test('colours a TTY unless NO_COLOR is set or the terminal is dumb', () => {
    expect(shouldUseColor(true, {})).toBe(true);
    expect(shouldUseColor(false, {})).toBe(false);
    expect(shouldUseColor(undefined, {})).toBe(false);
    expect(shouldUseColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(true, { TERM: 'dumb' })).toBe(false);
  });
});
