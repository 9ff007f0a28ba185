// get_usage_history: the windows `aios history` summarizes (most recent reset first, peak, logged
// cost, hits), every hit of the period, and plain words when there is no history or nothing in it.
import { describe, expect, test } from 'bun:test';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { JsonSchemaType } from '@modelcontextprotocol/sdk/validation/types.js';
import { SAMPLE_NOW } from '../../../test/fixtures/sample-data.ts';
import type { HistoryView } from '../history/history-output.ts';
import type { HistoryWindow } from '../history/windows.ts';
import { EMPTY_PERIOD_NOTE, historyTool, NO_STORE_NOTE } from './history-tool.ts';
import type { HistorySource, UsageHistoryFacts } from './tool.ts';

const now = new Date(SAMPLE_NOW);
const NOW = now.getTime();
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const conforms = new AjvJsonSchemaValidator().getValidator(historyTool.outputSchema as JsonSchemaType);
const iso = (ms: number) => new Date(ms).toISOString();

const fiveHour = (resetsAt: number, over: Partial<HistoryWindow> = {}): HistoryWindow => ({
  kind: 'five_hour',
  startsAt: resetsAt - 5 * HOUR,
  resetsAt,
  peakPct: 64,
  peakAt: resetsAt - HOUR,
  readings: 3,
  sources: ['statusline'],
  costUsd: 12.3456789,
  hits: [],
  ...over,
});

function view(over: Partial<HistoryView> = {}): HistoryView {
  return { generatedAt: NOW, since: NOW - 7 * DAY, windows: [], hits: [], ...over };
}

async function run(facts: UsageHistoryFacts, args: unknown = {}) {
  const asked: number[] = [];
  const source: HistorySource = async (days, at) => {
    asked.push(days);
    expect(at).toEqual(now);
    return facts;
  };
  const outcome = await historyTool.run(source, args, now);
  if (!outcome.ok) throw new Error(outcome.message);
  expect(conforms(outcome.result).errorMessage).toBeUndefined();
  return { r: outcome.result as Record<string, any>, asked };
}

describe('get_usage_history', () => {
  test('the windows of the period, most recent reset first, with peak, cost and hits; every hit of the period', async () => {
    const hit = {
      window: 'five_hour' as const,
      at: NOW - 30 * HOUR,
      resetsAt: NOW - 28 * HOUR,
      origin: 'reading' as const,
    };
    const logHit = {
      window: 'five_hour' as const,
      at: NOW - 50 * HOUR,
      resetsAt: NOW - 47 * HOUR,
      origin: 'log' as const,
    };
    const week = {
      ...fiveHour(NOW + 2 * DAY),
      kind: 'seven_day' as const,
      startsAt: NOW - 5 * DAY,
      peakPct: 41,
      sources: ['statusline' as const, 'endpoint' as const],
      costUsd: 88,
    };
    const { r, asked } = await run({
      store: 'present',
      view: view({
        windows: [
          fiveHour(NOW - 47 * HOUR, { peakPct: null, peakAt: null, readings: 0, sources: [], hits: [logHit] }),
          fiveHour(NOW - 28 * HOUR, { peakPct: 100, hits: [hit] }),
          week,
        ],
        hits: [logHit, hit],
      }),
    });
    expect(asked).toEqual([7]);
    expect(r.historyAvailable).toBe(true);
    expect(r.note).toBeNull();
    expect(r.period).toEqual({ days: 7, from: '2026-11-13T12:00:00.000Z', to: SAMPLE_NOW });
    expect(r.windows.map((w: { kind: string; resetsAt: string }) => [w.kind, w.resetsAt])).toEqual([
      ['seven_day', iso(NOW + 2 * DAY)],
      ['five_hour', iso(NOW - 28 * HOUR)],
      ['five_hour', iso(NOW - 47 * HOUR)],
    ]);
    expect(r.windows[1]).toEqual({
      kind: 'five_hour',
      startsAt: iso(NOW - 33 * HOUR),
      resetsAt: iso(NOW - 28 * HOUR),
      peakPercent: 100,
      peakAt: iso(NOW - 29 * HOUR),
      readings: 3,
      sources: ['statusline'],
      costUsd: 12.345679,
      limitHits: [{ at: iso(NOW - 30 * HOUR), origin: 'reading' }],
    });
    expect(r.windows[2]).toMatchObject({ peakPercent: null, peakAt: null, readings: 0, sources: [] });
    expect(r.windows[0]).toMatchObject({ peakPercent: 41, sources: ['statusline', 'endpoint'], costUsd: 88 });
    expect(r.limitHits).toEqual([
      { window: 'five_hour', at: iso(NOW - 30 * HOUR), resetsAt: iso(NOW - 28 * HOUR), origin: 'reading' },
      { window: 'five_hour', at: iso(NOW - 50 * HOUR), resetsAt: iso(NOW - 47 * HOUR), origin: 'log' },
    ]);
  });

  test('a cost the logs cannot give stays null', async () => {
    const { r } = await run({ store: 'present', view: view({ windows: [fiveHour(NOW - HOUR, { costUsd: null })] }) });
    expect(r.windows[0].costUsd).toBeNull();
  });

  test('no history file: says aios keeps none yet and how it fills', async () => {
    const { r } = await run({ store: 'missing', view: view() }, { days: 30 });
    expect(r).toMatchObject({ historyAvailable: false, note: NO_STORE_NOTE, windows: [], limitHits: [] });
    expect(r.note).toContain('aios statusline');
    expect(r.period.days).toBe(30);
  });

  test('a history with nothing in the period says so', async () => {
    const { r } = await run({ store: 'present', view: view() });
    expect(r).toMatchObject({ historyAvailable: false, note: EMPTY_PERIOD_NOTE, windows: [] });
  });

  test('days is a whole number from 1 to 90, checked before the history is read', async () => {
    for (const days of [0, 91, 1.5, '7']) {
      let read = false;
      const outcome = await historyTool.run(
        async () => {
          read = true;
          return { store: 'missing', view: view() };
        },
        { days },
        now,
      );
      expect({ days, ok: outcome.ok, read }).toEqual({ days, ok: false, read: false });
      expect(outcome.ok ? '' : outcome.message).toStartWith('invalid arguments: days: ');
    }
    expect((await run({ store: 'present', view: view() }, { days: 90 })).asked).toEqual([90]);
  });
});
