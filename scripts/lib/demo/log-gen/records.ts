// Claude Code's JSONL record shapes, as the generator writes them: user prompts, tool results
// (most of the bytes), assistant responses with usage, summaries, API errors and limit messages.
// Field order and names follow real Claude Code 1.x/2.x session logs (see CLAUDE-DATA.md section 2).

/** What every conversation line of one session shares. */
export interface LineHeader {
  cwd: string;
  sessionId: string;
  version: string;
  gitBranch: string;
  isSidechain: boolean;
  /** Sub-agent logs carry the agent's id. */
  agentId?: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheCreation1hTokens: number;
  cacheReadTokens: number;
}

function head(h: LineHeader, parentUuid: string | null): Record<string, unknown> {
  const out: Record<string, unknown> = { parentUuid, isSidechain: h.isSidechain, userType: 'external', cwd: h.cwd };
  out.sessionId = h.sessionId;
  out.version = h.version;
  out.gitBranch = h.gitBranch;
  if (h.agentId) out.agentId = h.agentId;
  return out;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function userPromptLine(h: LineHeader, parent: string | null, uuid: string, at: number, text: string): string {
  return JSON.stringify({
    ...head(h, parent),
    type: 'user',
    message: { role: 'user', content: text },
    uuid,
    timestamp: iso(at),
  });
}

export function toolResultLine(
  h: LineHeader,
  parent: string,
  uuid: string,
  at: number,
  toolUseId: string,
  content: string,
  toolUseResult?: Record<string, unknown>,
): string {
  return JSON.stringify({
    ...head(h, parent),
    type: 'user',
    message: { role: 'user', content: [{ tool_use_id: toolUseId, type: 'tool_result', content }] },
    uuid,
    timestamp: iso(at),
    toolUseResult: toolUseResult ?? {
      stdout: content.length > 4096 ? content.slice(0, 4096) : content,
      stderr: '',
      interrupted: false,
    },
  });
}

/**
 * The `toolUseResult` of a Task (sub-agent) call. Quirk: it holds the sub-agent's own `usage`
 * object on a *user* line, so the `"usage"` marker appears on a line that must not be counted
 * (the sub-agent's responses are counted from its own log).
 */
export function taskToolUseResult(
  agentId: string,
  text: string,
  u: Usage,
  durationMs: number,
  toolCalls: number,
): Record<string, unknown> {
  return {
    status: 'completed',
    agentId,
    content: [{ type: 'text', text: text.length > 2048 ? text.slice(0, 2048) : text }],
    totalDurationMs: durationMs,
    totalTokens: u.inputTokens + u.outputTokens + u.cacheCreationTokens + u.cacheReadTokens,
    totalToolUseCount: toolCalls,
    usage: usageJson(u, false),
  };
}

/** Auto-compaction marker: the context starts over from a summary after this line. */
export function compactBoundaryLine(
  h: LineHeader,
  parent: string | null,
  uuid: string,
  at: number,
  preTokens: number,
): string {
  return JSON.stringify({
    ...head(h, null),
    logicalParentUuid: parent,
    type: 'system',
    subtype: 'compact_boundary',
    content: 'Conversation compacted',
    isMeta: false,
    timestamp: iso(at),
    uuid,
    level: 'info',
    compactMetadata: { trigger: 'auto', preTokens },
  });
}

/**
 * The usage object. `legacy` omits the `cache_creation` breakdown, as Claude Code 1.0.x did; such
 * writes are all 5-minute ones.
 */
export function usageJson(u: Usage, legacy: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    input_tokens: u.inputTokens,
    cache_creation_input_tokens: u.cacheCreationTokens,
    cache_read_input_tokens: u.cacheReadTokens,
  };
  if (!legacy) {
    out.cache_creation = {
      ephemeral_5m_input_tokens: u.cacheCreationTokens - u.cacheCreation1hTokens,
      ephemeral_1h_input_tokens: u.cacheCreation1hTokens,
    };
  }
  out.output_tokens = u.outputTokens;
  out.service_tier = 'standard';
  return out;
}

export interface AssistantLine {
  msgId: string;
  requestId: string;
  model: string;
  content: unknown[];
  usage: Usage;
  legacy: boolean;
  uuid: string;
  at: number;
  stopReason: string | null;
}

export function assistantLine(h: LineHeader, parent: string | null, a: AssistantLine): string {
  return JSON.stringify({
    ...head(h, parent),
    message: {
      id: a.msgId,
      type: 'message',
      role: 'assistant',
      model: a.model,
      content: a.content,
      stop_reason: a.stopReason,
      stop_sequence: null,
      usage: usageJson(a.usage, a.legacy),
    },
    requestId: a.requestId,
    type: 'assistant',
    uuid: a.uuid,
    timestamp: iso(a.at),
  });
}

const ZERO_USAGE: Usage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheCreation1hTokens: 0,
  cacheReadTokens: 0,
};

/**
 * A synthetic assistant line Claude Code writes itself: API errors, and the usage-limit notice
 * ("Claude AI usage limit reached|<epoch seconds>"). Model `<synthetic>`, zero usage, no requestId.
 */
export function syntheticLine(
  h: LineHeader,
  parent: string | null,
  uuid: string,
  msgUuid: string,
  at: number,
  text: string,
): string {
  return JSON.stringify({
    ...head(h, parent),
    type: 'assistant',
    uuid,
    timestamp: iso(at),
    message: {
      id: msgUuid,
      model: '<synthetic>',
      role: 'assistant',
      stop_reason: 'stop_sequence',
      stop_sequence: '',
      type: 'message',
      usage: usageJson(ZERO_USAGE, false),
      content: [{ type: 'text', text }],
    },
    isApiErrorMessage: true,
  });
}

export function summaryLine(summary: string, leafUuid: string): string {
  return JSON.stringify({ type: 'summary', summary, leafUuid });
}

export function snapshotLine(messageId: string, at: number): string {
  return JSON.stringify({
    type: 'file-history-snapshot',
    messageId,
    snapshot: { messageId, trackedFileBackups: {}, timestamp: iso(at) },
    isSnapshotUpdate: false,
  });
}
