// The contract's schema: valid documents pass as a copy without unknown keys, every problem is named
// by its path, and the rules the contract states (ranges, bounds, enums, the two window sources) hold.
import { describe, expect, test } from 'bun:test';
import {
  makeSampleAuthoritative,
  makeSampleClaudeWindow,
  makeSampleUsageData,
  sampleCalibration,
} from '../../test/fixtures/sample-data.ts';
import {
  MAX_HISTORY_HITS,
  MAX_HISTORY_POINTS,
  validateAuthoritativeUsage,
  validateUsageData,
  type UsageData,
} from './usage-data.ts';

/** A valid sample document as plain JSON, free to be broken by the test. */
function sample(source: 'oauth' | 'estimate' = 'oauth'): any {
  return structuredClone(makeSampleUsageData({ claudeWindow: makeSampleClaudeWindow(source) }));
}

function errorsOf(doc: unknown): string[] {
  const r = validateUsageData(doc);
  return r.ok ? [] : r.errors;
}

describe('validateUsageData', () => {
  test('a valid document passes as an equal copy, for both window sources', () => {
    for (const source of ['oauth', 'estimate'] as const) {
      const doc = sample(source);
      const r = validateUsageData(doc);
      expect(r).toEqual({ ok: true, value: doc as UsageData });
      if (r.ok) expect(r.value).not.toBe(doc);
    }
  });

  test('unknown keys are dropped at every level: the output holds only the contract keys', () => {
    const doc = sample();
    const junk = { injected: 'EXTRA-VALUE' };
    Object.assign(doc, junk);
    Object.assign(doc.sources, junk);
    Object.assign(doc.sources.skipped, {}); // a record: its keys are checked, not dropped (see below)
    Object.assign(doc.totals, junk);
    Object.assign(doc.daily[3], junk);
    Object.assign(doc.blocks[2].burnRate, junk);
    Object.assign(doc.blocks[2].projection, junk);
    Object.assign(doc.plan, junk);
    Object.assign(doc.claudeWindow, junk);
    Object.assign(doc.claudeWindow.weekly, junk);
    Object.assign(doc.claudeWindow.estimate.weekly, junk);
    Object.assign(doc.claudeWindow.authoritative, junk);
    Object.assign(doc.claudeWindow.authoritative.fiveHour, junk);
    Object.assign(doc.claudeWindow.authoritative.extraUsage, junk);
    Object.assign(doc.claudeWindow.authoritative.limits[2], junk);
    const r = validateUsageData(doc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(JSON.stringify(r.value)).not.toContain('EXTRA-VALUE');
    expect(r.value).toEqual(sample());
  });

  test('names the path of every problem, one error per bad value', () => {
    const doc = sample();
    doc.daily[3].date = '2026-13-01';
    doc.sessions[1].lastActivity = 'yesterday';
    doc.sources.files = -1;
    doc.claudeWindow.authoritative.limits[0].percent = 101;
    const errors = errorsOf(doc);
    expect(errors.map((e) => e.slice(0, e.indexOf(':')))).toEqual([
      '$.sources.files',
      '$.daily[3].date',
      '$.sessions[1].lastActivity',
      '$.claudeWindow.authoritative.limits[0].percent',
    ]);
    expect(errors[1]).toBe('$.daily[3].date: expected a YYYY-MM-DD date, got "2026-13-01"');
    expect(errors[2]).toBe(
      '$.sessions[1].lastActivity: expected an ISO 8601 date-time with an offset, got "yesterday"',
    );
  });

  test('a missing key is an error named "missing"; null is fine where the contract allows it', () => {
    const doc = sample();
    delete doc.claudeWindow.estimate.resetFromLog;
    expect(errorsOf(doc)).toEqual(['$.claudeWindow.estimate.resetFromLog: missing']);
    const nulls = sample();
    nulls.plan = null;
    nulls.claudeWindow.estimate.resetFromLog = null;
    nulls.claudeWindow.authoritative.sevenDay = null;
    expect(errorsOf(nulls)).toEqual([]);
    const notNullable = sample();
    notNullable.timezone = null;
    expect(errorsOf(notNullable)).toHaveLength(1);
  });

  test('counts are whole numbers >= 0, amounts finite numbers >= 0', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, -1, 1.5, '3']) {
      const doc = sample();
      doc.totals.requests = bad;
      expect({ bad, errors: errorsOf(doc).length }).toEqual({ bad, errors: 1 });
    }
    for (const bad of [Number.NaN, Number.NEGATIVE_INFINITY, -0.01]) {
      const doc = sample();
      doc.blocks[2].burnRate.costUsdPerHour = bad;
      expect({ bad, errors: errorsOf(doc) }).toEqual({
        bad,
        errors: [expect.stringMatching(/^\$\.blocks\[2\]\.burnRate\.costUsdPerHour: /)],
      });
    }
  });

  test('date-times must have an offset and be real instants; microseconds and offsets pass', () => {
    for (const bad of ['2026-13-45T99:00:00Z', '2026-11-20T12:00:00', '2026-11-20', 1_763_640_000_000]) {
      const doc = sample();
      doc.generatedAt = bad;
      expect({ bad, errors: errorsOf(doc).length }).toEqual({ bad, errors: 1 });
    }
    const doc = sample();
    doc.generatedAt = '2026-07-03T00:30:00.282668+00:00';
    doc.claudeWindow.resetsAt = '2026-07-03T02:30+02:00';
    expect(errorsOf(doc)).toEqual([]);
  });

  test('enums hold their values: version, source, basis, skip reasons, plan kind and label, fallback kind', () => {
    const cases: [string, (d: any) => void][] = [
      ['schemaVersion', (d) => (d.schemaVersion = 2)],
      ['source', (d) => (d.claudeWindow.source = 'live')],
      ['5-hour basis', (d) => (d.claudeWindow.estimate.basis = 'vibes')],
      ['weekly basis', (d) => (d.claudeWindow.estimate.weekly.basis = 'log-limit-message')],
      ['skip reason', (d) => (d.sources.skipped['tool-result'] = 1)],
      ['subscription kind', (d) => (d.plan.subscriptionType = 'platinum')],
      ['plan label', (d) => (d.plan.label = 'Max 99x')],
      ['plan source', (d) => (d.plan.source = 'env')],
    ];
    for (const [name, breakIt] of cases) {
      const doc = sample();
      breakIt(doc);
      expect({ name, errors: errorsOf(doc).length }).toEqual({ name, errors: 1 });
    }
    const estimate = sample('estimate');
    estimate.claudeWindow.fallbackReason.kind = 'gremlins';
    expect(errorsOf(estimate)).toEqual([expect.stringMatching(/^\$\.claudeWindow\.fallbackReason\.kind: /)]);
    const skipped = sample();
    skipped.sources.skipped = { malformed: 1, 'api-error': 2, 'no-usage': 3, 'invalid-usage': 4, 'unreadable-file': 5 };
    expect(errorsOf(skipped)).toEqual([]);
  });

  test('oauth always carries the server payload and no reason; estimate a reason and no payload', () => {
    const cases: [string, 'oauth' | 'estimate', (w: any) => void, string][] = [
      ['oauth without a payload', 'oauth', (w) => (w.authoritative = null), '$.claudeWindow.authoritative'],
      [
        'oauth with a reason',
        'oauth',
        (w) => (w.fallbackReason = { kind: 'timeout', message: 'x', retryAt: null }),
        '$.claudeWindow.fallbackReason',
      ],
      ['estimate without a reason', 'estimate', (w) => (w.fallbackReason = null), '$.claudeWindow.fallbackReason'],
      [
        'estimate with a payload',
        'estimate',
        (w) => (w.authoritative = makeSampleAuthoritative()),
        '$.claudeWindow.authoritative',
      ],
      ['oauth above 100 %', 'oauth', (w) => (w.pct = 100.5), '$.claudeWindow.pct'],
      ['oauth weekly above 100 %', 'oauth', (w) => (w.weekly.pct = 140), '$.claudeWindow.weekly.pct'],
      ['no source at all', 'oauth', (w) => delete w.source, '$.claudeWindow.source'],
    ];
    for (const [name, source, breakIt, path] of cases) {
      const doc = sample(source);
      breakIt(doc.claudeWindow);
      const errors = errorsOf(doc);
      expect({ name, paths: errors.map((e) => e.slice(0, e.indexOf(':'))) }).toEqual({ name, paths: [path] });
    }
    // An estimate may pass 100 % of the learned limit.
    const over = sample('estimate');
    over.claudeWindow.pct = 140;
    over.claudeWindow.estimate.pct = 140;
    expect(errorsOf(over)).toEqual([]);
  });

  test('Live names where its reading came from; an estimate has no live reading of its own', () => {
    const cases: [string, 'oauth' | 'estimate', (w: any) => void, string][] = [
      ['oauth without live', 'oauth', (w) => (w.live = null), '$.claudeWindow.live'],
      ['oauth from nowhere', 'oauth', (w) => (w.live.via = 'telepathy'), '$.claudeWindow.live.via'],
      [
        'estimate with live',
        'estimate',
        (w) => (w.live = { via: 'statusline', observedAt: '2026-11-20T11:59:00Z' }),
        '$.claudeWindow.live',
      ],
      [
        'a start reading above 100 %',
        'estimate',
        (w) => (w.estimate.fromReading = { via: 'statusline', observedAt: '2026-11-20T11:00:00Z', pct: 101 }),
        '$.claudeWindow.estimate.fromReading.pct',
      ],
      [
        'a machine share above 1',
        'estimate',
        (w) => (w.estimate.weekly.calibration = { ...sampleCalibration(), machineShare: 1.2 }),
        '$.claudeWindow.estimate.weekly.calibration.machineShare',
      ],
    ];
    for (const [name, source, breakIt, path] of cases) {
      const doc = sample(source);
      breakIt(doc.claudeWindow);
      expect({ name, paths: errorsOf(doc).map((e) => e.slice(0, e.indexOf(':'))) }).toEqual({ name, paths: [path] });
    }
    for (const via of ['statusline', 'claude-cache', 'endpoint']) {
      const doc = sample();
      doc.claudeWindow.live.via = via;
      expect(errorsOf(doc)).toEqual([]);
    }
    const calibrated = sample('estimate');
    Object.assign(calibrated.claudeWindow.estimate, { basis: 'calibrated', calibration: sampleCalibration() });
    Object.assign(calibrated.claudeWindow.estimate.weekly, {
      basis: 'live-plus-logs',
      calibration: sampleCalibration(),
    });
    calibrated.claudeWindow.fallbackReason = { kind: 'stale-reading', message: 'old', retryAt: null };
    expect(errorsOf(calibrated)).toEqual([]);
  });

  test('the history is bounded: 400 points a series, 200 hits; readings 0-100, the estimate may pass it', () => {
    const doc = sample();
    const point = { at: '2026-11-20T11:00:00Z', pct: 50 };
    doc.history.fiveHour.readings = Array.from({ length: MAX_HISTORY_POINTS }, () => point);
    doc.history.sevenDay.estimate = Array.from({ length: MAX_HISTORY_POINTS }, () => ({ ...point, pct: 130 }));
    doc.history.hits = Array.from({ length: MAX_HISTORY_HITS }, () => doc.history.hits[0]);
    expect(errorsOf(doc)).toEqual([]);
    doc.history.fiveHour.readings.push(point);
    doc.history.sevenDay.estimate.push(point);
    doc.history.hits.push(doc.history.hits[0]);
    doc.history.sevenDay.readings[0].pct = 100.5;
    doc.history.fiveHour.estimateBasis = 'vibes';
    expect(errorsOf(doc).map((e) => e.slice(0, e.indexOf(':')))).toEqual([
      '$.history.fiveHour.readings',
      '$.history.fiveHour.estimateBasis',
      '$.history.sevenDay.readings[0].pct',
      '$.history.sevenDay.estimate',
      '$.history.hits',
    ]);
  });

  test('bounds: at most 100 sessions and 100 unreadable files', () => {
    const doc = sample();
    doc.sessions = Array.from({ length: 100 }, () => doc.sessions[0]);
    doc.sources.unreadableFiles = Array.from({ length: 100 }, (_, i) => `/logs/${i}.jsonl`);
    expect(errorsOf(doc)).toEqual([]);
    doc.sessions.push(doc.sessions[0]);
    doc.sources.unreadableFiles.push('/logs/one-more.jsonl');
    expect(errorsOf(doc).map((e) => e.slice(0, e.indexOf(':')))).toEqual(['$.sources.unreadableFiles', '$.sessions']);
  });

  test('a row whose total does not add up, or whose unknown cost has no unpriced tokens, is refused', () => {
    const total = sample();
    total.daily[5].totalTokens += 1;
    expect(errorsOf(total)).toEqual(['$.daily[5]: totalTokens is not the four token counts added up']);
    const cost = sample();
    cost.models[0].costUsd = null;
    expect(errorsOf(cost)).toEqual(['$.models[0]: costUsd is null (unknown) although no tokens are unpriced']);
  });

  test('a block lasts 5 hours and has a last activity; a gap block has none', () => {
    const short = sample();
    short.blocks[0].end = short.blocks[0].lastActivity;
    expect(errorsOf(short)).toEqual([expect.stringMatching(/^\$\.blocks\[0\]: a block lasts 5 hours/)]);
    const busyGap = sample();
    busyGap.blocks[1].lastActivity = busyGap.blocks[1].start;
    expect(errorsOf(busyGap)).toHaveLength(1);
  });

  test('stops collecting after 20 errors', () => {
    const doc = sample();
    doc.unpricedModels = Array.from({ length: 50 }, () => 1);
    expect(errorsOf(doc)).toHaveLength(20);
  });

  test('a message quotes at most 200 characters of what it received', () => {
    const doc = sample();
    doc.timezone = 42;
    doc.claudeWindow.source = 'x'.repeat(100_000);
    const errors = errorsOf(doc);
    expect(errors).toHaveLength(2);
    for (const e of errors) expect(e.length).toBeLessThan(260);
  });

  test('anything but an object is refused at the root', () => {
    for (const bad of [null, 42, 'doc', undefined]) expect(errorsOf(bad)).toHaveLength(1);
  });
});

