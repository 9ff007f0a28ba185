// Test support: Claude Code JSONL records shaped like the real ones (CLAUDE-DATA.md §2) and a temp
// config dir to write them into. Used only by the scan's tests.
import { mkdirSync, mkdtempSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface AssistantOpts {
  id?: string | null;
  requestId?: string | null;
  session?: string;
  timestamp?: string;
  model?: string;
  input?: number;
  output?: number;
  cacheCreation?: number;
  cacheCreation1h?: number;
  cacheRead?: number;
  text?: string;
  extra?: Record<string, unknown>;
}

/** One assistant record as Claude Code writes it (key order included), without the newline. */
export function assistantLine(o: AssistantOpts = {}): string {
  const message: Record<string, unknown> = {
    ...(o.id === null ? {} : { id: o.id ?? 'msg_01FAKE' }),
    type: 'message',
    role: 'assistant',
    model: o.model ?? 'claude-sonnet-4-5-20250929',
    content: [{ type: 'text', text: o.text ?? 'hello' }],
    stop_reason: null,
    stop_sequence: null,
    usage: {
      input_tokens: o.input ?? 10,
      cache_creation_input_tokens: o.cacheCreation ?? 100,
      cache_read_input_tokens: o.cacheRead ?? 1000,
      cache_creation: { ephemeral_5m_input_tokens: (o.cacheCreation ?? 100) - (o.cacheCreation1h ?? 0), ephemeral_1h_input_tokens: o.cacheCreation1h ?? 0 },
      output_tokens: o.output ?? 50,
      service_tier: 'standard',
    },
  };
  return JSON.stringify({
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: '/home/dev/proj',
    sessionId: o.session ?? 'sess-1',
    version: '2.1.332',
    message,
    ...(o.requestId === null ? {} : { requestId: o.requestId ?? 'req_01FAKE' }),
    type: 'assistant',
    uuid: 'u-1',
    timestamp: o.timestamp ?? '2026-11-20T18:17:07.586Z',
    ...o.extra,
  });
}

/** A user record (tool result); never carries usage. */
export function userLine(text = 'tool output'): string {
  return JSON.stringify({ type: 'user', sessionId: 'sess-1', message: { role: 'user', content: [{ type: 'tool_result', content: text }] }, timestamp: '2026-11-20T18:17:00.000Z' });
}

/** A temp dir laid out like a Claude Code config dir, with helpers to write logs under projects/. */
export function makeConfigDir(prefix = 'aios-scan-'): { dir: string; write(rel: string, lines: string[], newlineAtEnd?: boolean): string; append(rel: string, text: string): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'projects'));
  return {
    dir,
    write(rel, lines, newlineAtEnd = true) {
      const path = join(dir, 'projects', rel);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, lines.join('\n') + (newlineAtEnd && lines.length > 0 ? '\n' : ''));
      return path;
    },
    append(rel, text) {
      appendFileSync(join(dir, 'projects', rel), text);
    },
  };
}
