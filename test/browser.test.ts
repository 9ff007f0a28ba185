// End to end in a real browser: `aios serve` as a child process on a generated log tree, with a
// loopback stand-in for Anthropic's usage endpoint, driven by Debian's Chromium via playwright-core:
// Live from the endpoint, the demo, and a calibrated estimate beside a history chart of readings.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { browserTestsEnabled, launchChromium, type Browser } from './fixtures/chromium.ts';
import { generateLogTree } from '../scripts/lib/demo/generate-logs.ts';
import { credentialJson, writeCredential } from './fixtures/oauth-fixtures.ts';
import { startServeProcess, type ServeProcess } from './fixtures/serve-process.ts';
import { currentReading, recordAll, seedReadings, type SeededHistory } from './fixtures/seeded-history.ts';
import {
  answer,
  payloadAt,
  rateLimited,
  serverError,
  startUsageStandIn,
  type UsageStandIn,
} from './fixtures/usage-endpoint.ts';

const SHOTS = path.resolve(import.meta.dir, '..', 'test-output');
const TOKENS = {
  access: 'sk-ant-oat01-FAKE-CANARY-browser-access-0123456789abcdef',
  refresh: 'sk-ant-ort01-FAKE-CANARY-browser-refresh-0123456789abcdef',
};
/** Distinctive parts that would survive partial quoting or truncation. */
const CANARY_MARKS = [...Object.values(TOKENS), 'FAKE-CANARY'];

const enabled = browserTestsEnabled();
const suite = enabled ? describe : describe.skip;

