// Daily cost (bars, left axis) and tokens (line, right axis) over the last 30 days, drawn with
// recharts, with the same numbers in a table for screen readers and exact reading.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { datesEndingOn } from '../view/calendar-day.ts';
import { dayInZone, formatCost, formatDay, formatInteger, formatTokens, formatUsd } from '../view/format.ts';
import { ZERO_USAGE, type DailyUsage } from '../contract/usage-data.ts';
import { DataTable, type Column } from './table-panel.tsx';

const DAYS_SHOWN = 30;

const COLUMNS: Column[] = [
  { label: 'Day' },
  { label: 'Sessions', numeric: true },
  { label: 'Tokens', numeric: true },
  { label: 'Cost', numeric: true },
];

function emptyDay(date: string): DailyUsage {
  // A day without a row had no usage: its cost is truly $0, not unknown.
  return { date, ...ZERO_USAGE, sessions: 0 };
}

/**
 * The `days` calendar days ending at `endDay` (YYYY-MM-DD), oldest first, with days that have no
 * row filled in as empty so the chart's spacing is true to time.
 */
export function lastDays(daily: DailyUsage[], endDay: string, days = DAYS_SHOWN): DailyUsage[] {
  if (Number.isNaN(Date.parse(`${endDay}T00:00:00Z`)))
    return [...daily].sort((a, b) => a.date.localeCompare(b.date)).slice(-days);
  const byDate = new Map(daily.map((d) => [d.date, d]));
  return datesEndingOn(endDay, days).map((date) => byDate.get(date) ?? emptyDay(date));
}

export interface DailyChartProps {
  daily: DailyUsage[];
  /** The document's zone: the days are its calendar days. */
  timezone: string;
  /** The last day shown is the day the document was generated, in `timezone`. */
  generatedAt: string;
}

export function DailyChart({ daily, timezone, generatedAt }: DailyChartProps) {
  const endDay = dayInZone(generatedAt, timezone);
  // Never hide a row dated after the generation day (clock skew between writer and zone data).
  const lastRow = daily.reduce((max, d) => (d.date > max ? d.date : max), endDay);
  const rows = lastDays(daily, lastRow);
  const active = rows.filter((d) => d.totalTokens > 0);
  const data = rows.map((d) => ({ date: d.date, label: formatDay(d.date), cost: d.costUsd, tokens: d.totalTokens }));
  return (
    <section className="panel" aria-labelledby="daily-title">
      <h2 id="daily-title">Daily cost and tokens, last {DAYS_SHOWN} days</h2>
      <p className="panel-sub">Days are calendar days in {timezone}.</p>
      {active.length === 0 ? (
        <p className="empty">No usage in the last {DAYS_SHOWN} days.</p>
      ) : (
        <>
          <figure
            className="chart"
            aria-label={`Bar chart of daily cost and line chart of daily tokens for the last ${rows.length} days; the table below has the numbers`}
          >
            <ComposedChart
              responsive
              style={{ width: '100%', height: 280 }}
              data={data}
              margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
            >
              <CartesianGrid strokeDasharray="3 3" className="chart-grid" vertical={false} />
              <XAxis dataKey="label" tick={{ fontSize: 12 }} interval="preserveStartEnd" minTickGap={16} />
              <YAxis yAxisId="cost" tickFormatter={(v: number) => `$${v}`} tick={{ fontSize: 12 }} width={56} />
              <YAxis
                yAxisId="tokens"
                orientation="right"
                tickFormatter={(v: number) => formatTokens(v)}
                tick={{ fontSize: 12 }}
                width={56}
              />
              <Tooltip
                formatter={(value, name) =>
                  name === 'Cost' ? formatUsd(typeof value === 'number' ? value : null) : formatInteger(Number(value))
                }
                contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' }}
              />
              <Legend />
              <Bar
                yAxisId="cost"
                dataKey="cost"
                name="Cost"
                fill="var(--chart-cost)"
                radius={[3, 3, 0, 0]}
                isAnimationActive={false}
              />
              <Line
                yAxisId="tokens"
                dataKey="tokens"
                name="Tokens"
                stroke="var(--chart-tokens)"
                strokeWidth={2}
                dot={{ r: 2 }}
                isAnimationActive={false}
              />
            </ComposedChart>
          </figure>
          <details className="chart-table">
            <summary>Show the numbers ({active.length} days with usage)</summary>
            <DataTable columns={COLUMNS}>
              {[...active].reverse().map((d) => (
                <tr key={d.date}>
                  <th scope="row">{d.date}</th>
                  <td className="num">{formatInteger(d.sessions)}</td>
                  <td className="num">{formatInteger(d.totalTokens)}</td>
                  <td className="num">{formatCost(d)}</td>
                </tr>
              ))}
            </DataTable>
          </details>
        </>
      )}
    </section>
  );
}
