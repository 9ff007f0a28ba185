// The metrics a document becomes: names and labels, no sample for an unknown percentage or cost, the
// machine on every series, one registry per instance, and one document per scrape.
import { describe, expect, test } from 'bun:test';
import { register as globalRegistry } from 'prom-client';
import {
  makeSampleEstimateWindow,
  makeSampleUsageData,
  sampleUsage,
  SAMPLE_NOW,
} from '../../../test/fixtures/sample-data.ts';
import { createUsageMetrics } from './usage-metrics.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition (label values unescaped). */
function parse(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[k!] = v!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return samples;
}

const now = new Date(SAMPLE_NOW);
const pick = (samples: Sample[], name: string) =>
  samples.filter((s) => s.name === name).map(({ labels, value }) => ({ labels, value }));

describe('createUsageMetrics', () => {
  test('a Live document: both windows as ratios with source live, their resets, the reading age, the info', async () => {
    const samples = parse(await createUsageMetrics({ machine: 'laptop' }).render(makeSampleUsageData(), now));
    expect(pick(samples, 'aios_claude_window_used_ratio')).toEqual([
      { labels: { window: 'five_hour', source: 'live', machine: 'laptop' }, value: 0.42 },
      { labels: { window: 'seven_day', source: 'live', machine: 'laptop' }, value: 0.18 },
    ]);
    expect(pick(samples, 'aios_claude_window_resets_at_seconds')).toEqual([
      { labels: { window: 'five_hour', machine: 'laptop' }, value: Date.parse('2026-11-20T14:14:00Z') / 1000 },
      { labels: { window: 'seven_day', machine: 'laptop' }, value: Date.parse('2026-11-23T13:00:00Z') / 1000 },
    ]);
    // The sample reading was fetched 30 s before SAMPLE_NOW.
    expect(pick(samples, 'aios_claude_live_age_seconds')).toEqual([{ labels: { machine: 'laptop' }, value: 30 }]);
    expect(pick(samples, 'aios_info')).toEqual([
      { labels: { plan: 'Max 5x', demo: 'false', machine: 'laptop' }, value: 1 },
    ]);
    expect(pick(samples, 'aios_document_generated_at_seconds')).toEqual([
      { labels: { machine: 'laptop' }, value: Date.parse(SAMPLE_NOW) / 1000 },
    ]);
  });

  test('an unknown percentage or reset is no sample (never 0), and an estimate has no live age', async () => {
    const doc = makeSampleUsageData({
      plan: null,
      demo: true,
      claudeWindow: makeSampleEstimateWindow({ weekly: { pct: null, resetsAt: null } }),
    });
    const samples = parse(await createUsageMetrics({ machine: 'm' }).render(doc, now));
    expect(pick(samples, 'aios_claude_window_used_ratio')).toEqual([
      { labels: { window: 'five_hour', source: 'estimate', machine: 'm' }, value: 0.35 },
    ]);
    expect(pick(samples, 'aios_claude_window_resets_at_seconds').map((s) => s.labels.window)).toEqual(['five_hour']);
    expect(pick(samples, 'aios_claude_live_age_seconds')).toEqual([]);
    expect(pick(samples, 'aios_info')).toEqual([{ labels: { plan: 'unknown', demo: 'true', machine: 'm' }, value: 1 }]);
  });

  test('an estimate past its learned limit is a ratio above 1', async () => {
    const doc = makeSampleUsageData({ claudeWindow: makeSampleEstimateWindow({ pct: 140 }) });
    const samples = parse(await createUsageMetrics({ machine: 'm' }).render(doc, now));
    expect(pick(samples, 'aios_claude_window_used_ratio')[0]?.value).toBe(1.4);
  });

  test('tokens by model and type, cost by priced model only, and the cost adds up to the priced total', async () => {
    const doc = makeSampleUsageData();
    const samples = parse(await createUsageMetrics({ machine: 'm' }).render(doc, now));
    const tokens = pick(samples, 'aios_tokens_total');
    expect(tokens).toHaveLength(doc.models.length * 4);
    expect(tokens.filter((s) => s.labels.model === 'claude-mystery-9')).toEqual([
      { labels: { model: 'claude-mystery-9', type: 'input', machine: 'm' }, value: 15_000 },
      { labels: { model: 'claude-mystery-9', type: 'output', machine: 'm' }, value: 30_000 },
      { labels: { model: 'claude-mystery-9', type: 'cache_creation', machine: 'm' }, value: 45_000 },
      { labels: { model: 'claude-mystery-9', type: 'cache_read', machine: 'm' }, value: 60_000 },
    ]);
    expect(tokens.reduce((sum, s) => sum + s.value, 0)).toBe(doc.totals.totalTokens);
    const cost = pick(samples, 'aios_cost_usd_total');
    // The unpriced model has no cost series: unknown is never $0.
    expect(cost.map((s) => s.labels.model)).toEqual(['claude-opus-4-5-20251101', 'claude-sonnet-4-5-20250929']);
    expect(cost.reduce((sum, s) => sum + s.value, 0)).toBeCloseTo(doc.totals.costUsd!, 9);
    expect(pick(samples, 'aios_unpriced_tokens_total').find((s) => s.labels.model === 'claude-mystery-9')?.value).toBe(
      150_000,
    );
    expect(pick(samples, 'aios_requests_total').reduce((sum, s) => sum + s.value, 0)).toBe(
      doc.models.reduce((sum, m) => sum + m.requests, 0),
    );
  });

  test("the scan's health: files, bytes, every skip reason (0 included), duplicates and seconds", async () => {
    const samples = parse(await createUsageMetrics({ machine: 'm' }).render(makeSampleUsageData(), now));
    const value = (name: string) => pick(samples, name).map((s) => s.value);
    expect(value('aios_scan_files')).toEqual([120]);
    expect(value('aios_scan_bytes')).toEqual([48_000_000]);
    expect(value('aios_scan_read_files')).toEqual([3]);
    expect(value('aios_scan_read_bytes')).toEqual([420_000]);
    expect(value('aios_scan_unreadable_files')).toEqual([0]);
    expect(value('aios_scan_duplicate_entries')).toEqual([2_100]);
    expect(value('aios_scan_duration_seconds')).toEqual([0.085]);
    expect(Object.fromEntries(pick(samples, 'aios_scan_skipped_lines').map((s) => [s.labels.reason, s.value]))).toEqual(
      { malformed: 2, 'api-error': 0, 'no-usage': 0, 'invalid-usage': 0, 'unreadable-file': 0, 'bad-timestamp': 0 },
    );
  });

  test('every series carries the machine; a model name with quotes and a newline stays one escaped label', async () => {
    const odd = 'claude-"odd"\nmodel\\x';
    const doc = makeSampleUsageData({
      totals: sampleUsage(1_000, 1),
      models: [{ ...sampleUsage(1_000, 1), model: odd, priced: true }],
    });
    const text = await createUsageMetrics({ machine: 'desk-1' }).render(doc, now);
    const samples = parse(text);
    expect(samples.length).toBeGreaterThan(20);
    expect(samples.filter((s) => s.labels.machine !== 'desk-1')).toEqual([]);
    expect(pick(samples, 'aios_cost_usd_total')).toEqual([{ labels: { model: odd, machine: 'desk-1' }, value: 1 }]);
  });

  test('each instance has its own registry; the global one stays empty', async () => {
    const a = createUsageMetrics({ machine: 'a' });
    const b = createUsageMetrics({ machine: 'b' });
    const doc = makeSampleUsageData();
    const [ta, tb] = await Promise.all([a.render(doc, now), b.render(doc, now)]);
    expect(new Set(parse(ta).map((s) => s.labels.machine))).toEqual(new Set(['a']));
    expect(new Set(parse(tb).map((s) => s.labels.machine))).toEqual(new Set(['b']));
    expect(globalRegistry.getMetricsAsArray()).toEqual([]);
    expect(a.contentType).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  test('two scrapes at once each show their own document, and a later one forgets what the earlier had', async () => {
    const metrics = createUsageMetrics({ machine: 'm' });
    const first = makeSampleUsageData();
    const second = makeSampleUsageData({
      totals: sampleUsage(1_000, 2),
      models: [{ ...sampleUsage(1_000, 2), model: 'claude-haiku-4-5', priced: true }],
      claudeWindow: makeSampleEstimateWindow({ pct: null }),
    });
    const [a, b] = (await Promise.all([metrics.render(first, now), metrics.render(second, now)])).map(parse);
    expect(pick(a!, 'aios_cost_usd_total').map((s) => s.labels.model)).toEqual([
      'claude-opus-4-5-20251101',
      'claude-sonnet-4-5-20250929',
    ]);
    expect(pick(b!, 'aios_cost_usd_total')).toEqual([
      { labels: { model: 'claude-haiku-4-5', machine: 'm' }, value: 2 },
    ]);
    expect(pick(b!, 'aios_claude_window_used_ratio').map((s) => s.labels.window)).toEqual(['seven_day']);
    expect(pick(b!, 'aios_claude_live_age_seconds')).toEqual([]);
  });
});