suite('dashboard in Chromium', () => {
  const now = new Date();
  let standIn: UsageStandIn | null = null;
  let serve: ServeProcess | null = null;
  let browser: Browser | null = null;
  let page: Page;
  let root: string | null = null;
  let configDir: string;
  const received: Array<{ url: string; body: string }> = [];
  const consoleMessages: string[] = [];

  beforeAll(async () => {
    // First, so that a missing browser in CI fails at once with a clear message.
    browser = await launchChromium();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-browser-'));
    // Engineer C's generator: six weeks of realistic history (streamed copies, resumed sessions,
    // malformed lines, sub-agents) ending in a live 5-hour block.
    configDir = path.join(root, 'claude');
    generateLogTree({ root: configDir, targetBytes: 8 << 20, seed: 7, now });
    writeCredential(configDir, credentialJson(TOKENS.access, now.getTime(), { refreshToken: TOKENS.refresh }));
    // The endpoint fails as the server starts: its first answer comes from the first test's Refresh,
    // so the tests know how old it is (the start, page build included, may take a while).
    standIn = startUsageStandIn(serverError);
    serve = await startServeProcess({
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: path.join(root, 'home'),
      TZ: 'UTC',
      NO_COLOR: '1',
      CLAUDE_CONFIG_DIR: configDir,
      AIOS_CACHE_DIR: path.join(root, 'cache'),
      AIOS_CLAUDE_USAGE_URL: standIn.url,
    });
    page = await browser!.context.newPage();
    page.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
    page.on('response', async (r) => {
      try {
        received.push({ url: r.url(), body: await r.text() });
      } catch {
        // Bodyless responses (redirects, aborted loads) have nothing to leak.
      }
    });
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 200_000);

  afterAll(async () => {
    await browser?.close();
    if (serve) await serve.stop('SIGKILL').catch(() => {});
    await standIn?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('the endpoint failed at the start: the estimate; Refresh asks again, and its answer shows Live', async () => {
    await page.goto(serve!.url);
    await page.getByTestId('badge').getByText('Estimate', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('fallback-reason').textContent()).toContain('usage endpoint answered HTTP 500');
    standIn!.handler = answer(payloadAt(now));
    // One failure behind it, the user's Refresh may ask at once (it skips one step of the backoff).
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId('source').getByText('Live', { exact: true }).waitFor({ timeout: 20_000 });
    const fiveHour = page.getByRole('progressbar', { name: '5-hour window' });
    expect(await fiveHour.getAttribute('aria-valuetext')).toBe('63% used');
    expect(await page.getByRole('progressbar', { name: 'Week · all models' }).getAttribute('aria-valuetext')).toBe(
      '27% used',
    );
    expect(await page.getByTestId('source').textContent()).not.toContain('Estimate');
    expect(standIn!.requests.map((r) => r.headers.authorization)).toContain(`Bearer ${TOKENS.access}`);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-live.png'), fullPage: true });
  }, 60_000);

  test('Refresh a moment after that answer does not ask again (Claude Code reuses one for 60 s): it stays Live, with where it came from and its age', async () => {
    // Were it asked, the endpoint would refuse now.
    standIn!.handler = rateLimited;
    const asked = standIn!.requests.length;
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/refresh')),
      page.getByRole('button', { name: 'Refresh' }).click(),
    ]);
    expect(standIn!.requests.length).toBe(asked);
    const source = page.getByTestId('source');
    await source.getByText('Live', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('via').textContent()).toBe('from the usage endpoint');
    expect(await page.getByTestId('age').textContent()).toMatch(/^updated (just now|\d+ s ago)$/);
    expect(await page.getByRole('progressbar', { name: '5-hour window' }).getAttribute('aria-valuetext')).toBe(
      '63% used',
    );
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-live-after-failure.png'), fullPage: true });
  }, 60_000);

  test('the page loads without Content-Security-Policy violations or console errors', () => {
    expect(consoleMessages.filter((m) => /Content.Security.Policy|^error:/i.test(m))).toEqual([]);
  });

  test('no token appears in any HTML, script, API response or the rendered page', async () => {
    const html = await (await fetch(serve!.url)).text();
    const assets = [...html.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    const texts = [html, await page.content(), ...received.map((r) => r.body)];
    for (const asset of assets) texts.push(await (await fetch(new URL(asset, serve!.url))).text());
    texts.push(await (await fetch(new URL('api/aggregate', serve!.url))).text());
    texts.push(await (await fetch(new URL('api/refresh', serve!.url), { method: 'POST' })).text());
    expect(received.some((r) => r.url.endsWith('/api/aggregate') || r.url.endsWith('/api/refresh'))).toBe(true);
    for (const text of texts) for (const mark of CANARY_MARKS) expect(text.includes(mark)).toBe(false);
  }, 30_000);

  test('with no Claude Code logs on the machine, serves demo data under a visible Demo data banner', async () => {
    const demoRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-browser-demo-'));
    let demo: ServeProcess | null = null;
    let demoPage: Page | null = null;
    let exitCode: number | null = null;
    try {
      demo = await startServeProcess({
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: path.join(demoRoot, 'home'),
        TZ: 'UTC',
        AIOS_CACHE_DIR: path.join(demoRoot, 'cache'),
      });
      demoPage = await browser!.context.newPage();
      await demoPage.goto(demo.url);
      const banner = demoPage.getByTestId('demo-banner');
      await banner.waitFor({ state: 'visible', timeout: 20_000 });
      expect(await banner.textContent()).toContain('Demo data');
      expect(await demoPage.getByTestId('badge').textContent()).toBe('Estimate');
      await demoPage.screenshot({ path: path.join(SHOTS, 'dashboard-demo.png'), fullPage: true });
    } finally {
      await demoPage?.close();
      if (demo) exitCode = await demo.stop('SIGTERM');
      fs.rmSync(demoRoot, { recursive: true, force: true });
    }
    // Outside `finally`, so a failure above is reported as itself rather than masked by this check.
    expect(exitCode).toBe(0);
  }, 120_000);

  test('stops cleanly on SIGTERM, and its log never held a token', async () => {
    const code = await serve!.stop('SIGTERM');
    const log = serve!.output();
    serve = null;
    expect(code).toBe(0);
    expect(log).toContain('stopped (SIGTERM)');
    for (const mark of CANARY_MARKS) expect(log.includes(mark)).toBe(false);
  }, 30_000);
});

suite('history chart and calibrated estimate in Chromium', () => {
  const now = new Date();
  let standIn: UsageStandIn | null = null;
  let serve: ServeProcess | null = null;
  let browser: Browser | null = null;
  let page: Page;
  let root: string | null = null;
  let dataDir: string;
  let seeded: SeededHistory;
  /** Seeded readings the 7-day chart shows. */
  let inRange: number;

  beforeAll(async () => {
    browser = await launchChromium();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-browser-history-'));
    const configDir = path.join(root, 'claude');
    // Four weeks of lighter sessions: about ten 5-hour blocks in the last week.
    generateLogTree({ root: configDir, targetBytes: 12 << 20, seed: 7, now, days: 28, payloadScale: 0.1 });
    writeCredential(configDir, credentialJson(TOKENS.access, now.getTime(), { refreshToken: TOKENS.refresh }));
    // Claude Code's statusline read the last eight completed blocks; none of the current one.
    dataDir = path.join(root, 'data');
    seeded = await seedReadings({ configDir, dataDir, now });
    inRange = seeded.readings.filter((r) => r.observedAt >= now.getTime() - 7 * 86_400_000).length;
    standIn = startUsageStandIn(rateLimited);
    serve = await startServeProcess({
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: path.join(root, 'home'),
      TZ: 'UTC',
      NO_COLOR: '1',
      CLAUDE_CONFIG_DIR: configDir,
      AIOS_CACHE_DIR: path.join(root, 'cache'),
      AIOS_DATA_DIR: dataDir,
      AIOS_CLAUDE_USAGE_URL: standIn.url,
    });
    page = await browser!.context.newPage();
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 200_000);

  afterAll(async () => {
    await browser?.close();
    if (serve) await serve.stop('SIGKILL').catch(() => {});
    await standIn?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const readingsIn = (chart: string) =>
    page.locator(`[data-testid=${chart}] .history-readings .recharts-scatter-symbol`);

  test('the endpoint refuses: a calibrated estimate with its error band, and the chart plots the readings and the estimate line', async () => {
    await page.goto(serve!.url);
    await page.getByTestId('badge').getByText('Estimate', { exact: true }).waitFor({ timeout: 20_000 });
    expect(standIn!.requests.length).toBeGreaterThan(0);
    expect(await page.getByTestId('fallback-reason').textContent()).toContain('rate limited');
    const basis = await page.getByTestId('basis').textContent();
    expect(basis).toMatch(
      /logged in this 5-hour window .* points per dollar; calibrated from 8 readings over \d+ days?, ±\d+ points?/,
    );
    const fiveHour = page.getByRole('progressbar', { name: '5-hour window' });
    expect(await fiveHour.getAttribute('aria-valuetext')).toMatch(/^\d+(\.\d)?% used \(estimated, ±\d+ points?\)$/);
    expect(inRange).toBeGreaterThanOrEqual(6);
    for (const chart of ['history-five-hour', 'history-week']) {
      await readingsIn(chart).first().waitFor({ timeout: 20_000 });
      expect(await readingsIn(chart).count()).toBe(inRange);
      // The estimate: a drawn line, named as calibrated in the legend.
      expect(
        await page.locator(`[data-testid=${chart}] .history-estimate path.recharts-line-curve`).getAttribute('d'),
      ).toMatch(/^M[\d.]+,[\d.]+L/);
      expect(await page.getByTestId(chart).textContent()).toContain('aios estimate (calibrated on your readings)');
    }
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-calibrated.png'), fullPage: true });
  }, 60_000);

  test('a statusline reading of the current window arrives: Refresh shows Live from Claude Code with its age, and the chart gains its point', async () => {
    const at = Date.now() - 20_000;
    const reading = currentReading(seeded, seeded.active!, at);
    recordAll(dataDir, [reading]);
    const asked = standIn!.requests.length;
    await page.getByRole('button', { name: 'Refresh' }).click();
    await page.getByTestId('badge').getByText('Live', { exact: true }).waitFor({ timeout: 20_000 });
    // A fresh statusline reading spares the endpoint.
    expect(standIn!.requests.length).toBe(asked);
    expect(await page.getByTestId('via').textContent()).toBe('from Claude Code');
    expect(await page.getByTestId('age').textContent()).toMatch(/^updated \d+ s ago$/);
    expect(await page.getByRole('progressbar', { name: '5-hour window' }).getAttribute('aria-valuetext')).toBe(
      `${reading.fiveHour!.pct}% used`,
    );
    expect(await readingsIn('history-five-hour').count()).toBe(inRange + 1);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-history-live.png'), fullPage: true });
  }, 60_000);
});
