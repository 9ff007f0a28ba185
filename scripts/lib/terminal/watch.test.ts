// The watch loop: frames redrawn in place on a terminal (one after another elsewhere), the bell on a
// frame whose computation fired an alert, a failed computation said under the last numbers, Ctrl-C.
import { describe, expect, test } from 'bun:test';
import { makeSampleUsageData } from '../../../test/fixtures/sample-data.ts';
import { parseWatchSeconds, watchUsage, type WatchFrame } from './watch.ts';

const doc = makeSampleUsageData();

/** Run the loop with frames from `next` until `frames` have been written; returns what was written. */
async function watch(
  tty: boolean,
  next: () => Promise<WatchFrame>,
  frames: number,
  first: WatchFrame = { doc, fired: 0 },
) {
  const controller = new AbortController();
  const written: string[] = [];
  let n = 0;
  await watchUsage({
    intervalMs: 1,
    first,
    next,
    render: () => `panel ${++n}`,
    write: (text) => {
      written.push(text);
      if (written.length === frames) controller.abort();
    },
    tty,
    signal: controller.signal,
    describeError: (error) => (error as Error).message,
  });
  return written;
}

describe('watchUsage', () => {
  test('on a terminal each frame clears the screen first; the frame whose build fired an alert rings the bell', async () => {
    const fired = [2, 0];
    const written = await watch(true, async () => ({ doc, fired: fired.shift()! }), 3, { doc, fired: 0 });
    expect(written).toEqual([
      '\x1b[H\x1b[2Jpanel 1\nredrawn every 0 s · Ctrl-C to stop\n',
      '\x1b[H\x1b[2Jpanel 2\nredrawn every 0 s · Ctrl-C to stop\n\x07',
      '\x1b[H\x1b[2Jpanel 3\nredrawn every 0 s · Ctrl-C to stop\n',
    ]);
  });

  test('elsewhere (a pipe, a file) the frames follow one another a blank line apart', async () => {
    const written = await watch(false, async () => ({ doc, fired: 0 }), 2, { doc, fired: 1 });
    expect(written).toEqual([
      'panel 1\nredrawn every 0 s · Ctrl-C to stop\n\x07',
      '\npanel 2\nredrawn every 0 s · Ctrl-C to stop\n',
    ]);
  });

  test('a build that fails keeps the last numbers and says why, until one succeeds', async () => {
    const outcomes: (() => WatchFrame)[] = [
      () => {
        throw new Error('disk gone');
      },
      () => ({ doc, fired: 0 }),
    ];
    const written = await watch(false, async () => outcomes.shift()!(), 3);
    expect(written[1]).toBe(
      '\npanel 2\ncould not refresh: disk gone; these are the last numbers\nredrawn every 0 s · Ctrl-C to stop\n',
    );
    expect(written[2]).not.toContain('could not refresh');
  });

  test('Ctrl-C during the pause ends the loop at once, without another build', async () => {
    const controller = new AbortController();
    let builds = 0;
    const loop = watchUsage({
      intervalMs: 3_600_000,
      first: { doc, fired: 0 },
      next: async () => (builds++, { doc, fired: 0 }),
      render: () => 'panel',
      write: () => queueMicrotask(() => controller.abort()),
      tty: false,
      signal: controller.signal,
    });
    await loop;
    expect(builds).toBe(0);
  });
});

describe('parseWatchSeconds', () => {
  test('whole seconds from 10 to a day', () => {
    expect(parseWatchSeconds('60')).toBe(60_000);
    expect(parseWatchSeconds('10')).toBe(10_000);
    expect(parseWatchSeconds('86400')).toBe(86_400_000);
    for (const bad of ['9', '0', '86401', '1.5', '-10', 'soon', '']) expect(parseWatchSeconds(bad)).toBeNull();
  });
});
