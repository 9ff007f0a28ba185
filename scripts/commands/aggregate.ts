// `aios aggregate`: scan the logs (and read Anthropic's usage when possible) into the contract
// document, written atomically to a file or printed with --json.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { UsageData } from '../../src/contract/usage-data.ts';
import { resolveAiosCacheDir } from '../lib/support/paths.ts';
import { writeRefusal } from '../lib/support/write-guard.ts';
import { NotARegularFileError, refusalToReplace, writeFileAtomic } from '../lib/support/atomic-write.ts';
import { defineCommand } from '../lib/support/flags.ts';
import { log } from '../lib/support/log.ts';
import { redact, redactError } from '../lib/support/redaction.ts';
import { alertAnnouncer } from '../lib/alerts/announce.ts';
import { buildDocumentOrExit, DOCUMENT_FLAGS, documentOptions } from './shared/document.ts';

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

export const command = defineCommand({
  name: 'aggregate',
  summary:
    'Scan Claude Code logs into one JSON document (the data contract). Reads Anthropic usage with your ' +
    'Claude Code login when it can, and falls back to the local estimate silently.',
  flags: {
    out: {
      type: 'string',
      placeholder: 'FILE',
      description:
        'write the document here atomically, replacing only a regular file; - is stdout (default: $AIOS_CACHE_DIR/usage.json)',
    },
    json: { type: 'boolean', description: 'print the document to stdout instead of writing a file' },
    ...DOCUMENT_FLAGS,
  },
  async run(flags) {
    const env = process.env;
    const home = homedir();
    const outPath = flags.json || flags.out === '-' ? null : resolve(flags.out ?? defaultOutPath(env, home));
    // Checked before the scan, so a wrong --out costs nothing; writeFileAtomic checks the file again.
    const inside = outPath && writeRefusal(outPath, env, home);
    if (inside) {
      log.error(`refusing to write ${outPath}: ${inside}`);
      return 2;
    }
    const refused = outPath && refusalToReplace(outPath);
    if (refused) {
      log.error(`refusing to write ${outPath}: ${refused}; --out replaces only a regular file`);
      return 2;
    }
    const options = documentOptions(flags, { env, home });
    // An alert this run fires is one line on stderr (stdout may be the document).
    const built = await buildDocumentOrExit({
      ...options,
      alerts: { onFired: alertAnnouncer({ log: (line) => log.warn(line) }) },
    });
    if (!built.ok) return built.exitCode;
    const data = built.data;
    const text = redact(JSON.stringify(data, null, 2)) + '\n';
    if (outPath === null) {
      process.stdout.write(text);
      return 0;
    }
    try {
      writeFileAtomic(outPath, text);
    } catch (error) {
      if (error instanceof NotARegularFileError) {
        log.error(`${error.message}; --out replaces only a regular file`);
        return 2;
      }
      log.error(`could not write ${outPath}: ${redactError(error)}`);
      return 1;
    }
    log.info(`${summary(data)}\nwrote ${outPath}`);
    return 0;
  },
});
