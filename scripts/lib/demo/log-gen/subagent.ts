// A sub-agent (Task tool) run: its own log beside the session, in
// `<project>/<session id>/subagents/agent-<id>.jsonl`, every line `isSidechain: true`.
import { join } from 'node:path';
import { LineFile } from './line-sink.ts';
import { Prng } from './prng.ts';
import * as R from './records.ts';
import { writeResponse, type Speaker } from './response.ts';
import { ConversationTokens } from './token-model.ts';

const AGENT_TOOLS = [
  ['Read', 5],
  ['Grep', 3],
  ['Glob', 2],
  ['Bash', 2],
] as const;

/**
 * Run a sub-agent for a Task call made at `at`. Everything the parent session's
 * lines depend on is drawn from the parent's stream first, so a replay (which skips the agent's
 * file) writes the same parent lines.
 */
export function renderSubagent(
  parent: Speaker,
  at: number,
): { endAt: number; text: string; toolUseResult: Record<string, unknown> } {
  const { ctx, rng, plan } = parent;
  const agentId = rng.hex(8);
  const durationMs = Math.round(rng.logNormal(90_000, 0.8) * Math.max(plan.timeScale, 0.2));
  const endAt = Math.min(at + durationMs, plan.end);
  const text = ctx.pool.slice(rng, rng.logNormal(1_200, 0.7));
  const steps = rng.int(3, 10);
  const reported = {
    inputTokens: rng.int(1, 9),
    outputTokens: rng.int(200, 2_000),
    cacheCreationTokens: rng.int(500, 6_000),
    cacheCreation1hTokens: 0,
    cacheReadTokens: rng.int(10_000, 40_000),
  };
  const toolUseResult = R.taskToolUseResult(agentId, text, reported, endAt - at, steps);
  if (parent.replay) return { endAt, text, toolUseResult };

  const agentRng = new Prng(ctx.seed, (parseInt(agentId, 16) ^ plan.stream) >>> 0);
  const model = agentRng.chance(0.5) ? 'claude-haiku-4-5-20251001' : plan.model;
  const out = new LineFile(
    join(ctx.root, 'projects', plan.projectDir, plan.sessionId, 'subagents', `agent-${agentId}.jsonl`),
    ctx.rec.counters,
  );
  ctx.rec.stats.subagentFiles += 1;
  const header: R.LineHeader = { ...parent.header, isSidechain: true, agentId };
  const agentPlan = { ...plan, model, unpriced: plan.unpriced && model === plan.model, longContext: false };
  const tokens = new ConversationTokens(agentRng, plan.cache1h, false, agentRng.int(8_000, 14_000));
  const me: Speaker = { ctx, rng: agentRng, header, out, plan: agentPlan, replay: false, tokens };
  try {
    let t = at + 200;
    const promptId = agentRng.uuid();
    out.write(R.userPromptLine(header, null, promptId, Math.min(t, endAt), ctx.pool.slice(agentRng, 400)));
    let prev = promptId;
    const step = Math.max(1, (endAt - t) / (steps * 2 + 1));
    for (let i = 0; i < steps; i++) {
      const last = i === steps - 1;
      t = Math.min(t + step, endAt);
      if (tokens.needsCompaction()) {
        const id = agentRng.uuid();
        out.write(R.compactBoundaryLine(header, prev, id, t, tokens.compact()));
        prev = id;
      }
      const resp = writeResponse(me, prev, t, last ? null : agentRng.weighted(AGENT_TOOLS));
      prev = resp.uuid;
      if (!resp.toolUseId) continue;
      t = Math.min(resp.at + step, endAt);
      const nominal = Math.min(200_000, Math.max(20, agentRng.logNormal(2_500, 1.1)));
      const id = agentRng.uuid();
      out.write(
        R.toolResultLine(
          header,
          prev,
          id,
          t,
          resp.toolUseId,
          ctx.pool.slice(agentRng, Math.max(10, nominal * plan.payloadScale)),
        ),
      );
      tokens.add(Math.min(25_000, nominal / 3.6));
      prev = id;
    }
  } finally {
    out.close();
  }
  return { endAt, text, toolUseResult };
}
