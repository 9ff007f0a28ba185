// Usage by project (Claude Code's encoded working directory), most expensive first.
import { formatAge, formatCost, formatInteger, formatTokens } from '../lib/format.ts';
import type { ProjectUsage } from '../lib/usage-data.ts';

const MAX_ROWS = 15;

export interface ProjectsTableProps {
  projects: ProjectUsage[];
  now: Date;
  /** Short names from projectLabels(); the full name stays in the tooltip. */
  labels?: Map<string, string>;
}

export function ProjectsTable({ projects, now, labels }: ProjectsTableProps) {
  const rows = [...projects]
    .sort((a, b) => (b.costUsd ?? -1) - (a.costUsd ?? -1) || b.totalTokens - a.totalTokens)
    .slice(0, MAX_ROWS);
  return (
    <section className="panel" aria-labelledby="projects-title">
      <h2 id="projects-title">Projects</h2>
      {rows.length === 0 ? (
        <p className="empty">No projects yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col" className="num">Sessions</th>
              <th scope="col" className="num">Tokens</th>
              <th scope="col" className="num">Cost</th>
              <th scope="col">Last active</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.project}>
                <th scope="row" className="ellipsis" title={p.project}>{labels?.get(p.project) ?? p.project}</th>
                <td className="num">{formatInteger(p.sessions)}</td>
                <td className="num" title={formatInteger(p.totalTokens)}>{formatTokens(p.totalTokens)}</td>
                <td className="num">{formatCost(p)}</td>
                <td className="nowrap">{formatAge(p.lastActivity, now)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {projects.length > MAX_ROWS && <p className="more">and {projects.length - MAX_ROWS} more</p>}
    </section>
  );
}
