// The terminal usage panel as text: Live and Estimate screens, null percentages never 0 %, burn
// rate and run-out time, colour only as an addition to words, and wrapping.
import { describe, expect, test } from 'bun:test';
import { estimateWindow, makeUsageData, oauthWindow } from '../../../test/fixtures/usage-fixture.ts';
import { renderUsagePanel, shouldUseColor, wrapText } from './panel.ts';

const NOW = new Date('2026-11-20T11:51:00.000Z');
const plain = { now: NOW, color: false, timeZone: 'UTC' };
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/;

describe('renderUsagePanel', () => {
  test('an oauth window reads Live with the server numbers, its age and per-model weeks', () => {
    const text = renderUsagePanel(makeUsageData({ claudeWindow: oauthWindow() }), plain);
    expect(text).toContain("Live  Anthropic's own numbers, updated 40 s ago");
    expect(text).not.toContain('Estimate');
    expect(text).toMatch(/5-hour window +\[█+░+\] +63% +resets in 2 h 14 m \(at 14:05\)/);
    expect(text).toMatch(/Week · all models +\[█+░+\] +27% +resets in 3 d 21 h \(at Tue 09:00\)/);
    expect(text).toMatch(/Week · Sonnet +\[█+░+\] +12%/);
    expect(text).not.toContain('Week · Opus');
  });

  test('an estimate reads Estimate with the fallback reason, the basis and what the number is made of', () => {
    const doc = makeUsageData({
      claudeWindow: estimateWindow({
        fallbackReason: { kind: 'rate-limited', message: 'rate limited until 14:05', retryAt: null },
      }),
    });
    const text = renderUsagePanel(doc, plain);
    expect(text).toContain('Estimate  rate limited until 14:05');
    expect(text).toContain('basis: 90th percentile of 24 completed 5-hour blocks');
    expect(text).toMatch(/5-hour window +\[█+░+\] +42%/);
    expect(text).toContain('1.25M tokens · $12.50 of about $29.76');
    expect(text).not.toContain('Live');
  });

  test('a null percentage reads "no estimate" with tokens and cost, never 0 %', () => {
    const base = estimateWindow();
    const doc = makeUsageData({
      claudeWindow: estimateWindow({
        pct: null,
        weekly: { pct: null, resetsAt: null },
        estimate: {
          ...base.estimate,
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
    expect(text).toContain('1.25M tokens · $12.50');
    expect(text).not.toMatch(/\b0%/);
  });

  test('a Live week Anthropic did not report reads so, with aios counts, never 0 %', () => {
    const doc = makeUsageData({ claudeWindow: oauthWindow({ weekly: { pct: null, resetsAt: null } }) });
    const text = renderUsagePanel(doc, plain);
    expect(text).toMatch(/Week · all models +not reported by Anthropic +reset time unknown/);
    expect(text).not.toMatch(/Week · all models +no estimate/);
    expect(text).not.toMatch(/\b0%/);
    const weekly = doc.claudeWindow.estimate.weekly;
    expect(weekly.usedTokens).toBeGreaterThan(0);
    expect(text.split('Week · all models')[1]).toContain(`tokens · `);
  });

  test('a projected run-out after the Live reset is not claimed', () => {
    const base = oauthWindow();
    const doc = makeUsageData({
      claudeWindow: oauthWindow({ estimate: { ...base.estimate, projectedExhaustionAt: '2026-11-20T14:30:00.000Z' } }),
    });
    const text = renderUsagePanel(doc, plain);
    expect(base.resetsAt).toBe('2026-11-20T14:05:00.000Z');
    expect(text).toContain('Burn rate');
    expect(text).not.toContain('runs out');
  });

  test('shows the burn rate and, when it comes before the reset, when the window runs out', () => {
    const base = estimateWindow();
    const doc = makeUsageData({
      claudeWindow: estimateWindow({
        estimate: { ...base.estimate, projectedExhaustionAt: '2026-11-20T13:40:00.000Z' },
      }),
    });
    expect(renderUsagePanel(doc, plain)).toContain(
      'Burn rate         5.2K tokens/min · $3.10/h; at this rate the window runs out at\n                  13:40, before it resets',
    );
    const idle = makeUsageData({ claudeWindow: estimateWindow({ estimate: { ...base.estimate, burnRate: null } }) });
    expect(renderUsagePanel(idle, plain)).toContain('no active 5-hour block');
  });

  test('demo data is labelled in words', () => {
    expect(renderUsagePanel(makeUsageData({ demo: true }), plain)).toContain('Demo data');
    expect(renderUsagePanel(makeUsageData(), plain)).not.toContain('Demo data');
  });

  test('colour adds escapes only when asked, and the words are the same either way', () => {
    const doc = makeUsageData({ claudeWindow: oauthWindow() });
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
