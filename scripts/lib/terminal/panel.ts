// The usage panel as one terminal screen (`aios usage`): bars, reset countdowns, the Live/Estimate
// word with its reason or basis, and the burn rate. Pure: the clock and colour choice come in.
import {
  formatBurnRate,
  formatClockTime,
  formatCost,
  formatMoney,
  formatPercent,
  formatReset,
  formatTokens,
  formatUpdated,
  formatUsd,
} from '../../../src/view/format.ts';
import type { ClaudeAuthoritativeUsage, ClaudeWindow, UsageData } from '../../../src/contract/usage-data.ts';

export interface TerminalViewOptions {
  now: Date;
  /** ANSI colour; every coloured thing also has a word or a number, so plain text loses nothing. */
  color: boolean;
  /** IANA zone for clock times; default the runtime's local zone. */
  timeZone?: string;
}

const BAR_WIDTH = 24;
const LABEL_WIDTH = 18;
/** Detail lines wrap here so the screen reads in an 80-column terminal. */
const SCREEN_WIDTH = 80;

/** Colour when writing to a terminal and the user has not opted out (https://no-color.org). */
export function shouldUseColor(isTTY: boolean | undefined, env: Record<string, string | undefined>): boolean {
  return isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}

type Paint = (code: string, text: string) => string;

function painter(color: boolean): Paint {
  return color ? (code, text) => `\x1b[${code}m${text}\x1b[0m` : (_code, text) => text;
}

/** Green under 70 %, yellow to 90 %, red beyond: the percentage beside it says the same in digits. */
function levelColor(pct: number): string {
  return pct >= 90 ? '31' : pct >= 70 ? '33' : '32';
}

/** "[██████░░░░░░]": filled share of BAR_WIDTH, clamped so an estimate over 100 % fills the bar. */
export function renderBar(pct: number, paint: Paint): string {
  const filled = Math.round((Math.min(100, Math.max(0, pct)) / 100) * BAR_WIDTH);
  return `[${paint(levelColor(pct), '█'.repeat(filled))}${'░'.repeat(BAR_WIDTH - filled)}]`;
}

interface Row {
  label: string;
  pct: number | null;
  resetsAt: string | null;
  /** What a null percentage reads as (never 0 %); "no estimate" by default. */
  nullText?: string;
  /** Shown under the bar for estimates: what the number is made of, and its basis. */
  details?: string[];
}

/** Word-wrap `text` into lines of at most `width` characters (longer words stay whole). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function renderRow(row: Row, opts: TerminalViewOptions, paint: Paint): string[] {
  const label = row.label.padEnd(LABEL_WIDTH);
  const reset = formatReset(row.resetsAt, opts.now, { timeZone: opts.timeZone });
  const lines =
    row.pct === null
      ? [`${label}${(row.nullText ?? 'no estimate').padEnd(BAR_WIDTH + 2)}  ${reset}`]
      : [`${label}${renderBar(row.pct, paint)} ${formatPercent(row.pct).padStart(5)}  ${reset}`];
  for (const detail of row.details ?? []) {
    for (const part of wrapText(detail, SCREEN_WIDTH - LABEL_WIDTH))
      lines.push(`${' '.repeat(LABEL_WIDTH)}${paint('2', part)}`);
  }
  return lines;
}

function usedDetail(used: { usedTokens: number; usedCostUsd: number | null; limitCostUsd: number | null }): string {
  const cost = formatCost({ costUsd: used.usedCostUsd, unpricedTokens: 0 });
  const limit = used.limitCostUsd === null ? '' : ` of about ${formatUsd(used.limitCostUsd)}`;
  return `${formatTokens(used.usedTokens)} tokens · ${cost}${limit}`;
}

/** Per-model and scoped weekly limits the endpoint sent; "session"/"weekly_all" repeat the main rows. */
function modelRows(auth: ClaudeAuthoritativeUsage): Row[] {
  const rows: Row[] = [];
  const add = (label: string, w: { utilization: number; resetsAt: string | null } | null) => {
    if (w) rows.push({ label, pct: w.utilization, resetsAt: w.resetsAt });
  };
  add('Week · Sonnet', auth.sevenDaySonnet);
  add('Week · Opus', auth.sevenDayOpus);
  add('Week · OAuth apps', auth.sevenDayOauthApps);
  for (const limit of auth.limits) {
    if (limit.kind === 'session' || limit.kind === 'weekly_all') continue;
    const scope = limit.group === 'weekly' || limit.kind.startsWith('weekly') ? 'Week' : 'Limit';
    const name = limit.displayName ?? limit.kind.replace(/_/g, ' ');
    rows.push({ label: `${scope} · ${name}`.slice(0, LABEL_WIDTH - 1), pct: limit.percent, resetsAt: limit.resetsAt });
  }
  return rows;
}

