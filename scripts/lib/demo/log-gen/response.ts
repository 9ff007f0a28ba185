// One assistant response written the way Claude Code writes it: one line per content block that
// share message.id + requestId, earlier copies with partial output_tokens when streamed.
import type { LineFile } from './line-sink.ts';
import type { Prng } from './prng.ts';
import * as R from './records.ts';
import type { GenContext, SessionPlan } from './plan.ts';
import { drawOutputTokens, LONG_CONTEXT_THRESHOLD, type ConversationTokens } from './token-model.ts';

/** Everything a conversation (main session or sub-agent) writes with. */
export interface Speaker {
  ctx: GenContext;
  rng: Prng;
  header: R.LineHeader;
  out: LineFile;
  plan: SessionPlan;
  replay: boolean;
  tokens: ConversationTokens;
}

function toolInput(me: Speaker, tool: string): Record<string, unknown> {
  const { rng, ctx, plan } = me;
  const file = `${plan.cwd}/src/${ctx.pool.slice(rng, 8).replace(/[^a-z]/g, 'x')}.ts`;
  switch (tool) {
    case 'Read':
      return { file_path: file };
    case 'Bash':
      return {
        command: rng.pick(['npm test', 'git status', 'bun run build', 'ls -la src']),
        description: 'Run a command',
      };
    case 'Edit':
      return { file_path: file, old_string: ctx.pool.slice(rng, 120), new_string: ctx.pool.slice(rng, 140) };
    case 'Write':
      return { file_path: file, content: ctx.pool.slice(rng, rng.logNormal(1_500, 0.8) * plan.payloadScale) };
    case 'Task':
      return {
        description: 'Explore the codebase',
        prompt: ctx.pool.slice(rng, 400),
        subagent_type: 'general-purpose',
      };
    case 'WebFetch':
      return { url: 'https://docs.example.com/guide', prompt: 'Summarise the page' };
    default:
      return { pattern: ctx.pool.slice(rng, 12).replace(/[^a-z]/g, ''), path: plan.cwd };
  }
}

/**
 * Write one response at `at` (optionally calling `tool`), record it in the stats and return the
 * uuid and time of its last line and the tool_use id.
 */
export function writeResponse(
  me: Speaker,
  parent: string | null,
  at: number,
  tool: string | null,
): { uuid: string; at: number; toolUseId: string | null } {
  const { rng, ctx, plan, out, header } = me;
  const f = ctx.features;
  const thinking = rng.chance(0.3);
  const output = drawOutputTokens(rng, thinking);
  const usage = me.tokens.call(at, output);
  const msgId = `msg_01${rng.base62(22)}`;
  const requestId = `req_011C${rng.base62(20)}`;
  const blocks: unknown[] = [];
  // Text length follows the output tokens (about 3.5 characters each), scaled like tool results.
  const chars = (cap: number) => Math.max(8, Math.min(output * 3.5, cap) * plan.payloadScale);
  if (thinking)
    blocks.push({ type: 'thinking', thinking: ctx.pool.slice(rng, chars(6_000)), signature: rng.base62(88) });
  if (tool === null || rng.chance(0.4)) blocks.push({ type: 'text', text: ctx.pool.slice(rng, chars(8_000)) });
  let toolUseId: string | null = null;
  if (tool !== null) {
    toolUseId = `toolu_01${rng.base62(22)}`;
    blocks.push({ type: 'tool_use', id: toolUseId, name: tool, input: toolInput(me, tool) });
  }
  const stopReason = tool ? 'tool_use' : 'end_turn';
  let mode: 'single' | 'exact' | 'partial' = 'single';
  if (blocks.length >= 2) {
    if (f.streamedCopies && rng.chance(0.65)) mode = 'partial';
    else if (f.exactCopies) mode = 'exact';
  }
  const lines = mode === 'single' ? [blocks] : blocks.map((b) => [b]);
  let t = at;
  let uuid = parent ?? '';
  let firstOutput = output;
  lines.forEach((content, i) => {
    const final = i === lines.length - 1;
    // Quirk (CLAUDE-DATA.md section 2): copies written while streaming carry partial output_tokens.
    const copyOutput = mode === 'partial' && !final ? Math.max(1, Math.floor(output * 0.5 * rng.next())) : output;
    if (i === 0) firstOutput = copyOutput;
    if (i > 0) t += rng.int(30, 600);
    t = Math.min(t, plan.end);
    const lineUuid = rng.uuid();
    out.write(
      R.assistantLine(header, i === 0 ? parent : uuid, {
        msgId,
        requestId,
        model: plan.model,
        content,
        usage: copyOutput === output ? usage : { ...usage, outputTokens: copyOutput },
        legacy: plan.legacy,
        uuid: lineUuid,
        at: t,
        stopReason: final ? stopReason : null,
      }),
    );
    uuid = lineUuid;
  });
  const inputTotal = usage.inputTokens + usage.cacheCreationTokens + usage.cacheReadTokens;
  ctx.rec.response({
    project: plan.projectDir,
    model: plan.model,
    at: t,
    usage,
    copies: lines.length,
    partialCopies: mode === 'partial' ? lines.length - 1 : 0,
    firstOutput,
    replay: me.replay,
    unpriced: plan.unpriced,
    longContext: /sonnet/.test(plan.model) && inputTotal > LONG_CONTEXT_THRESHOLD,
  });
  return { uuid, at: t, toolUseId };
}
