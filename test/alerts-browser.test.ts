// Alerts in a real browser: `aios serve` whose 5-hour window is past 95 % (Claude Code's statusline
// said 96 %) shows the banner; the notification permission is asked for only after the banner's
// button is clicked, and an alert that fires while the page is open becomes a browser notification.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { openHistoryStore } from '../scripts/lib/history/open-store.ts';
import { browserTestsEnabled, launchChromium, type Browser } from './fixtures/chromium.ts';
import { DAY, HOUR, reading } from './fixtures/history-fixtures.ts';
import { writeLogTree } from './fixtures/log-tree.ts';
import { startServeProcess, type ServeProcess } from './fixtures/serve-process.ts';

const SHOTS = path.resolve(import.meta.dir, '..', 'test-output');

/**
 * Runs before the page's own scripts: counts every permission request and records every
 * notification, passing each on to the browser's own Notification.
 */
const WATCH_NOTIFICATIONS = `(() => {
  window.__asked = 0;
  window.__shown = [];
  const Real = window.Notification;
  if (!Real) return;
  const ask = Real.requestPermission.bind(Real);
  Real.requestPermission = (...args) => { window.__asked++; return ask(...args); };
  window.Notification = new Proxy(Real, {
    construct(target, args) { window.__shown.push([args[0], args[1] && args[1].body]); return Reflect.construct(target, args); },
    get(target, key) { const value = Reflect.get(target, key, target); return typeof value === 'function' ? value.bind(target) : value; },
  });
})();`;

const enabled = browserTestsEnabled();
const suite = enabled ? describe : describe.skip;

suite('alerts in Chromium', () => {
  const now = Math.floor(Date.now() / 1000) * 1000;
  const fiveHourReset = now + 2 * HOUR;
  const weekReset = now + 3 * DAY;
  let root: string | null = null;
  let dataDir: string;
  let serve: ServeProcess | null = null;
  let browser: Browser | null = null;
  let page: Page;
  const consoleMessages: string[] = [];

  /** Record what Claude Code's statusline would pass on now. */
  function statusline(fivePct: number, weekPct: number): void {
    const store = openHistoryStore({ dataDir, guardDirs: [] });
    if (!store) throw new Error('the usage history could not be opened');
    const at = Date.now();
    store.record(
      reading(at, {
        fiveHour: { pct: fivePct, resetsAt: fiveHourReset },
        sevenDay: { pct: weekPct, resetsAt: weekReset },
      }),
    );
    store.close();
  }

  beforeAll(async () => {
    browser = await launchChromium();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-alerts-browser-'));
    dataDir = path.join(root, 'data');
    const configDir = writeLogTree(path.join(root, 'claude'), {
      now: new Date(now),
      accessToken: 'sk-ant-oat01-FAKE-CANARY-banner-0123456789',
      refreshToken: 'sk-ant-ort01-FAKE-CANARY-banner-0123456789',
    });
    statusline(96, 40);
    serve = await startServeProcess({
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: path.join(root, 'home'),
      TZ: 'UTC',
      CLAUDE_CONFIG_DIR: configDir,
      AIOS_CACHE_DIR: path.join(root, 'cache'),
      AIOS_DATA_DIR: dataDir,
      // Anthropic's numbers come from the statusline readings alone.
      AIOS_ENDPOINT: 'off',
    });
    page = await browser.context.newPage();
    page.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
    await page.addInitScript(WATCH_NOTIFICATIONS);
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 200_000);

  afterAll(async () => {
    await browser?.close();
    if (serve) await serve.stop('SIGKILL').catch(() => {});
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('a window past a threshold is a banner, and loading the page asks for no permission', async () => {
    await page.goto(serve!.url);
    const banner = page.getByTestId('alert-banner');
    await banner.waitFor({ state: 'visible', timeout: 20_000 });
    expect(await banner.getAttribute('role')).toBe('alert');
    const text = await banner.textContent();
    expect(text).toContain('5-hour window past 95%');
    expect(text).toContain('96% (Live) · resets in 1 h 5');
    expect(await page.getByRole('progressbar', { name: '5-hour window' }).getAttribute('aria-valuetext')).toBe(
      '96% used',
    );
    expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(0);
    await page.screenshot({ path: path.join(SHOTS, 'dashboard-alert.png'), fullPage: true });
  }, 60_000);

  test('the permission is asked for when the banner button is clicked, and only then', async () => {
    await page.context().grantPermissions(['notifications'], { origin: new URL(serve!.url).origin });
    expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(0);
    await page.getByRole('button', { name: 'Notify me in this browser' }).click();
    await page.getByText('Browser notifications are on for the next alert.').waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { __asked: number }).__asked)).toBe(1);
  }, 30_000);

  test('an alert that fires while the page is open is a browser notification', async () => {
    // The week climbs past 80 %: the next document fires its alert.
    statusline(96, 85);
    await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/refresh')),
      page.getByRole('button', { name: 'Refresh' }).click(),
    ]);
    await page.getByTestId('alert-banner').getByText('Weekly limit past 80%').waitFor({ timeout: 20_000 });
    const shown = await page.evaluate(() => (window as unknown as { __shown: [string, string][] }).__shown);
    expect(shown).toEqual([
      ['aios: Weekly limit past 80%', expect.stringMatching(/^85% \(Live\) · resets in 2 d 23 h/)],
    ]);
    expect(serve!.output()).toContain('aios warn: alert: Weekly limit past 80%');
  }, 60_000);

  test('no console errors or policy violations along the way', () => {
    expect(consoleMessages.filter((m) => /Content.Security.Policy|^error:/i.test(m))).toEqual([]);
  });
});
