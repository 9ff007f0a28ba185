// The oversized-line session: one Task result over 10 MB whose toolUseResult holds a `usage`
// object, so a scanner must read (and then reject) a huge line that carries the usage marker.
import { join } from 'node:path';
import { LineFile } from './line-sink.ts';
import { Prng } from './prng.ts';
import * as R from './records.ts';
import { writeResponse, type Speaker } from './response.ts';
import type { GenContext, SessionPlan } from './plan.ts';
import { ConversationTokens } from './token-model.ts';

export function writeHugeLineSession(ctx: GenContext, plan: SessionPlan, lineBytes: number): void {
  const out = new LineFile(join(ctx.root, 'projects', plan.projectDir, `${plan.sessionId}.jsonl`), ctx.rec.counters);
  const rng = new Prng(ctx.seed, plan.stream);
  ctx.rec.stats.sessions += 1;
  const header: R.LineHeader = {
    cwd: plan.cwd,
    sessionId: plan.sessionId,
    version: plan.version,
    gitBranch: plan.gitBranch,
    isSidechain: false,
  };
  const tokens = new ConversationTokens(rng, plan.cache1h, false, 15_000);
  const me: Speaker = { ctx, rng, header, out, plan, replay: false, tokens };
  try {
    let t = plan.start;
    const promptId = rng.uuid();
    out.write(R.userPromptLine(header, null, promptId, t, 'Summarise the whole build log for me'));
    const call = writeResponse(me, promptId, t + 4_000, 'Task');
    t = call.at + 120_000;
    const resultId = rng.uuid();
    const body = ctx.pool.slice(rng, lineBytes);
    const reported = {
      inputTokens: 4,
      outputTokens: 900,
      cacheCreationTokens: 3_000,
      cacheCreation1hTokens: 0,
      cacheReadTokens: 30_000,
    };
    out.write(
      R.toolResultLine(
        header,
        call.uuid,
        resultId,
        t,
        call.toolUseId!,
        body,
        R.taskToolUseResult(rng.hex(8), body, reported, 120_000, 12),
      ),
    );
    tokens.add(25_000);
    writeResponse(me, resultId, t + 5_000, null);
  } finally {
    out.close();
  }
}
