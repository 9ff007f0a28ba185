// The Live/Estimate badge: says in a word whether the panel shows Anthropic's own numbers or aios's
// estimate, with the data's age when live and the reason and basis when estimated.
import { formatClockTime, formatUpdated } from '../view/format.ts';
import type { ClaudeWindow } from '../contract/usage-data.ts';
import type { Clock } from './clock.ts';

export interface SourceBadgeProps {
  window: ClaudeWindow;
  clock: Clock;
  /** The last refresh failed: these numbers are the last good ones. */
  stale?: boolean;
}

export function SourceBadge({ window, clock, stale = false }: SourceBadgeProps) {
  if (window.source === 'oauth') {
    const fetchedAt = window.authoritative?.fetchedAt ?? null;
    return (
      <div className="source" data-testid="source">
        <span className="badge badge-live" data-testid="badge">
          Live
        </span>
        <span className="source-text">
          Anthropic's own numbers
          {fetchedAt && (
            <>
              {' '}
              · <span data-testid="age">{formatUpdated(fetchedAt, clock.now)}</span>
            </>
          )}
          {stale && <strong> · stale</strong>}
        </span>
      </div>
    );
  }
  const reason = window.fallbackReason;
  const retry = reason?.retryAt ? formatClockTime(reason.retryAt, clock.now, clock) : null;
  return (
    <div className="source" data-testid="source">
      <span className="badge badge-estimate" data-testid="badge">
        Estimate
      </span>
      <span className="source-text">
        aios's estimate from your Claude Code logs{stale && <strong> · stale</strong>}
      </span>
      {reason && (
        <p className="source-reason">
          Anthropic's numbers unavailable: <span data-testid="fallback-reason">{reason.message}</span>
          {/* The message often names the time already ("rate limited until 14:05"). */}
          {retry && !reason.message.includes(retry) && <> · next try {retry}</>}
        </p>
      )}
      <p className="source-basis" data-testid="basis">
        Basis: {window.estimate.basisText}
      </p>
    </div>
  );
}