describe('validateAuthoritativeUsage', () => {
  test('at most 16 limits, display names of at most 64 code points, percentages 0-100', () => {
    const limit = makeSampleAuthoritative().limits[2]!;
    const ok = makeSampleAuthoritative({});
    ok.limits = Array.from({ length: 16 }, () => ({ ...limit, displayName: '𝔉'.repeat(64) }));
    expect(validateAuthoritativeUsage(ok).ok).toBe(true);
    const cases: [string, (u: any) => void][] = [
      ['17 limits', (u) => u.limits.push(limit)],
      ['a 65-character name', (u) => (u.limits[0].displayName = 'x'.repeat(65))],
      ['utilization above 100', (u) => (u.fiveHour.utilization = 100.01)],
      ['negative utilization', (u) => (u.sevenDay.utilization = -1)],
      ['negative extra usage', (u) => (u.extraUsage.usedCredits = -5)],
    ];
    for (const [name, breakIt] of cases) {
      const u: any = structuredClone(ok);
      u.fiveHour = { utilization: 1, resetsAt: null };
      u.sevenDay = { utilization: 1, resetsAt: null };
      u.extraUsage = makeSampleAuthoritative().extraUsage;
      breakIt(u);
      expect({ name, ok: validateAuthoritativeUsage(u).ok }).toEqual({ name, ok: false });
    }
  });

  test('returns a copy with the contract keys only', () => {
    const u = makeSampleAuthoritative();
    const r = validateAuthoritativeUsage({ ...u, token: 'EXTRA-VALUE', fiveHour: { ...u.fiveHour, raw: {} } });
    expect(r).toEqual({ ok: true, value: u });
  });
});
