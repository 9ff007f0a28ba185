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

export const log = {
  error: (m: string) => emit('error', m),
  warn: (m: string) => emit('warn', m),
  info: (m: string) => emit('info', m),
  debug: (m: string) => emit('debug', m),
};
