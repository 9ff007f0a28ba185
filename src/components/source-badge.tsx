// The Live/Estimate badge: says in a word whether the panel shows Anthropic's own numbers or aios's
// estimate, with where the reading came from and its age when live, the reason and basis when estimated.
import type { PanelSource } from '../view/panel-rows.ts';

export interface SourceBadgeProps {
  /** The source words from the panel view-model (src/view/panel-rows.ts). */
  source: PanelSource;
  /** The last refresh failed: these numbers are the last good ones. */
  stale?: boolean;
}

export function SourceBadge({ source, stale = false }: SourceBadgeProps) {
  if (source.kind === 'live') {
    return (
      <div className="source" data-testid="source">
        <span className="badge badge-live" data-testid="badge">
          {source.word}
        </span>
        <span className="source-text">
          {source.text} · <span data-testid="via">{source.via}</span> · <span data-testid="age">{source.updated}</span>
          {stale && <strong> · stale</strong>}
        </span>
      </div>
    );
  }
  return (
    <div className="source" data-testid="source">
      <span className="badge badge-estimate" data-testid="badge">
        {source.word}
      </span>
      <span className="source-text">
        {source.text}
        {stale && <strong> · stale</strong>}
      </span>
      <p className="source-reason">
        Anthropic's numbers unavailable: <span data-testid="fallback-reason">{source.reason}</span>
        {source.retry && <> · next try {source.retry}</>}
      </p>
      {source.reading && (
        <p className="source-reading" data-testid="reading">
          Last reading: {source.reading}
        </p>
      )}
      <p className="source-basis" data-testid="basis">
        Basis: {source.basisText}
      </p>
    </div>
  );
}
