// get_usage_limits: the panel's windows as the agent reads them, Live and Estimate, a null
// percentage as words (never 0), the reading's age, and an output that matches its own schema.
import { describe, expect, test } from 'bun:test';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import {
  makeSampleAlert,
  makeSampleEstimateWindow,
  makeSampleLiveWindow,
  makeSampleUsageData,
  SAMPLE_NOW,
} from '../../../test/fixtures/sample-data.ts';
import { limitsTool } from './limits-tool.ts';

const now = new Date(SAMPLE_NOW);
const conforms = new AjvJsonSchemaValidator().getValidator(limitsTool.outputSchema as JsonSchemaType);

function run(doc = makeSampleUsageData(), args: unknown = {}) {
  const outcome = limitsTool.run(doc, args, now);
  if (!outcome.ok) throw new Error(outcome.message);
  expect(conforms(outcome.result).errorMessage).toBeUndefined();
  return outcome.result as Record<string, any>;
}

describe('get_usage_limits', () => {
  test("Live: Anthropic's numbers with their resets, the reading's age and the other weekly limits", () => {
    const r = run();
    expect(r).toMatchObject({
      generatedAt: SAMPLE_NOW,
      demo: false,
      plan: 'Max 5x',
      source: 'Live',
      sourceText: "Anthropic's own numbers",
      estimateReason: null,
      reading: { fetchedAt: '2026-11-20T11:59:30.000Z', ageSeconds: 30, ageText: 'updated 30 s ago' },
      burnRate: '12.3K tokens/min · $4.20/h',
      runsOutAt: '2026-11-20T13:02:00.000Z',
    });
    expect(r.fiveHour).toEqual({
      percent: 42,
      percentText: '42%',
      resetsAt: '2026-11-20T14:14:00.000Z',
      resetText: 'resets in 2 h 14 m (at 14:14)',
      source: 'Live',
      basis: "Anthropic's own numbers",
      used: null,
      level: 'low',
      levelWord: null,
    });
    expect(r.sevenDay).toMatchObject({ percent: 18, resetsAt: '2026-11-23T13:00:00.000Z', source: 'Live' });
    // The schema is a real check: a result without a window does not pass it.
    expect(conforms({ ...r, fiveHour: undefined }).errorMessage).toContain('fiveHour');
    expect(r.otherLimits).toEqual([
      { label: 'Week · Sonnet', percent: 7, percentText: '7%', resetText: 'resets in 3 d 1 h (at Mon 13:00)' },
      { label: 'Week · Fable', percent: 5, percentText: '5%', resetText: 'resets in 3 d 1 h (at Mon 13:00)' },
    ]);
  });

  test('Estimate: the reason, each basis in words, what it is made of, and "no estimate" for a null week', () => {
    const r = run(
      makeSampleUsageData({ plan: null, claudeWindow: makeSampleEstimateWindow({ weekly: { pct: null } }) }),
    );
    expect(r).toMatchObject({
      plan: null,
      source: 'Estimate',
      estimateReason: 'rate limited until 12:05',
      reading: null,
    });
    expect(r.fiveHour).toEqual({
      percent: 35,
      percentText: '35%',
      resetsAt: '2026-11-20T14:30:00.000Z',
      resetText: 'resets in 2 h 30 m (at 14:30)',
      source: 'Estimate',
      basis: 'learned from the 90th percentile of 24 past 5-hour blocks',
      used: '3.2M tokens · $7.00 of about $20.00',
      level: 'low',
      levelWord: null,
    });
    expect(r.sevenDay).toMatchObject({
      percent: null,
      percentText: 'no estimate',
      basis: 'learned from 3 past weeks',
      level: 'unknown',
    });
    expect(r.otherLimits).toEqual([]);
  });

  test('a Live window Anthropic did not report says so; near and over the limit are said in words', () => {
    const r = run(makeSampleUsageData({ claudeWindow: makeSampleLiveWindow({ pct: null, weekly: { pct: 95 } }) }));
    expect(r.fiveHour).toMatchObject({
      percent: null,
      percentText: 'not reported by Anthropic',
      basis: 'not reported by Anthropic',
      used: '3.2M tokens · $7.00 of about $20.00',
    });
    expect(r.sevenDay).toMatchObject({ percent: 95, level: 'high', levelWord: 'near the limit' });
  });

  test('the alerts in force, in words; none by default', () => {
    expect(run().alerts).toEqual([]);
    const r = run(makeSampleUsageData({ alerts: { thresholds: [80, 95], current: [makeSampleAlert()] } }));
    expect(r.alerts).toEqual([
      {
        window: 'five_hour',
        threshold: 95,
        percent: 96,
        source: 'Live',
        firedAt: '2026-11-20T11:58:00.000Z',
        resetsAt: '2026-11-20T14:14:00.000Z',
        text: '5-hour window past 95%: 96% (Live) · resets in 2 h 14 m (at 14:14)',
      },
    ]);
  });

  test('takes no arguments: extra keys are ignored, a non-object is refused', () => {
    expect(run(makeSampleUsageData(), { verbose: true }).source).toBe('Live');
    expect(limitsTool.run(makeSampleUsageData(), 5, now)).toEqual({
      ok: false,
      message: 'invalid arguments: Invalid type: Expected Object but received 5',
    });
  });
});
