// The top of the page: the 5-hour window, the week, per-model and scoped weekly limits, extra-usage
// credits, the Live/Estimate badge and the burn rate. Every number and reset comes from the document.
import { formatCost, formatTokens, formatUsd } from '../view/format.ts';
import type { ClaudeAuthoritativeUsage, ClaudeWindow } from '../contract/usage-data.ts';
import { BurnRate } from './burn-rate.tsx';
import type { Clock } from './clock.ts';
import { ExtraUsageBar } from './extra-usage.tsx';
import { LimitBar } from './limit-bar.tsx';
import { SourceBadge } from './source-badge.tsx';

export interface UsagePanelProps {
  window: ClaudeWindow;
  clock: Clock;
  /** Plan label ("Max 5x"), when known. */
  planLabel?: string | null;
  /** The last refresh failed; the badge says so beside the data's age. */
  stale?: boolean;
}

interface EstimateUsed {
  usedTokens: number;
  usedCostUsd: number | null;
  limitCostUsd: number | null;
}

/** "3.2M tokens · $7.00 of about $20.00": what an estimated percentage is made of. */
function EstimateDetail({ used }: { used: EstimateUsed }) {
  const cost = formatCost({ costUsd: used.usedCostUsd, unpricedTokens: 0 });
  const limit = used.limitCostUsd === null ? '' : ` of about ${formatUsd(used.limitCostUsd)}`;
  return (
    <span className="limit-detail">
      {formatTokens(used.usedTokens)} tokens · {cost}
      {limit}
    </span>
  );
}

/** Per-model and scoped weekly limits, only those the endpoint sent. */
function modelLimits(auth: ClaudeAuthoritativeUsage) {
  const rows: Array<{ key: string; label: string; pct: number; resetsAt: string | null }> = [];
  if (auth.sevenDaySonnet)
    rows.push({
      key: 'sonnet',
      label: 'Week · Sonnet',
      pct: auth.sevenDaySonnet.utilization,
      resetsAt: auth.sevenDaySonnet.resetsAt,
    });
  if (auth.sevenDayOpus)
    rows.push({
      key: 'opus',
      label: 'Week · Opus',
      pct: auth.sevenDayOpus.utilization,
      resetsAt: auth.sevenDayOpus.resetsAt,
    });
  if (auth.sevenDayOauthApps)
    rows.push({
      key: 'apps',
      label: 'Week · OAuth apps',
      pct: auth.sevenDayOauthApps.utilization,
      resetsAt: auth.sevenDayOauthApps.resetsAt,
    });
  auth.limits.forEach((limit, i) => {
    // "session" and "weekly_all" are the 5-hour window and the week already shown above.
    if (limit.kind === 'session' || limit.kind === 'weekly_all') return;
    const name = limit.displayName ?? limit.kind.replace(/_/g, ' ');
    const scope = limit.group === 'weekly' || limit.kind.startsWith('weekly') ? 'Week' : 'Limit';
    rows.push({ key: `limit-${i}`, label: `${scope} · ${name}`, pct: limit.percent, resetsAt: limit.resetsAt });
  });
  return rows;
}

export function UsagePanel({ window, clock, planLabel, stale = false }: UsagePanelProps) {
  const live = window.source === 'oauth';
  const auth = live ? window.authoritative : null;
  const { estimate } = window;
  // Some accounts get no window from the endpoint at all (enterprise): say so, with aios's counts.
  const nullText = live ? 'not reported by Anthropic' : 'no estimate';
  return (
    <section className="panel usage-panel" aria-labelledby="usage-panel-title">
      <div className="panel-head">
        <h2 id="usage-panel-title">Claude usage limits{planLabel ? ` · ${planLabel}` : ''}</h2>
        <SourceBadge window={window} clock={clock} stale={stale} />
      </div>
      <div className="limits">
        <LimitBar
          label="5-hour window"
          pct={window.pct}
          resetsAt={window.resetsAt}
          clock={clock}
          estimated={!live}
          nullText={nullText}
        >
          {(!live || window.pct === null) && <EstimateDetail used={estimate} />}
          {!live && estimate.resetFromLog && (
            <span className="limit-detail">reset time from Claude Code's own log</span>
          )}
        </LimitBar>
        <LimitBar
          label="Week · all models"
          pct={window.weekly.pct}
          resetsAt={window.weekly.resetsAt}
          clock={clock}
          estimated={!live}
          nullText={nullText}
        >
          {live && window.weekly.pct === null && <EstimateDetail used={estimate.weekly} />}
          {!live && (
            <>
              <EstimateDetail used={estimate.weekly} />
              <span className="limit-detail">Basis: {estimate.weekly.basisText}</span>
            </>
          )}
        </LimitBar>
        {auth &&
          modelLimits(auth).map((row) => (
            <LimitBar key={row.key} label={row.label} pct={row.pct} resetsAt={row.resetsAt} clock={clock} />
          ))}
        {auth?.extraUsage?.isEnabled && <ExtraUsageBar extra={auth.extraUsage} clock={clock} />}
      </div>
      <BurnRate window={window} clock={clock} />
    </section>
  );
}
