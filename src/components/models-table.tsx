// Spend by model: tokens, requests and cost per model, with unpriced models marked as such
// (their cost is unknown, never $0).
import { formatCost, formatInteger, formatTokens, shortModelName } from '../lib/format.ts';
import type { ModelUsage } from '../lib/usage-data.ts';

export function ModelsTable({ models }: { models: ModelUsage[] }) {
  const rows = [...models].sort((a, b) => (b.costUsd ?? -1) - (a.costUsd ?? -1) || b.totalTokens - a.totalTokens);
  return (
    <section className="panel" aria-labelledby="models-title">
      <h2 id="models-title">Spend by model</h2>
      {rows.length === 0 ? (
        <p className="empty">No model usage yet.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col" className="num">Requests</th>
              <th scope="col" className="num">Tokens</th>
              <th scope="col" className="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr key={m.model}>
                <th scope="row" title={m.model}>
                  {shortModelName(m.model)}
                  {!m.priced && <span className="tag">unpriced</span>}
                </th>
                <td className="num">{formatInteger(m.requests)}</td>
                <td className="num" title={formatInteger(m.totalTokens)}>{formatTokens(m.totalTokens)}</td>
                <td className="num">{formatCost(m)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
