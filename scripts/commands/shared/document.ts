// What the commands that build the usage document share: its flags (--timezone, --demo,
// --live-interval), declared once, and the one rule for building it: a configuration the user must
// fix is logged and exits 2.
import type { UsageData } from '../../../src/contract/usage-data.ts';
import { AggregateConfigError, buildUsageData } from '../../lib/assemble/build-document.ts';
import { parseLiveInterval } from '../../lib/live/endpoint/gate.ts';
import { UsageError, type FlagSpecs, type ParsedFlags } from '../../lib/support/flags.ts';
import { log } from '../../lib/support/log.ts';

export type DocumentOptions = Parameters<typeof buildUsageData>[0];

/** Spread into every command that builds the document, so the flags read the same everywhere. */
export const DOCUMENT_FLAGS = {
  timezone: {
    type: 'string',
    placeholder: 'TZ',
    description: 'IANA time zone for days and clock times (default: TZ or the system zone)',
  },
  demo: { type: 'boolean', description: "use aios's generated demo history instead of your logs" },
  'live-interval': {
    type: 'string',
    placeholder: 'SECONDS',
    description:
      "ask Anthropic's usage endpoint only when no reading (Claude Code's, or its own last answer) is this recent (default 300, at least 60)",
  },
} as const satisfies FlagSpecs;

/** The document options the shared flags ask for. Throws UsageError for a bad --live-interval. */
export function documentOptions(
  flags: ParsedFlags<typeof DOCUMENT_FLAGS>,
  where: { env: Record<string, string | undefined>; home: string },
): DocumentOptions {
  const options: DocumentOptions = {
    env: where.env,
    home: where.home,
    timezone: flags.timezone,
    demo: flags.demo === true,
  };
  const raw = flags['live-interval'];
  if (raw !== undefined) {
    const ms = parseLiveInterval(raw);
    if (ms === null)
      throw new UsageError(`--live-interval must be a whole number of seconds, at least 60, got '${raw}'`);
    options.liveIntervalMs = ms;
  }
  return options;
}

/** The document, or the exit status for a configuration error (already logged). */
export type DocumentOutcome = { ok: true; data: UsageData } | { ok: false; exitCode: 2 };

/**
 * Await a document build the caller already started (serve starts it beside the page build). A
 * configuration error (a CLAUDE_CONFIG_DIR without projects/, an unknown time zone) becomes exit 2
 * with its message on stderr; any other error is the caller's.
 *
 * @example const built = await settleDocument(buildUsageData(options)); if (!built.ok) return built.exitCode;
 */
export async function settleDocument(pending: Promise<UsageData>): Promise<DocumentOutcome> {
  try {
    return { ok: true, data: await pending };
  } catch (error) {
    if (!(error instanceof AggregateConfigError)) throw error;
    log.error(error.message);
    return { ok: false, exitCode: 2 };
  }
}

/** Build the document now; see `settleDocument` for what a failure becomes. */
export function buildDocumentOrExit(options: DocumentOptions): Promise<DocumentOutcome> {
  return settleDocument(buildUsageData(options));
}
