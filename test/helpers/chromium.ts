// Launching Debian's Chromium for browser tests through playwright-core: a fresh profile each time,
// no background traffic, and a rule for when a missing browser fails rather than skips (CI).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.AIOS_CHROMIUM ?? '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'];

/**
 * Whether browser tests should run. In CI they always run (and fail if Chromium is missing:
 * `.ci/run` installs it); locally they skip with a message when there is no browser.
 */
export function browserTestsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  if (fs.existsSync(CHROMIUM_PATH) || env.CI === 'true') return true;
  console.warn(`skipping browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set AIOS_CHROMIUM)`);
  return false;
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launch Chromium with a new temporary profile, removed again on close. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) throw new Error(`Chromium is required here but ${CHROMIUM_PATH} does not exist`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'aios-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
    timezoneId: 'UTC',
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
