// The logger: every line goes to stderr through the redaction set, so stdout stays the data (the
// document, the statusline, MCP's protocol). AIOS_LOG_LEVEL sets how much is said (default info).
import { redact } from './redaction.ts';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
const ORDER: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

let threshold: LogLevel =
  (process.env.AIOS_LOG_LEVEL as LogLevel) in ORDER ? (process.env.AIOS_LOG_LEVEL as LogLevel) : 'info';
let sink: (line: string) => void = (line) => process.stderr.write(line + '\n');

export function setLogLevel(level: LogLevel): void {
  threshold = level;
}

/** Tests capture log lines through this (test/fixtures/log-capture.ts). Returns the previous sink. */
export function setLogSink(next: (line: string) => void): (line: string) => void {
  const prev = sink;
  sink = next;
  return prev;
}

function emit(level: LogLevel, message: string): void {
  if (ORDER[level] > ORDER[threshold]) return;
  const prefix = level === 'info' ? 'aios' : `aios ${level}`;
  sink(redact(`${prefix}: ${message}`));
}

/** Keys already said by `log.once`, for this process. */
const said = new Set<string>();

export const log = {
  error: (m: string) => emit('error', m),
  warn: (m: string) => emit('warn', m),
  info: (m: string) => emit('info', m),
  debug: (m: string) => emit('debug', m),
  /**
   * Say `message` at `level` only the first time this process meets `key`: `aios serve` recomputes
   * every minute, and a setting that is wrong once is wrong at every recompute.
   *
   * @example log.once('warn', `tz:${value}`, `TZ '${value}' is not a time zone aios can use`);
   */
  once(level: LogLevel, key: string, message: string): void {
    if (said.has(key)) return;
    said.add(key);
    emit(level, message);
  },
};
