// A small Claude Code config dir for end-to-end tests: a few sessions of assistant lines with
// usage over the last days (one block still active), and a credential file with fake tokens.
import fs from 'node:fs';
import path from 'node:path';

export interface LogTreeOptions {
  now: Date;
  accessToken: string;
  refreshToken: string;
}

/** One assistant line in Claude Code's JSONL shape (see CLAUDE-DATA.md §2). */
function assistantLine(at: Date, i: number, sessionId: string, model: string): string {
  return JSON.stringify({
    type: 'assistant',
    timestamp: at.toISOString(),
    sessionId,
    cwd: '/home/dev/proj',
    version: '2.1.332',
    requestId: `req_e2e_${sessionId}_${i}`,
    isSidechain: false,
    message: {
      id: `msg_e2e_${sessionId}_${i}`,
      model,
      usage: {
        input_tokens: 12 + i,
        output_tokens: 400 + 10 * i,
        cache_creation_input_tokens: 2000,
        cache_read_input_tokens: 30000 + 100 * i,
        cache_creation: { ephemeral_5m_input_tokens: 2000, ephemeral_1h_input_tokens: 0 },
      },
    },
  });
}

/** Write the credential file Claude Code keeps (mode 0600) with the given tokens. */
export function writeCredential(configDir: string, opts: LogTreeOptions): void {
  const credential = {
    claudeAiOauth: {
      accessToken: opts.accessToken,
      refreshToken: opts.refreshToken,
      expiresAt: opts.now.getTime() + 8 * 3_600_000,
      scopes: ['user:inference', 'user:profile'],
      subscriptionType: 'max',
      rateLimitTier: 'default_claude_max_5x',
    },
  };
  fs.writeFileSync(path.join(configDir, '.credentials.json'), JSON.stringify(credential), { mode: 0o600 });
}

/** Create `configDir` with projects/ logs and a credential; returns the config dir. */
export function writeLogTree(configDir: string, opts: LogTreeOptions): string {
  const project = path.join(configDir, 'projects', '-home-dev-proj');
  fs.mkdirSync(project, { recursive: true });
  const hour = 3_600_000;
  // Sessions 3 days, 2 days and 1 day ago, and one that is still going (its last line 10 min ago).
  const sessions = [
    { id: 'e2e-session-a', start: opts.now.getTime() - 72 * hour, model: 'claude-sonnet-4-5-20250929' },
    { id: 'e2e-session-b', start: opts.now.getTime() - 48 * hour, model: 'claude-opus-4-5' },
    { id: 'e2e-session-c', start: opts.now.getTime() - 24 * hour, model: 'claude-sonnet-4-5-20250929' },
    { id: 'e2e-session-d', start: opts.now.getTime() - 2 * hour, model: 'claude-sonnet-4-5-20250929' },
  ];
  for (const s of sessions) {
    const lines: string[] = [];
    for (let i = 0; i < 12; i++) {
      const at = new Date(Math.min(s.start + i * 10 * 60_000, opts.now.getTime() - 10 * 60_000));
      lines.push(assistantLine(at, i, s.id, s.model));
    }
    fs.writeFileSync(path.join(project, `${s.id}.jsonl`), lines.join('\n') + '\n');
  }
  writeCredential(configDir, opts);
  return configDir;
}
