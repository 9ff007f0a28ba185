// The usage panel: the Live/Estimate badge follows the source, numbers and resets come only from
// the document, null percentages never read 0 %, per-model limits, burn rate, stale marking.
import { describe, expect, test } from 'bun:test';
import { render } from '@testing-library/react';
import {
  makeSampleAuthoritative,
  makeSampleClaudeWindow,
  SAMPLE_NOW,
  sampleCalibration,
  type DeepPartial,
} from '../../test/fixtures/sample-data.ts';
import type { ClaudeWindow } from '../contract/usage-data.ts';
import { useHappyDom } from '../../test/fixtures/happy-dom-setup.ts';
import { UsagePanel } from './usage-panel.tsx';

useHappyDom();

const clock = { now: new Date(SAMPLE_NOW), timeZone: 'UTC' };
const at = (minutes: number) => new Date(Date.parse(SAMPLE_NOW) + minutes * 60_000).toISOString();

function renderPanel(source: ClaudeWindow['source'], overrides?: DeepPartial<ClaudeWindow>) {
  const window = makeSampleClaudeWindow(source, overrides);
  const view = render(<UsagePanel window={window} clock={clock} />);
  const bar = (label: string) => view.getByRole('progressbar', { name: label });
  const limit = (label: string) => bar(label).closest('[data-testid="limit"]')!.textContent ?? '';
  return { ...view, bar, limit, window };
}

describe('the Live/Estimate badge follows claudeWindow.source', () => {
  test('oauth shows Live with the age of the fetched numbers', () => {
    const { getByTestId } = renderPanel('oauth');
    expect(getByTestId('badge').textContent).toBe('Live');
    expect(getByTestId('source').textContent).not.toContain('Estimate');
    expect(getByTestId('age').textContent).toBe('updated 30 s ago');
  });

  test('estimate shows Estimate with the fallback reason in words and the basis', () => {
    const { getByTestId } = renderPanel('estimate');
    expect(getByTestId('badge').textContent).toBe('Estimate');
    expect(getByTestId('source').textContent).not.toContain('Live');
    expect(getByTestId('fallback-reason').textContent).toBe('rate limited until 12:05');
    expect(getByTestId('basis').textContent).toBe('Basis: learned from the 90th percentile of 24 past 5-hour blocks');
  });

  test('Live says where the reading came from: "Live · from Claude Code · 40 s ago"', () => {
    const { getByTestId } = renderPanel('oauth', { live: { via: 'statusline', observedAt: at(-40 / 60) } });
    expect(getByTestId('via').textContent).toBe('from Claude Code');
    expect(getByTestId('age').textContent).toBe('updated 40 s ago');
    expect(getByTestId('source').textContent).toBe("LiveAnthropic's own numbers · from Claude Code · updated 40 s ago");
  });

  test('an estimate from a stale reading names it, and a calibrated number carries its error band', () => {
    const { getByTestId, bar, limit } = renderPanel('estimate', {
      estimate: {
        basis: 'live-plus-logs',
        basisText: "Claude Code's statusline read 30% at 2026-11-20 11:35 UTC; $1.00 logged since adds 5.0 points",
        fromReading: { via: 'statusline', observedAt: at(-25), pct: 30 },
        calibration: sampleCalibration(),
      },
    });
    expect(getByTestId('reading').textContent).toBe('Last reading: 30% from Claude Code, 25 m ago');
    expect(getByTestId('basis').textContent).toStartWith("Basis: Claude Code's statusline read 30%");
    expect(bar('5-hour window').getAttribute('aria-valuetext')).toBe('35% used (estimated, ±3 points)');
    expect(limit('5-hour window')).toContain('35% used (estimate ±3 points)');
    // The week still rests on history-p90: no band.
    expect(bar('Week · all models').getAttribute('aria-valuetext')).toBe('12% used (estimated)');
  });

  test('the same window marked stale says so beside the badge', () => {
    const window = makeSampleClaudeWindow('oauth');
    const { getByTestId } = render(<UsagePanel window={window} clock={clock} stale />);
    expect(getByTestId('source').textContent).toContain('stale');
  });
});

describe('percentages and resets come only from the document', () => {
  test('oauth renders the server percentage and reset, not the estimate beside it', () => {
    // The estimate inside the same window says 35 % and resets later; the panel must ignore it.
    const { bar, limit } = renderPanel('oauth', {
      pct: 61.25,
      resetsAt: at(97),
      weekly: { pct: 18, resetsAt: at(3 * 24 * 60 + 60) },
    });
    expect(bar('5-hour window').getAttribute('aria-valuenow')).toBe('61.25');
    expect(limit('5-hour window')).toContain('61.3% used');
    expect(limit('5-hour window')).toContain('resets in 1 h 37 m (at 13:37)');
    expect(limit('5-hour window')).not.toContain('35%');
    expect(bar('Week · all models').getAttribute('aria-valuenow')).toBe('18');
    expect(limit('Week · all models')).toContain('resets in 3 d 1 h (at Mon 13:00)');
  });

  test('estimate renders the estimated percentage with its tokens, cost and learned limit', () => {
    const { bar, limit } = renderPanel('estimate');
    expect(bar('5-hour window').getAttribute('aria-valuenow')).toBe('35');
    expect(bar('5-hour window').getAttribute('aria-valuetext')).toBe('35% used (estimated)');
    const text = limit('5-hour window');
    expect(text).toContain('35% used (estimate)');
    expect(text).toContain('resets in 2 h 30 m (at 14:30)');
    expect(text).toContain('3.2M tokens · $7.00 of about $20.00');
    expect(limit('Week · all models')).toContain('reset time unknown');
  });

  test('an estimate over 100 % keeps its number while the bar stops at full', () => {
    const { bar, limit } = renderPanel('estimate', { pct: 112 });
    expect(bar('5-hour window').getAttribute('aria-valuenow')).toBe('100');
    expect(limit('5-hour window')).toContain('112% used');
    expect(limit('5-hour window')).toContain('limit reached');
  });
});

