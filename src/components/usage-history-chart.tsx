// The usage history: the 5-hour window and the week over the last 7 or 90 days, Anthropic's readings as
// points, aios's estimate as a dashed line, limit hits as crosses at 100 %, and a table of the numbers.
import { useState } from 'react';
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Scatter, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageHistory } from '../contract/usage-data.ts';
import { formatClockTime, formatPercent } from '../view/format.ts';
import {
  buildHistoryView,
  HISTORY_RANGES,
  type HistoryRange,
  type HistoryView,
  type HistoryWindowView,
} from '../view/history-view.ts';
import type { Clock } from './clock.ts';
import { DataTable, type Column } from './table-panel.tsx';

const COLUMNS: Column[] = [
  { label: 'Time' },
  { label: 'Window' },
  { label: "Anthropic's reading", numeric: true },
  { label: 'aios estimate', numeric: true },
  { label: 'Limit hit' },
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "Tue 24" over 7 days, "Nov 24" over 90, in the page's zone. */
function tickFormatter(range: HistoryRange, timeZone: string | undefined) {
  if (range === '90d') {
    const date = new Intl.DateTimeFormat('en-US', { timeZone, month: 'short', day: 'numeric' });
    return (t: number) => date.format(new Date(t));
  }
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' });
  const day = new Intl.DateTimeFormat('en-US', { timeZone, day: 'numeric' });
  return (t: number) => `${weekday.format(new Date(t))} ${day.format(new Date(t))}`;
}

function WindowChart({ view, axis, clock }: { view: HistoryWindowView; axis: HistoryView; clock: Clock }) {
  const { from, to, ticks, range } = axis;
  const peak = Math.max(100, ...view.estimate.map((p) => p.pct), ...view.readings.map((p) => p.pct));
  // Whole quarters up to 150 %, whole halves above: an estimate can pass the limit, Anthropic's cannot.
  const step = peak <= 150 ? 25 : 50;
  const top = Math.ceil(peak / step) * step;
  const yTicks = Array.from({ length: top / step + 1 }, (_, i) => i * step);
  const tick = tickFormatter(range, clock.timeZone);
  const id = `history-${view.key}`;
  return (
    <div className="history-window" data-testid={id}>
      <h3 id={`${id}-title`}>{view.title}</h3>
      {view.notes.map((note) => (
        <p key={note} className="empty">
          {note}
        </p>
      ))}
      {view.readings.length + view.estimate.length + view.hits.length > 0 && (
        <figure
          className="chart"
          aria-label={
            `${view.title}: ${plural(view.readings.length, 'reading')} as points, the estimate as a dashed line, ` +
            `${plural(view.hits.length, 'limit hit')} as crosses at 100 %; the table below has the numbers`
          }
        >
          <ComposedChart
            responsive
            style={{ width: '100%', height: 220 }}
            margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          >
            <CartesianGrid strokeDasharray="3 3" className="chart-grid" vertical={false} />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={[from, to]}
              ticks={ticks}
              tickFormatter={tick}
              tick={{ fontSize: 12 }}
              minTickGap={24}
            />
            <YAxis
              type="number"
              domain={[0, top]}
              ticks={yTicks}
              tickFormatter={(v: number) => `${v}%`}
              tick={{ fontSize: 12 }}
              width={48}
            />
            <ReferenceLine
              y={100}
              stroke="var(--high)"
              strokeDasharray="2 4"
              label={{ value: 'limit', fontSize: 11 }}
            />
            <Tooltip
              labelFormatter={(t) => formatClockTime(new Date(Number(t)).toISOString(), clock.now, clock)}
              formatter={(value) => formatPercent(typeof value === 'number' ? value : null, '—')}
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' }}
            />
            <Legend />
            <Line
              className="history-estimate"
              data={view.estimate}
              dataKey="pct"
              name={view.estimateLabel}
              stroke="var(--estimate)"
              strokeWidth={2}
              strokeDasharray="6 3"
              dot={false}
              isAnimationActive={false}
              legendType="plainline"
            />
            <Scatter
              className="history-readings"
              data={view.readings}
              dataKey="pct"
              name="Anthropic's readings"
              fill="var(--live)"
              shape="circle"
              legendType="circle"
              isAnimationActive={false}
            />
            <Scatter
              data={view.hits}
              dataKey="pct"
              name="Limit hit"
              fill="var(--high)"
              shape="cross"
              legendType="cross"
              isAnimationActive={false}
            />
          </ComposedChart>
        </figure>
      )}
    </div>
  );
}

export interface UsageHistoryChartProps {
  history: UsageHistory;
  clock: Clock;
  /** The range shown first (default the last 7 days). */
  initialRange?: HistoryRange;
}

export function UsageHistoryChart({ history, clock, initialRange = '7d' }: UsageHistoryChartProps) {
  const [range, setRange] = useState<HistoryRange>(initialRange);
  const view = buildHistoryView(history, range, clock);
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title">Limit use over time</h2>
      <p className="panel-sub">
        Points are Anthropic's own readings; the dashed line is aios's estimate from your logs; crosses at 100 % are
        limit hits.
      </p>
      <fieldset className="history-range">
        <legend>Period</legend>
        {(Object.keys(HISTORY_RANGES) as HistoryRange[]).map((key) => (
          <label key={key}>
            <input
              type="radio"
              name="history-range"
              value={key}
              checked={range === key}
              onChange={() => setRange(key)}
            />{' '}
            {HISTORY_RANGES[key].label}
          </label>
        ))}
      </fieldset>
      {view.empty !== null ? (
        <p className="empty" data-testid="history-empty">
          {view.empty}
        </p>
      ) : (
        <>
          {view.windows.map((w) => (
            <WindowChart key={w.key} view={w} axis={view} clock={clock} />
          ))}
          <details className="chart-table">
            <summary>Show the numbers ({view.table.length} readings and limit hits)</summary>
            <DataTable columns={COLUMNS}>
              {view.table.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{row.time}</th>
                  <td>{row.window}</td>
                  <td className="num">{row.reading}</td>
                  <td className="num">{row.estimate}</td>
                  <td>{row.hit}</td>
                </tr>
              ))}
            </DataTable>
          </details>
        </>
      )}
    </section>
  );
}