/** The heading line and the line under it: which numbers these are, and why. */
function sourceLines(w: ClaudeWindow, opts: TerminalViewOptions, paint: Paint): string[] {
  if (w.source === 'oauth' && w.authoritative) {
    return [`${paint('1;32', 'Live')}  Anthropic's own numbers, ${formatUpdated(w.authoritative.fetchedAt, opts.now)}`];
  }
  const reason = w.fallbackReason?.message ?? 'no live usage available';
  const basis = wrapText(`basis: ${w.estimate.basisText}`, SCREEN_WIDTH - 10).map((l) => `          ${l}`);
  return [`${paint('1;33', 'Estimate')}  ${reason}`, ...basis];
}

function burnLines(w: ClaudeWindow, opts: TerminalViewOptions): string[] {
  const rate = w.estimate.burnRate;
  // The estimator sets it only before its own reset; Live shows the server's reset, which may come
  // first, so it is checked again against the reset on screen (as the web panel does).
  const at = w.estimate.projectedExhaustionAt;
  const atMs = at ? Date.parse(at) : NaN;
  const resetMs = w.resetsAt ? Date.parse(w.resetsAt) : Infinity;
  const exhaustion = Number.isFinite(atMs) && atMs < resetMs && atMs > opts.now.getTime() ? at : null;
  const text = !rate
    ? 'no active 5-hour block'
    : `${formatBurnRate(rate)}${
        exhaustion
          ? `; at this rate the window runs out at ${formatClockTime(exhaustion, opts.now, { timeZone: opts.timeZone })}, before it resets`
          : ''
      }`;
  return wrapText(text, SCREEN_WIDTH - LABEL_WIDTH).map(
    (line, i) => `${(i === 0 ? 'Burn rate' : '').padEnd(LABEL_WIDTH)}${line}`,
  );
}

/**
 * Render the panel. Every number comes from the document; percentages that are null read
 * "no estimate" with the tokens and cost behind them, never 0 %.
 *
 * @example process.stdout.write(renderUsagePanel(doc, { now: new Date(), color: false }));
 */
export function renderUsagePanel(data: UsageData, opts: TerminalViewOptions): string {
  const paint = painter(opts.color);
  const w = data.claudeWindow;
  const live = w.source === 'oauth';
  const plan = data.plan?.label ? ` · ${data.plan.label}` : '';
  const lines: string[] = [paint('1', `Claude usage limits${plan}`)];
  if (data.demo) lines.push(`${paint('7', 'Demo data')}: generated by aios, not read from your Claude Code logs`);
  lines.push(...sourceLines(w, opts, paint), '');
  // A Live window Anthropic did not report reads so, with aios's own counts beside it (as on the page).
  const nullText = live ? 'not reported by Anthropic' : 'no estimate';
  const fiveDetails = !live || w.pct === null ? [usedDetail(w.estimate)] : [];
  lines.push(
    ...renderRow(
      { label: '5-hour window', pct: w.pct, resetsAt: w.resetsAt, nullText, details: fiveDetails },
      opts,
      paint,
    ),
  );
  if (!live && w.estimate.resetFromLog) lines.push(`${' '.repeat(LABEL_WIDTH)}reset time from Claude Code's own log`);
  const weeklyDetails = !live
    ? [usedDetail(w.estimate.weekly), `basis: ${w.estimate.weekly.basisText}`]
    : w.weekly.pct === null
      ? [usedDetail(w.estimate.weekly)]
      : [];
  lines.push(
    ...renderRow(
      { label: 'Week · all models', pct: w.weekly.pct, resetsAt: w.weekly.resetsAt, nullText, details: weeklyDetails },
      opts,
      paint,
    ),
  );
  if (live && w.authoritative) {
    for (const row of modelRows(w.authoritative)) lines.push(...renderRow(row, opts, paint));
    const extra = w.authoritative.extraUsage;
    if (extra?.isEnabled) {
      const pct = extra.utilization === null ? '' : ` (${formatPercent(extra.utilization)})`;
      const limit = extra.monthlyLimit === null ? 'no set limit' : formatMoney(extra.monthlyLimit, extra.currency);
      lines.push(
        `${'Extra usage'.padEnd(LABEL_WIDTH)}${formatMoney(extra.usedCredits, extra.currency)} of ${limit}${pct}`,
      );
    }
  }
  lines.push('', ...burnLines(w, opts));
  return lines.join('\n') + '\n';
}
