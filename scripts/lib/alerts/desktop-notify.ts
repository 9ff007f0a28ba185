// Desktop notifications for `aios serve --notify`: notify-send on Linux, osascript on macOS, run
// through the platform's spawn helper (no shell). A machine without the tool quietly gets none.
import { runWithTimeout, type SpawnFn } from '../support/platform.ts';
import { log } from '../support/log.ts';

/** Shows one notification; resolves true when the tool ran and said it did. Never throws. */
export type DesktopNotifier = (title: string, body: string) => Promise<boolean>;

export interface NotifierOptions {
  platform?: NodeJS.Platform;
  env?: Record<string, string | undefined>;
  /** Injected in tests; defaults to Bun.spawn. */
  spawn?: SpawnFn;
  timeoutMs?: number;
}

/** A notification's title or body: one line, bounded, never read as a flag. */
function clean(text: string, max: number): string {
  const line = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * The command that shows `title` and `body` on `platform`, or null where aios knows none. The text
 * is passed as arguments, never spliced into a script: osascript reads it from `argv` in its `run`
 * handler, so no quote or backslash in it can change the AppleScript; `--` ends notify-send's options.
 *
 * @example notifyCommand('linux', 'aios: 5-hour window past 95%', '96% (Live) · resets in 2 h')
 */
export function notifyCommand(platform: NodeJS.Platform, title: string, body: string): string[] | null {
  const t = clean(title, 120);
  const b = clean(body, 400);
  if (platform === 'darwin')
    return [
      'osascript',
      '-e',
      'on run argv',
      '-e',
      'display notification (item 2 of argv) with title (item 1 of argv)',
      '-e',
      'end run',
      t,
      b,
    ];
  if (platform === 'win32') return null;
  return ['notify-send', '--app-name=aios', '--', t, b];
}

/**
 * A notifier for this machine. A missing tool (no notify-send, a platform without one) is no
 * notification and one debug line, never an error: the log line and the page say the alert anyway.
 */
export function desktopNotifier(opts: NotifierOptions = {}): DesktopNotifier {
  const platform = opts.platform ?? process.platform;
  let saidMissing = false;
  return async (title, body) => {
    const command = notifyCommand(platform, title, body);
    if (command === null) {
      if (!saidMissing) log.debug(`no desktop notifications on ${platform}`);
      saidMissing = true;
      return false;
    }
    const result = await runWithTimeout(command, {
      timeoutMs: opts.timeoutMs ?? 5000,
      spawn: opts.spawn,
      env: opts.env,
    });
    if (result.ok) return true;
    if (result.reason === 'not-found') {
      if (!saidMissing) log.debug(`${command[0]} not found: no desktop notifications`);
      saidMissing = true;
    } else {
      log.debug(`${command[0]} failed (${result.reason}${result.exitCode === undefined ? '' : ` ${result.exitCode}`})`);
    }
    return false;
  };
}
