// Recent sessions (the document lists them most recent first): project, models, when, tokens, cost.
import { formatAge, formatCost, formatDuration, formatTokens, shortModelName } from '../lib/format.ts';
import type { SessionUsage } from '../lib/usage-data.ts';

const MAX_ROWS = 12;

export interface SessionsTableProps {
  sessions: SessionUsage[];
  now: Date;
  /** Short project names from projectLabels(). */
  labels?: Map<string, string>;
}

export function SessionsTable({ sessions, now, labels }: SessionsTableProps) {
  const rows = sessions.slice(0, MAX_ROWS);
  return (
    <section className="panel" aria-labelledby="sessions-title">
      <h2 id="sessions-title">Recent sessions</h2>
      {rows.length === 0 ? (
        <p className="empty">No sessions yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col">Models</th>
              <th scope="col">Last active</th>
              <th scope="col" className="num">Length</th>
              <th scope="col" className="num">Tokens</th>
              <th scope="col" className="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.sessionId}>
                <th scope="row" className="ellipsis" title={`${s.project} · session ${s.sessionId}`}>
                  {labels?.get(s.project) ?? s.project}
                </th>
                <td>{s.models.map(shortModelName).join(', ') || '—'}</td>
                <td className="nowrap">{formatAge(s.lastActivity, now)}</td>
                <td className="num">{formatDuration(Date.parse(s.lastActivity) - Date.parse(s.firstActivity))}</td>
                <td className="num">{formatTokens(s.totalTokens)}</td>
                <td className="num">{formatCost(s)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
