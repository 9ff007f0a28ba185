// The page's two failure states: stale (a refresh failed; the last good data stays, with its age)
// and error (no valid document at all; says why instead of leaving the page blank).
import { formatAge } from '../view/format.ts';
import type { UsageLoadError } from '../app/usage-api.ts';

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function StaleNotice({ generatedAt, reason, now }: { generatedAt: string; reason: string; now: Date }) {
  return (
    <div className="notice notice-stale" role="status" data-testid="stale-notice">
      <strong>⚠ Stale data:</strong> showing the last good data, generated {formatAge(generatedAt, now)}. The latest
      refresh failed: {reason}.
    </div>
  );
}

export function ErrorState({ message, error }: { message: string; error: UsageLoadError | null }) {
  return (
    <section className="panel error-state" role="alert" data-testid="error-state">
      <h2>Usage data could not be shown</h2>
      <p data-testid="error-message">{capitalize(message)}.</p>
      {error && error.details.length > 0 && (
        <details>
          <summary>What was wrong ({error.details.length})</summary>
          <ul>
            {error.details.map((line) => (
              <li key={line}>
                <code>{line}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
      <p>
        Try the Refresh button; if it keeps failing, run <code>aios aggregate</code> in a terminal to see the cause.
      </p>
    </section>
  );
}
