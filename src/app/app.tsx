// The dashboard: the usage document from useUsageDocument (polled every 60 s, recomputed on the
// button, the last good data kept and marked stale when a refresh fails), and the page's layout.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { AlertBanner } from '../components/alert-banner.tsx';
import { BlocksList } from '../components/blocks-list.tsx';
import type { Clock } from '../components/clock.ts';
import { DailyChart } from '../components/daily-chart.tsx';
import { DemoBanner } from '../components/demo-banner.tsx';
import { ModelsTable } from '../components/models-table.tsx';
import { ProjectsTable } from '../components/projects-table.tsx';
import { SessionsTable } from '../components/sessions-table.tsx';
import { ErrorState, StaleNotice } from '../components/status-notices.tsx';
import { SourcesFooter, TotalsStrip } from '../components/totals.tsx';
import { UsageHistoryChart } from '../components/usage-history-chart.tsx';
import { UsagePanel } from '../components/usage-panel.tsx';
import { formatUpdated, projectLabels } from '../view/format.ts';
import { createUsageApi, describeLoadError, UsageLoadError, type UsageApi } from './usage-api.ts';
import { useUsageDocument } from './use-usage-document.ts';
import { browserNotifications, type BrowserNotifications } from './browser-notifications.ts';
import { useAlertNotifications, type AlertNotifications } from './use-alert-notifications.ts';
import type { UsageData } from '../contract/usage-data.ts';

/** The server recomputes after 60 s, so polling faster would only fetch the same document. */
export const REFRESH_INTERVAL_MS = 60_000;
/** How often ages and countdowns re-render. */
const TICK_MS = 10_000;

export interface AppProps {
  /** Where documents come from; default the page's own origin. */
  api?: UsageApi;
  refreshIntervalMs?: number;
  /** Injected clock and zone so tests render exact countdowns. */
  now?: () => Date;
  timeZone?: string;
  /** The browser's notifications; default the page's own (null where there are none). */
  notifications?: BrowserNotifications | null;
}

const defaultApi = createUsageApi();
const systemNow = () => new Date();
const pageNotifications = browserNotifications();

export function App({
  api = defaultApi,
  refreshIntervalMs = REFRESH_INTERVAL_MS,
  now = systemNow,
  timeZone,
  notifications = pageNotifications,
}: AppProps) {
  const [clockNow, setClockNow] = useState(now);
  const readClock = useCallback(() => setClockNow(now()), [now]);
  const { state, busy, refresh } = useUsageDocument({ api, refreshIntervalMs, onSettled: readClock });
  // Notifications for alerts that fire while the page is open, in the zone the page shows times in.
  const alerts = useAlertNotifications(state.status === 'ready' ? state.data.alerts.current : null, notifications, {
    now,
    timeZone,
  });

  useEffect(() => {
    const tick = setInterval(readClock, TICK_MS);
    return () => clearInterval(tick);
  }, [readClock]);

  const clock: Clock = { now: clockNow, timeZone };
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>aios</h1>
          <p className="tagline">Claude Code usage on this machine</p>
        </div>
        <div className="page-actions">
          {state.status === 'ready' && (
            <span className="generated" data-testid="generated">
              data {formatUpdated(state.data.generatedAt, clockNow)}
              {state.staleReason && ' · stale'}
            </span>
          )}
          <button type="button" onClick={refresh} disabled={busy} aria-busy={busy}>
            {busy ? 'Refreshing…' : 'Refresh'}
          </button>
        </div>
      </header>
      <main>
        {state.status === 'loading' && (
          <p className="loading" role="status">
            Loading usage…
          </p>
        )}
        {state.status === 'error' && (
          <ErrorState
            message={describeLoadError(state.error)}
            error={state.error instanceof UsageLoadError ? state.error : null}
          />
        )}
        {state.status === 'ready' && (
          <Dashboard data={state.data} staleReason={state.staleReason} clock={clock} alerts={alerts} />
        )}
      </main>
    </div>
  );
}

interface DashboardProps {
  data: UsageData;
  staleReason: string | null;
  clock: Clock;
  alerts: AlertNotifications;
}

function Dashboard({ data, staleReason, clock, alerts }: DashboardProps) {
  const labels = useMemo(
    () => projectLabels([...data.projects.map((p) => p.project), ...data.sessions.map((s) => s.project)]),
    [data],
  );
  return (
    <div className={staleReason ? 'dashboard is-stale' : 'dashboard'}>
      {data.demo && <DemoBanner />}
      <AlertBanner
        alerts={data.alerts.current}
        clock={clock}
        permission={alerts.permission}
        onRequestPermission={alerts.request}
      />
      {staleReason && <StaleNotice generatedAt={data.generatedAt} reason={staleReason} now={clock.now} />}
      <UsagePanel window={data.claudeWindow} clock={clock} planLabel={data.plan?.label} stale={staleReason !== null} />
      <UsageHistoryChart history={data.history} clock={clock} />
      <TotalsStrip data={data} />
      <DailyChart daily={data.daily} timezone={data.timezone} generatedAt={data.generatedAt} />
      <div className="grid-2">
        <ModelsTable models={data.models} />
        <ProjectsTable projects={data.projects} now={clock.now} labels={labels} />
      </div>
      <SessionsTable sessions={data.sessions} now={clock.now} labels={labels} />
      <BlocksList blocks={data.blocks} clock={clock} />
      <SourcesFooter sources={data.sources} />
    </div>
  );
}
