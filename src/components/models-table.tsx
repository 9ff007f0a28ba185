// Spend by model: tokens, requests and cost per model, with unpriced models marked as such
// (their cost is unknown, never $0).
import { formatCost, formatInteger, formatTokens, shortModelName } from '../view/format.ts';
import type { ModelUsage } from '../contract/usage-data.ts';
import { TablePanel, type Column } from './table-panel.tsx';

const COLUMNS: Column[] = [
  { label: 'Model' },
  { label: 'Requests', numeric: true },
  { label: 'Tokens', numeric: true },
  { label: 'Cost', numeric: true },
];

/** `models` come most expensive first from the document (scripts/lib/report/usage-report.ts). */
export function ModelsTable({ models }: { models: ModelUsage[] }) {
  return (
    <TablePanel
      id="models"
      title="Spend by model"
      columns={COLUMNS}
      isEmpty={models.length === 0}
      emptyText="No model usage yet."
    >
      {models.map((m) => (
        <tr key={m.model}>
          <th scope="row" title={m.model}>
            {shortModelName(m.model)}
            {!m.priced && <span className="tag">unpriced</span>}
          </th>
          <td className="num">{formatInteger(m.requests)}</td>
          <td className="num" title={formatInteger(m.totalTokens)}>
            {formatTokens(m.totalTokens)}
          </td>
          <td className="num">{formatCost(m)}</td>
        </tr>
      ))}
    </TablePanel>
  );
}
