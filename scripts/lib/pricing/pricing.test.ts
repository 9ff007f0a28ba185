// Pricing: the table's rows and their sources, family matching, long context, cache writes, fast mode
// and US-only inference, and where aios agrees with ccusage 20.0.24 or differs on purpose.
import { describe, expect, test } from 'bun:test';
import table from './prices.json' with { type: 'json' };
import { contextTokens, costOfEntry, findModelPrice, normalizeModelId } from './pricing.ts';
import { reportedModel } from '../logs/entry.ts';
import type { UsageEntry } from '../logs/entry.ts';
import { makeEntry } from '../../../test/fixtures/usage-entries.ts';

function entry(model: string, t: Partial<UsageEntry> = {}): UsageEntry {
  return makeEntry({ model, ...t });
}

/** Price of one MTok in each category for a model, from costOfEntry itself. */
function perMTok(model: string) {
  const M = 1_000_000;
  return {
    input: costOfEntry(entry(model, { inputTokens: 100_000 }))! * (M / 100_000),
    output: costOfEntry(entry(model, { outputTokens: 100_000 }))! * (M / 100_000),
    write5m: costOfEntry(entry(model, { cacheCreationTokens: 100_000 }))! * (M / 100_000),
    write1h:
      costOfEntry(entry(model, { cacheCreationTokens: 100_000, cacheCreation1hTokens: 100_000 }))! * (M / 100_000),
    read: costOfEntry(entry(model, { cacheReadTokens: 100_000 }))! * (M / 100_000),
  };
}

describe('the price table', () => {
  test('every row names a source and the date it was checked, and has positive rates', () => {
    for (const row of table.models) {
      expect(row.source.length).toBeGreaterThan(0);
      expect(row.checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const r of [row.input, row.output, row.cacheWrite5m, row.cacheWrite1h, row.cacheRead])
        expect(r).toBeGreaterThan(0);
    }
  });

  test('cache writes are 1.25x (5 minutes) and 2x (1 hour) input, reads 0.1x, on every row', () => {
    // Claude 3 Haiku predates the multipliers: Anthropic lists $0.30 writes and $0.03 reads.
    for (const row of table.models.filter((r) => r.family !== 'claude-3-haiku')) {
      expect(row.cacheWrite5m).toBeCloseTo(row.input * 1.25, 10);
      expect(row.cacheWrite1h).toBeCloseTo(row.input * 2, 10);
      expect(row.cacheRead).toBeCloseTo(row.input * 0.1, 10);
    }
  });
});

describe('prices per family, as in the shared doc', () => {
  const cases: Array<[string, { input: number; output: number; write5m: number; write1h: number; read: number }]> = [
    ['claude-opus-4-1-20250805', { input: 15, output: 75, write5m: 18.75, write1h: 30, read: 1.5 }],
    ['claude-opus-4-20250514', { input: 15, output: 75, write5m: 18.75, write1h: 30, read: 1.5 }],
    ['claude-opus-4-5-20251101', { input: 5, output: 25, write5m: 6.25, write1h: 10, read: 0.5 }],
    ['claude-sonnet-4-5-20250929', { input: 3, output: 15, write5m: 3.75, write1h: 6, read: 0.3 }],
    ['claude-sonnet-4-20250514', { input: 3, output: 15, write5m: 3.75, write1h: 6, read: 0.3 }],
    ['claude-3-7-sonnet-20250219', { input: 3, output: 15, write5m: 3.75, write1h: 6, read: 0.3 }],
    ['claude-haiku-4-5-20251001', { input: 1, output: 5, write5m: 1.25, write1h: 2, read: 0.1 }],
    ['claude-3-5-haiku-20241022', { input: 0.8, output: 4, write5m: 1, write1h: 1.6, read: 0.08 }],
    // The 1M-context generation (shared doc §3, updated): no long-context rates.
    ['claude-opus-4-6', { input: 5, output: 25, write5m: 6.25, write1h: 10, read: 0.5 }],
    ['claude-opus-4-7', { input: 5, output: 25, write5m: 6.25, write1h: 10, read: 0.5 }],
    ['claude-opus-4-8', { input: 5, output: 25, write5m: 6.25, write1h: 10, read: 0.5 }],
    ['claude-sonnet-4-6', { input: 3, output: 15, write5m: 3.75, write1h: 6, read: 0.3 }],
    ['claude-sonnet-5', { input: 2, output: 10, write5m: 2.5, write1h: 4, read: 0.2 }],
    ['claude-fable-5', { input: 10, output: 50, write5m: 12.5, write1h: 20, read: 1 }],
    ['claude-sonnet-5[1m]', { input: 2, output: 10, write5m: 2.5, write1h: 4, read: 0.2 }],
  ];
  for (const [model, want] of cases) {
    test(`${model} is priced at its family's rates`, () => {
      const got = perMTok(model);
      for (const k of Object.keys(want) as Array<keyof typeof want>) expect(got[k]).toBeCloseTo(want[k], 9);
    });
  }
});

