// The top of the page: the 5-hour window, the week, per-model and scoped weekly limits, extra-usage
// credits, the Live/Estimate badge and the burn rate, all from the panel view-model the terminal uses.
import type { ClaudeWindow } from '../contract/usage-data.ts';
import { buildPanelView, type RowDetail } from '../view/panel-rows.ts';
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

function Detail({ detail }: { detail: RowDetail }) {
  return <span className="limit-detail">{detail.kind === 'basis' ? `Basis: ${detail.text}` : detail.text}</span>;
}

export function UsagePanel({ window, clock, planLabel, stale = false }: UsagePanelProps) {
  const view = buildPanelView(window, clock, planLabel);
  return (
    <section className="panel usage-panel" aria-labelledby="usage-panel-title">
      <div className="panel-head">
        <h2 id="usage-panel-title">{view.title}</h2>
        <SourceBadge source={view.source} stale={stale} />
      </div>
      <div className="limits">
        {view.rows.map((row) => (
          <LimitBar key={row.key} gauge={row} resetText={row.resetText}>
            {row.details.map((detail, i) => (
              <Detail key={`${detail.kind}-${i}`} detail={detail} />
            ))}
          </LimitBar>
        ))}
        {view.credits && <ExtraUsageBar credits={view.credits} />}
      </div>
      <BurnRate burn={view.burn} />
    </section>
  );
}
