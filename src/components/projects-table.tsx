// Usage by project (Claude Code's encoded working directory), most expensive first.
import { formatAge, formatCost, formatInteger, formatTokens } from '../view/format.ts';
import type { ProjectUsage } from '../contract/usage-data.ts';
import { TablePanel, type Column } from './table-panel.tsx';

const MAX_ROWS = 15;

const COLUMNS: Column[] = [
  { label: 'Project' },
  { label: 'Sessions', numeric: true },
  { label: 'Tokens', numeric: true },
  { label: 'Cost', numeric: true },
  { label: 'Last active' },
];

export interface ProjectsTableProps {
  projects: ProjectUsage[];
  now: Date;
  /** Short names from projectLabels(); the full name stays in the tooltip. */
  labels?: Map<string, string>;
}

export function ProjectsTable({ projects, now, labels }: ProjectsTableProps) {
  // The document lists projects most expensive first (scripts/lib/report/usage-report.ts).
  const rows = projects.slice(0, MAX_ROWS);
  const more = projects.length > MAX_ROWS ? <p className="more">and {projects.length - MAX_ROWS} more</p> : null;
  return (
    <TablePanel
      id="projects"
      title="Projects"
      columns={COLUMNS}
      isEmpty={rows.length === 0}
      emptyText="No projects yet."
      footer={more}
    >
      {rows.map((p) => (
        <tr key={p.project}>
          <th scope="row" className="ellipsis" title={p.project}>
            {labels?.get(p.project) ?? p.project}
          </th>
          <td className="num">{formatInteger(p.sessions)}</td>
          <td className="num" title={formatInteger(p.totalTokens)}>
            {formatTokens(p.totalTokens)}
          </td>
          <td className="num">{formatCost(p)}</td>
          <td className="nowrap">{formatAge(p.lastActivity, now)}</td>
        </tr>
      ))}
    </TablePanel>
  );
}
