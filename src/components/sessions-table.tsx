// Recent sessions (the document lists them most recent first): project, models, when, tokens, cost.
import { formatAge, formatCost, formatDuration, formatTokens, shortModelName } from '../view/format.ts';
import type { SessionUsage } from '../contract/usage-data.ts';
import { TablePanel, type Column } from './table-panel.tsx';

const MAX_ROWS = 12;

const COLUMNS: Column[] = [
  { label: 'Project' },
  { label: 'Models' },
  { label: 'Last active' },
  { label: 'Length', numeric: true },
  { label: 'Tokens', numeric: true },
  { label: 'Cost', numeric: true },
];

export interface SessionsTableProps {
  sessions: SessionUsage[];
  now: Date;
  /** Short project names from projectLabels(). */
  labels?: Map<string, string>;
}

export function SessionsTable({ sessions, now, labels }: SessionsTableProps) {
  const rows = sessions.slice(0, MAX_ROWS);
  return (
    <TablePanel
      id="sessions"
      title="Recent sessions"
      columns={COLUMNS}
      isEmpty={rows.length === 0}
      emptyText="No sessions yet."
    >
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
    </TablePanel>
  );
}
