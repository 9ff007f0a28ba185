// The 5-hour blocks of the last days (the estimator's unit), newest first; gap blocks are idle
// time and are left out. The active block carries its burn rate and projection.
import {
  formatBurnRate,
  formatClockTime,
  formatCost,
  formatTokens,
  formatUsd,
  shortModelName,
} from '../view/format.ts';
import type { UsageBlock } from '../contract/usage-data.ts';
import type { Clock } from './clock.ts';
import { TablePanel, type Column } from './table-panel.tsx';

const DAYS_SHOWN = 3;

const COLUMNS: Column[] = [
  { label: 'Block' },
  { label: 'Models' },
  { label: 'Tokens', numeric: true },
  { label: 'Cost', numeric: true },
];

export function BlocksList({ blocks, clock }: { blocks: UsageBlock[]; clock: Clock }) {
  const since = clock.now.getTime() - DAYS_SHOWN * 86_400_000;
  // The document lists blocks oldest first; the newest is the interesting one here.
  const rows = blocks.filter((b) => !b.isGap && Date.parse(b.end) >= since).reverse();
  return (
    <TablePanel
      id="blocks"
      title={`5-hour blocks, last ${DAYS_SHOWN} days`}
      columns={COLUMNS}
      isEmpty={rows.length === 0}
      emptyText={`No blocks in the last ${DAYS_SHOWN} days.`}
    >
      {rows.map((b) => (
        <tr key={b.start} className={b.isActive ? 'row-active' : undefined}>
          <th scope="row">
            {formatClockTime(b.start, clock.now, clock)} – {formatClockTime(b.end, clock.now, clock)}
            {b.isActive && <span className="tag tag-active">active</span>}
            {b.isActive && b.burnRate && <div className="sub">{formatBurnRate(b.burnRate)}</div>}
            {b.isActive && b.projection && (
              <div className="sub">
                projected {formatTokens(b.projection.totalTokens)} tokens · {formatUsd(b.projection.costUsd)} by the end
              </div>
            )}
          </th>
          <td>{b.models.map(shortModelName).join(', ') || '—'}</td>
          <td className="num">{formatTokens(b.totalTokens)}</td>
          <td className="num">{formatCost(b)}</td>
        </tr>
      ))}
    </TablePanel>
  );
}