describe('family matching', () => {
  test.each([
    ['claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['claude-sonnet-4-5-20250929', 'claude-sonnet-4-5'],
    ['anthropic/claude-sonnet-4-5', 'claude-sonnet-4-5'],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude-sonnet-4-5'],
    ['anthropic.claude-opus-4-1-20250805-v1:0', 'claude-opus-4-1'],
    ['bedrock/global.anthropic.claude-haiku-4-5-20251001-v1:0', 'claude-haiku-4-5'],
    ['claude-opus-4-1@20250805', 'claude-opus-4-1'],
    ['claude-sonnet-4-5-20250929[1m]', 'claude-sonnet-4-5'],
    ['Claude-Opus-4-5-20251101', 'claude-opus-4-5'],
    ['claude-opus-4-0', 'claude-opus-4'],
    ['claude-3-7-sonnet-latest', 'claude-3-7-sonnet'],
  ])('%s is priced as %s', (model, family) => {
    expect(findModelPrice(model)?.family).toBe(family);
  });

  test('a date suffix does not make claude-opus-4 swallow claude-opus-4-1', () => {
    expect(findModelPrice('claude-opus-4-1-20250805')?.input).toBe(15);
    expect(findModelPrice('claude-opus-4-5-20251101')?.input).toBe(5);
    expect(normalizeModelId('claude-opus-4-5-20251101')).toBe('claude-opus-4-5');
  });

  test.each([
    'claude-opus-4-9',
    'claude-foo-9',
    '<synthetic>',
    'gpt-5',
    '',
    'claude-sonnet-4-5-turbo',
    // Names Claude Code uses before any price list has them (shared doc §3).
    'claude-opus-5',
    'claude-opus-5[1m]',
  ])('unknown model %p has no price and costs null, not $0', (model) => {
    expect(findModelPrice(model)).toBeNull();
    expect(costOfEntry(entry(model, { inputTokens: 1000, outputTokens: 1000 }))).toBeNull();
  });
});

describe('long context (Sonnet 4 and 4.5)', () => {
  const sonnet = 'claude-sonnet-4-5-20250929';

  test('context counts input, cache writes and cache reads, not output', () => {
    expect(
      contextTokens(
        entry(sonnet, { inputTokens: 1, cacheCreationTokens: 20, cacheReadTokens: 300, outputTokens: 4000 }),
      ),
    ).toBe(321);
  });

  test('exactly 200k tokens of context is billed at base rates', () => {
    const e = entry(sonnet, { inputTokens: 100_000, cacheReadTokens: 100_000, outputTokens: 1000 });
    expect(costOfEntry(e)).toBeCloseTo(100_000 * 3e-6 + 100_000 * 0.3e-6 + 1000 * 15e-6, 12);
  });

  test('one token over 200k moves the whole request, output included, to long-context rates', () => {
    // Each category is under 200k on its own; Anthropic compares the whole context.
    const e = entry(sonnet, { inputTokens: 150_001, cacheReadTokens: 50_000, outputTokens: 1000 });
    expect(costOfEntry(e)).toBeCloseTo(150_001 * 6e-6 + 50_000 * 0.6e-6 + 1000 * 22.5e-6, 12);
  });

  test('over the threshold, 5-minute and 1-hour cache writes take their long-context rates', () => {
    const e = entry(sonnet, { cacheCreationTokens: 300_000, cacheCreation1hTokens: 150_000 });
    expect(costOfEntry(e)).toBeCloseTo(150_000 * 7.5e-6 + 150_000 * 12e-6, 12);
  });

  test('a 1M-token input is billed entirely at $6/MTok, not tiered at the 200k mark', () => {
    expect(costOfEntry(entry(sonnet, { inputTokens: 1_000_000 }))).toBeCloseTo(6, 12);
    expect(costOfEntry(entry('claude-sonnet-4-20250514', { inputTokens: 1_000_000 }))).toBeCloseTo(6, 12);
  });

  test('models without long-context rates stay at base rates above 200k', () => {
    expect(costOfEntry(entry('claude-opus-4-5-20251101', { inputTokens: 1_000_000 }))).toBeCloseTo(5, 12);
    expect(costOfEntry(entry('claude-sonnet-5', { inputTokens: 1_000_000 }))).toBeCloseTo(2, 12);
    expect(costOfEntry(entry('claude-sonnet-4-6', { inputTokens: 1_000_000 }))).toBeCloseTo(3, 12);
    expect(costOfEntry(entry('claude-3-7-sonnet-20250219', { inputTokens: 1_000_000 }))).toBeCloseTo(3, 12);
  });
});

describe('cache writes', () => {
  test('1-hour writes cost 2x input, the remaining writes 1.25x', () => {
    const e = entry('claude-opus-4-1-20250805', { cacheCreationTokens: 1000, cacheCreation1hTokens: 400 });
    expect(costOfEntry(e)).toBeCloseTo(600 * 18.75e-6 + 400 * 30e-6, 12);
  });

  test('a 1-hour count larger than all writes is capped at the writes (no negative 5m share)', () => {
    const e = entry('claude-haiku-4-5-20251001', { cacheCreationTokens: 100, cacheCreation1hTokens: 500 });
    expect(costOfEntry(e)).toBeCloseTo(100 * 2e-6, 12);
  });

  test('the mixed request from the shared doc prices every category', () => {
    const e = entry('claude-sonnet-4-5-20250929', {
      inputTokens: 12,
      outputTokens: 640,
      cacheCreationTokens: 5210,
      cacheReadTokens: 48102,
    });
    expect(costOfEntry(e)).toBeCloseTo(12 * 3e-6 + 640 * 15e-6 + 5210 * 3.75e-6 + 48102 * 0.3e-6, 12);
  });
});

describe('fast mode and US-only inference (usage.speed, usage.inference_geo)', () => {
  const tokens = { inputTokens: 1000, outputTokens: 100, cacheCreationTokens: 1000, cacheCreation1hTokens: 400 };
  const standard = (model: string) => costOfEntry(entry(model, tokens))!;

  test('fast mode costs 2x on opus-4-8 and 6x on opus-4-6 and opus-4-7, every token category alike', () => {
    expect(costOfEntry(entry('claude-opus-4-8', { ...tokens, speed: 'fast' }))).toBeCloseTo(
      2 * standard('claude-opus-4-8'),
      12,
    );
    for (const model of ['claude-opus-4-6', 'claude-opus-4-7', 'claude-opus-4-6[1m]'])
      expect(costOfEntry(entry(model, { ...tokens, speed: 'fast' }))).toBeCloseTo(6 * standard(model), 12);
  });

  test('fast mode on a model with no known fast price is unpriced, never priced as standard', () => {
    for (const model of ['claude-opus-4-5-20251101', 'claude-haiku-4-5-20251001', 'claude-sonnet-5'])
      expect(costOfEntry(entry(model, { ...tokens, speed: 'fast' }))).toBeNull();
  });

  test('"standard" or no speed is the standard price; a speed aios does not know is unpriced', () => {
    const model = 'claude-sonnet-4-5-20250929';
    expect(costOfEntry(entry(model, { ...tokens, speed: 'standard' }))).toBe(standard(model));
    expect(costOfEntry(entry(model, { ...tokens, speed: 'priority' }))).toBeNull();
  });

  test('US-only inference costs 1.1x the whole request, on top of fast mode; other regions 1x', () => {
    const model = 'claude-sonnet-4-5-20250929';
    expect(costOfEntry(entry(model, { ...tokens, inferenceGeo: 'us' }))).toBeCloseTo(1.1 * standard(model), 12);
    expect(costOfEntry(entry(model, { ...tokens, inferenceGeo: 'global' }))).toBe(standard(model));
    expect(costOfEntry(entry('claude-opus-4-8', { ...tokens, speed: 'fast', inferenceGeo: 'us' }))).toBeCloseTo(
      2.2 * standard('claude-opus-4-8'),
      12,
    );
    // Long context first, then the region: a Sonnet 4.5 request over 200k at $6/MTok, times 1.1.
    expect(costOfEntry(entry(model, { inputTokens: 1_000_000, inferenceGeo: 'us' }))).toBeCloseTo(6.6, 12);
  });

  test('fast-mode usage is listed under its own name, "<model>-fast", as ccusage names it', () => {
    expect(reportedModel(entry('claude-opus-4-8', { speed: 'fast' }))).toBe('claude-opus-4-8-fast');
    expect(reportedModel(entry('claude-opus-4-8', { speed: 'standard' }))).toBe('claude-opus-4-8');
    expect(reportedModel(entry('claude-opus-4-8', { inferenceGeo: 'us' }))).toBe('claude-opus-4-8');
    expect(reportedModel(entry('claude-opus-4-8', { speed: 'priority' }))).toBe('claude-opus-4-8-priority');
  });
});

// Costs below marked "ccusage" were produced by `ccusage daily --json --offline` 20.0.24 on
// one-request logs (2026-11-28). The parity test keeps to requests both tools price alike.
describe('agreement with ccusage 20.0.24 on the parity models', () => {
  test.each([
    [
      'claude-sonnet-4-5-20250929',
      { inputTokens: 10, outputTokens: 20, cacheCreationTokens: 70, cacheCreation1hTokens: 30, cacheReadTokens: 50 },
      0.000675,
    ],
    ['claude-sonnet-4-5-20250929', { cacheCreationTokens: 100_000, cacheCreation1hTokens: 100_000 }, 0.6],
    ['claude-opus-4-1-20250805', { outputTokens: 100_000 }, 7.499999999999999],
    ['claude-opus-4-1-20250805', { cacheCreationTokens: 100_000, cacheCreation1hTokens: 100_000 }, 3],
    ['claude-opus-4-5-20251101', { cacheReadTokens: 100_000 }, 0.049999999999999996],
    ['claude-opus-4-5-20251101', { cacheCreationTokens: 100_000 }, 0.625],
    ['claude-haiku-4-5-20251001', { inputTokens: 100_000 }, 0.09999999999999999],
    [
      'claude-haiku-4-5-20251001',
      { cacheCreationTokens: 100_000, cacheCreation1hTokens: 100_000 },
      0.19999999999999998,
    ],
  ] as const)('%s %o costs what ccusage reports', (model, tokens, ccusage) => {
    const ours = costOfEntry(entry(model, tokens))!;
    expect(Math.abs(ours - ccusage) / ccusage).toBeLessThan(1e-9);
  });
});

describe('where aios deliberately differs from ccusage 20.0.24', () => {
  test('long context: aios bills the whole request at $6/MTok; ccusage tiers each category at 200k ($5.40)', () => {
    expect(costOfEntry(entry('claude-sonnet-4-5-20250929', { inputTokens: 1_000_000 }))).toBeCloseTo(6, 12);
  });

  test('long context: aios sums input, cache writes and reads against 200k; ccusage compares each alone ($0.495)', () => {
    const e = entry('claude-sonnet-4-5-20250929', {
      inputTokens: 150_000,
      cacheReadTokens: 100_000,
      outputTokens: 1000,
    });
    expect(costOfEntry(e)).toBeCloseTo(150_000 * 6e-6 + 100_000 * 0.6e-6 + 1000 * 22.5e-6, 12); // 0.9825
  });

  test('Bedrock regional ids get the family price ($0.30 per 100k); ccusage uses a regional +10% ($0.33)', () => {
    expect(costOfEntry(entry('us.anthropic.claude-sonnet-4-5-20250929-v1:0', { inputTokens: 100_000 }))).toBeCloseTo(
      0.3,
      12,
    );
  });

  test('an unknown model is unpriced (null); ccusage reports $0', () => {
    expect(costOfEntry(entry('claude-foo-9', { inputTokens: 100_000 }))).toBeNull();
  });

  test('fast mode with no known multiplier is unpriced; ccusage prices it as standard ($0.0075)', () => {
    const e = entry('claude-opus-4-5-20251101', { inputTokens: 1000, outputTokens: 100, speed: 'fast' });
    expect(costOfEntry(e)).toBeNull();
  });

  test('US-only inference costs 1.1x ($0.0495); ccusage ignores inference_geo ($0.045)', () => {
    const e = entry('claude-opus-4-6', { inputTokens: 1000, outputTokens: 100, speed: 'fast', inferenceGeo: 'us' });
    expect(costOfEntry(e)).toBeCloseTo(0.0495, 12);
  });

  test('a logged costUSD is not an input: cost comes from tokens only (ccusage uses costUSD when present)', () => {
    const e = { ...entry('claude-sonnet-4-5-20250929', { inputTokens: 1000 }), costUSD: 99 } as UsageEntry;
    expect(costOfEntry(e)).toBeCloseTo(0.003, 12);
  });
});