describe('null percentages', () => {
  test('read "no estimate" with tokens and cost, never 0 %', () => {
    const { bar, limit } = renderPanel('estimate', {
      pct: null,
      weekly: { pct: null },
      estimate: { pct: null, usedCostUsd: null, limitCostUsd: null, usedTokens: 1_500_000 },
    });
    const five = limit('5-hour window');
    expect(five).toContain('no estimate');
    expect(five).toContain('1.5M tokens · unpriced');
    expect(five).not.toMatch(/\b0%/);
    expect(bar('5-hour window').hasAttribute('aria-valuenow')).toBe(false);
    expect(bar('5-hour window').getAttribute('aria-valuetext')).toBe('no estimate');
    expect(limit('Week · all models')).toContain('no estimate');
  });
});

describe('per-model and scoped weekly limits', () => {
  test('render when present, with the scoped limit under its display name', () => {
    const { bar, limit } = renderPanel('oauth', {
      authoritative: { sevenDayOpus: { utilization: 64, resetsAt: at(600) } },
    });
    expect(bar('Week · Sonnet').getAttribute('aria-valuenow')).toBe('7');
    expect(bar('Week · Opus').getAttribute('aria-valuenow')).toBe('64');
    expect(limit('Week · Fable')).toContain('5% used');
    expect(limit('Extra usage credits')).toContain('€7.63 of €20.00 spent this month');
    expect(bar('Extra usage credits').getAttribute('aria-valuenow')).toBe('38.15');
  });

  test('extra usage without a utilization or a limit reads as not reported, never 0 %', () => {
    const { bar, limit } = renderPanel('oauth', {
      authoritative: { extraUsage: { isEnabled: true, utilization: null, monthlyLimit: null, usedCredits: 5 } },
    });
    expect(limit('Extra usage credits')).toContain('share not reported by Anthropic');
    expect(limit('Extra usage credits')).toContain('€5.00 of no set limit spent this month');
    expect(limit('Extra usage credits')).not.toMatch(/\b0%/);
    expect(bar('Extra usage credits').hasAttribute('aria-valuenow')).toBe(false);
  });

  test('render nothing when the endpoint sent none, without crashing', () => {
    const window = makeSampleClaudeWindow('oauth');
    window.authoritative = makeSampleAuthoritative({
      fiveHour: null,
      sevenDay: null,
      sevenDaySonnet: null,
      extraUsage: { isEnabled: false },
      limits: [],
    });
    const { getAllByRole } = render(<UsagePanel window={window} clock={clock} />);
    const labels = getAllByRole('progressbar').map((el) => el.getAttribute('aria-label'));
    expect(labels).toEqual(['5-hour window', 'Week · all models']);
  });

  test('the estimate shows no per-model bars at all', () => {
    const { getAllByRole } = renderPanel('estimate');
    expect(getAllByRole('progressbar')).toHaveLength(2);
  });
});

describe('burn rate', () => {
  test('shows the rate and the projected exhaustion when it comes before the reset', () => {
    const { getByTestId } = renderPanel('oauth');
    expect(getByTestId('burn-rate').textContent).toContain('12.3K tokens/min · $4.20/h');
    expect(getByTestId('exhaustion').textContent).toBe(
      'At this rate the 5-hour window runs out at 13:02 (in 1 h 2 m), before it resets.',
    );
  });

  test('leaves the exhaustion out when the window resets first', () => {
    const { queryByTestId } = renderPanel('oauth', { resetsAt: at(30) });
    expect(queryByTestId('exhaustion')).toBeNull();
  });

  test('says nothing is burning without an active block', () => {
    const { getByTestId } = renderPanel('estimate', { estimate: { burnRate: null, projectedExhaustionAt: null } });
    expect(getByTestId('burn-rate').textContent).toContain('No active 5-hour block');
  });
});

describe('a Live window without a percentage', () => {
  test('says Anthropic did not report it and shows aios counts instead of 0 %', () => {
    const { bar, limit } = renderPanel('oauth', { pct: null, resetsAt: null });
    const text = limit('5-hour window');
    expect(text).toContain('not reported by Anthropic');
    expect(text).toContain('3.2M tokens · $7.00');
    expect(text).toContain('reset time unknown');
    expect(text).not.toMatch(/\b0%/);
    expect(bar('5-hour window').hasAttribute('aria-valuenow')).toBe(false);
  });
});

describe('the fallback reason', () => {
  test('adds the next try time when the message does not name it', () => {
    const { getByTestId } = renderPanel('estimate', {
      fallbackReason: { kind: 'cooldown', message: 'waiting after a 429', retryAt: at(45) },
    });
    expect(getByTestId('source').textContent).toContain('waiting after a 429 · next try 12:45');
  });
});
