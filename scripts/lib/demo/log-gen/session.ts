// One Claude Code session rendered as JSONL: turns of prompt -> responses -> tool calls and their
// results, with the quirks the features ask for. Each session draws from its own random stream,
// so a resumed session can replay it line for line.
import type { LineFile } from './line-sink.ts';
import { Prng } from './prng.ts';
import * as R from './records.ts';
import { renderSubagent } from './subagent.ts';
import { ConversationTokens } from './token-model.ts';
import { writeResponse, type Speaker } from './response.ts';
import type { GenContext, SessionPlan } from './plan.ts';

const TOOLS = [
  ['Read', 30],
  ['Bash', 22],
  ['Edit', 16],
  ['Grep', 10],
  ['Glob', 6],
  ['Write', 5],
  ['Task', 4],
  ['WebFetch', 2],
] as const;

/** Render `plan` into `out`. With `replay`, lines are rewritten but no usage is counted again. */
export function renderSession(
  ctx: GenContext,
  plan: SessionPlan,
  out: LineFile,
  replay: boolean,
): { lastUuid: string; endAt: number } {
  const rng = new Prng(ctx.seed, plan.stream);
  const f = ctx.features;
  if (!replay) ctx.rec.stats.sessions += 1;
  const header: R.LineHeader = {
    cwd: plan.cwd,
    sessionId: plan.sessionId,
    version: plan.version,
    gitBranch: plan.gitBranch,
    isSidechain: false,
  };
  const tokens = new ConversationTokens(rng, plan.cache1h, plan.longContext, rng.int(12_000, 22_000));
  const me: Speaker = { ctx, rng, header, out, plan, replay, tokens };
  let t = plan.start;
  let parent: string | null = null;
  const clamp = (x: number) => Math.min(x, plan.end);

  if (rng.chance(0.2)) out.write(R.summaryLine(ctx.pool.slice(rng, rng.int(30, 90)), rng.uuid()));
  for (let turn = 0; ; turn++) {
    const more = plan.minFileBytes !== undefined ? out.bytes < plan.minFileBytes : turn < plan.turns;
    if (!more || (turn > 0 && t >= plan.end)) break;
    if (turn > 0) t = clamp(t + rng.logNormal(90_000, 1.1) * plan.timeScale);
    const promptId = rng.uuid();
    out.write(R.snapshotLine(promptId, t));
    const prompt = ctx.pool.slice(rng, rng.logNormal(300, 1));
    out.write(R.userPromptLine(header, parent, promptId, t, prompt));
    parent = promptId;
    tokens.add(prompt.length / 4);
    const steps = rng.int(1, 6);
    for (let step = 0; step < steps; step++) {
      if (tokens.needsCompaction()) {
        const id = rng.uuid();
        out.write(R.compactBoundaryLine(header, parent, id, t, tokens.compact()));
        parent = id;
      }
      const last = step === steps - 1;
      const tool = last ? null : rng.weighted(TOOLS);
      t = clamp(t + (2_000 + rng.logNormal(6_000, 0.8)) * Math.max(plan.timeScale, 0.2));
      const resp = writeResponse(me, parent, t, tool);
      parent = resp.uuid;
      t = resp.at;
      maybeMalformed(me, t);
      if (f.apiErrors && rng.chance(0.004)) {
        const id = rng.uuid();
        const text = rng.pick([
          'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
          'API Error: Request was aborted.',
          'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}',
        ]);
        out.write(R.syntheticLine(header, parent, id, rng.uuid(), t, text));
        ctx.rec.stats.apiErrorLines += 1;
      }
      if (!tool || !resp.toolUseId) continue;
      const resultId = rng.uuid();
      if (tool === 'Task' && f.subagents) {
        const agent = renderSubagent(me, t);
        t = clamp(agent.endAt + 500);
        out.write(R.toolResultLine(header, parent, resultId, t, resp.toolUseId, agent.text, agent.toolUseResult));
        tokens.add(agent.text.length / 4);
      } else {
        const nominal = Math.min(400_000, Math.max(20, rng.logNormal(1_800, 1.3)));
        t = clamp(t + rng.logNormal(1_500, 1.2) * Math.max(plan.timeScale, 0.2));
        out.write(
          R.toolResultLine(
            header,
            parent,
            resultId,
            t,
            resp.toolUseId,
            ctx.pool.slice(rng, Math.max(10, nominal * plan.payloadScale)),
          ),
        );
        tokens.add(Math.min(25_000, nominal / 3.6));
      }
      parent = resultId;
    }
  }
  if (plan.limitMessage) {
    // Quirk (CLAUDE-DATA.md section 2): the reset time is in the text, as epoch seconds.
    const resetsAt = Math.ceil((t + rng.int(1_800_000, 16_200_000)) / 3_600_000) * 3_600_000;
    const id = rng.uuid();
    out.write(R.syntheticLine(header, parent, id, rng.uuid(), t, `Claude AI usage limit reached|${resetsAt / 1000}`));
    if (!replay)
      ctx.rec.stats.limitMessages.push({ at: new Date(t).toISOString(), resetsAt: new Date(resetsAt).toISOString() });
    parent = id;
  }
  return { lastUuid: parent ?? '', endAt: t };
}

const GARBAGE = [
  '{"type":"user","message":{"role":"user","content":"interrupted wri',
  'not json at all',
  '\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000',
  '}{',
];

/** Now and then a line cut short by a crash, or garbage. Never replayed: a resume re-serialises. */
function maybeMalformed(me: Speaker, at: number): void {
  const { ctx, rng, out } = me;
  if (!ctx.features.malformedLines || !rng.chance(0.01)) return;
  const truncatedResponse = rng.chance(0.6);
  let line: string;
  if (truncatedResponse) {
    // A response whose write was cut inside its usage object: it never counts, for anyone.
    const usage = {
      inputTokens: 3,
      outputTokens: 99,
      cacheCreationTokens: 10,
      cacheCreation1hTokens: 0,
      cacheReadTokens: 1000,
    };
    const full = R.assistantLine(me.header, null, {
      msgId: `msg_01${rng.base62(22)}`,
      requestId: `req_011C${rng.base62(20)}`,
      model: me.plan.model,
      content: [{ type: 'text', text: 'ok' }],
      usage,
      legacy: false,
      uuid: rng.uuid(),
      at,
      stopReason: null,
    });
    line = full.slice(0, full.indexOf('"usage"') + 20 + rng.int(0, 10));
  } else {
    line = rng.pick(GARBAGE);
  }
  if (me.replay) return;
  out.write(line);
  ctx.rec.stats.malformedLines += 1;
  if (line.includes('"usage"')) ctx.rec.stats.malformedUsageLines += 1;
}
