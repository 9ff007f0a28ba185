// One build's alerts: judged into the document's section, recorded once when the document is valid,
// heard of through onFired; read-only builds (aios mcp) show what fired and fire nothing; no demo.
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WindowAlert } from '../../../src/contract/usage-data.ts';
import { makeSampleLiveWindow, makeSampleUsageData, SAMPLE_NOW } from '../../../test/fixtures/sample-data.ts';
import { alertStateIn } from './alert-state.ts';
import { startAlertRun, type AlertOptions } from './document-alerts.ts';

const root = mkdtempSync(join(tmpdir(), 'aios-document-alerts-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const now = new Date(SAMPLE_NOW);
let dirs = 0;
const UTC = { timezone: 'UTC' };

/** A document whose Live 5-hour window is at `pct` (the week at 18 %). */
const docAt = (pct: number, demo = false) => makeSampleUsageData({ demo, claudeWindow: makeSampleLiveWindow({ pct }) });

function run(
  state = alertStateIn(join(root, `state-${dirs++}`)),
  env: Record<string, string> = {},
  alerts: AlertOptions = {},
) {
  const heard: WindowAlert[][] = [];
  const r = startAlertRun({
    env,
    home: root,
    demo: false,
    state,
    alerts: { ...alerts, onFired: (a) => heard.push(a) },
  });
  return { r, heard, state };
}

describe('startAlertRun', () => {
  test('a window past a threshold: the section shows it, recording keeps it and tells onFired once', () => {
    const { r, heard, state } = run();
    const judgement = r.judge(docAt(96), now);
    expect(judgement.section).toEqual({
      thresholds: [80, 95],
      current: [
        {
          window: 'five_hour',
          threshold: 95,
          pct: 96,
          source: 'live',
          basis: null,
          firedAt: SAMPLE_NOW,
          resetsAt: '2026-11-20T14:14:00.000Z',
        },
      ],
    });
    expect(heard).toEqual([]);
    r.record(judgement, UTC);
    expect(heard).toEqual([judgement.section.current]);
    expect(state.read()).toEqual(judgement.section.current);
    // The next build (a restart, another command) sees it fired: still current, heard of no more.
    const again = run(state);
    const later = again.r.judge(docAt(97), new Date(now.getTime() + 60_000));
    again.r.record(later, UTC);
    expect(later.section.current).toEqual(judgement.section.current);
    expect(later.fired).toBeNull();
    expect(again.heard).toEqual([]);
  });

  test('a build that assembles twice (a memo that did not fit) is recorded and heard of once', () => {
    const { r, heard } = run();
    r.judge(docAt(85), now);
    r.record(r.judge(docAt(85), now), UTC);
    expect(heard.map((a) => a.map((x) => x.threshold))).toEqual([[80]]);
  });

  test('read-only builds show what fired and fire nothing themselves', () => {
    const state = alertStateIn(join(root, 'read-only'));
    const reader = run(state, {}, { mode: 'read' });
    const unseen = reader.r.judge(docAt(99), now);
    reader.r.record(unseen, UTC);
    expect(unseen.section.current).toEqual([]);
    expect([reader.heard, state.read()]).toEqual([[], []]);
    const recorder = run(state);
    recorder.r.record(recorder.r.judge(docAt(99), now), UTC);
    expect(reader.r.judge(docAt(99), now).section.current).toEqual(state.read());
  });

  test('no alerts on demo data, and none with AIOS_ALERT_AT=off; the state is not even read', () => {
    const state = alertStateIn(join(root, 'never'));
    let reads = 0;
    const counting = { ...state, read: () => (reads++, state.read()) };
    const demo = startAlertRun({ env: {}, home: root, demo: true, state: counting });
    expect(demo.judge(docAt(99, true), now)).toEqual({
      section: { thresholds: [80, 95], current: [] },
      fired: null,
      announced: [],
    });
    const off = startAlertRun({ env: { AIOS_ALERT_AT: 'off' }, home: root, demo: false, state: counting });
    expect(off.judge(docAt(99), now).section).toEqual({ thresholds: [], current: [] });
    expect(reads).toBe(0);
  });

  test('thresholds come from AIOS_ALERT_AT', () => {
    const { r } = run(undefined, { AIOS_ALERT_AT: '50' });
    expect(r.judge(docAt(60), now).section.current.map((a) => a.threshold)).toEqual([50]);
  });
});
