// `aios aggregate`: scan the logs (and read Anthropic's usage when possible) into the contract
// document, written atomically to a file or printed with --json.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { UsageData } from '../../src/contract/usage-data.ts';
import { AggregateConfigError, buildUsageData } from '../lib/assemble/build-document.ts';
import { isInsideAny, resolveAiosCacheDir } from '../lib/support/paths.ts';
import { writeFileAtomic } from '../lib/support/atomic-write.ts';
import type { CommandSpec } from '../lib/support/flags.ts';
import { resolveClaudeConfigDirs } from '../lib/logs/config-dirs.ts';
import { log } from '../lib/support/log.ts';
import { redact, redactError } from '../lib/support/redaction.ts';

/** Where the document goes when neither --out nor --json is given. */
export function defaultOutPath(env: Record<string, string | undefined>, home: string): string {
  return join(resolveAiosCacheDir(env, home), 'usage.json');
}

function summary(data: UsageData): string {
  const w = data.claudeWindow;
  const cost = data.totals.costUsd === null ? 'unknown cost' : `$${data.totals.costUsd.toFixed(2)}`;
  const window =
    w.pct === null ? 'no estimate' : `${w.pct.toFixed(0)}% (${w.source === 'oauth' ? 'Live' : 'Estimate'})`;
  return `${data.sources.entries} responses in ${data.sources.files} files, ${cost}; 5-hour window ${window}`;
}

export const command: CommandSpec = {
  name: 'aggregate',
  summary:
    'Scan Claude Code logs into one JSON document (the data contract). Reads Anthropic usage with your ' +
    'Claude Code login when it can, and falls back to the local estimate silently.',
  flags: {
    out: {
      type: 'string',
      placeholder: 'FILE',
      description: 'write the document here atomically (default: $AIOS_CACHE_DIR/usage.json)',
    },
    json: { type: 'boolean', description: 'print the document to stdout instead of writing a file' },
    timezone: {
      type: 'string',
      placeholder: 'TZ',
      description: 'IANA time zone for daily rows (default: TZ or the system zone)',
    },
    demo: { type: 'boolean', description: "aggregate aios's generated demo history instead of your logs" },
  },
  async run(flags) {
    const env = process.env;
    const home = homedir();
    const outPath = flags.json ? null : resolve(String(flags.out ?? defaultOutPath(env, home)));
    if (outPath && isInsideAny(outPath, resolveClaudeConfigDirs(env, home).dirs)) {
      log.error(`refusing to write ${outPath}: aios never writes inside a Claude Code config dir`);
      return 2;
    }
    let data: UsageData;
    try {
      data = await buildUsageData({
        env,
        home,
        timezone: typeof flags.timezone === 'string' ? flags.timezone : undefined,
        demo: flags.demo === true,
      });
    } catch (error) {
      if (error instanceof AggregateConfigError) {
        log.error(error.message);
        return 2;
      }
      throw error;
    }
    const text = redact(JSON.stringify(data, null, 2)) + '\n';
    if (outPath === null) {
      process.stdout.write(text);
      return 0;
    }
    try {
      writeFileAtomic(outPath, text);
    } catch (error) {
      log.error(`could not write ${outPath}: ${redactError(error)}`);
      return 1;
    }
    log.info(`${summary(data)}\nwrote ${outPath}`);
    return 0;
  },
};
