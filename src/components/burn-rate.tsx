// The active block's burn rate and, when it comes before the reset, the time the 5-hour window
// would run out at that rate (both computed by the estimator; shown whatever the source).
import { formatBurnRate, formatClockTime, formatDuration } from '../view/format.ts';
import type { ClaudeWindow } from '../contract/usage-data.ts';
import type { Clock } from './clock.ts';

export function BurnRate({ window, clock }: { window: ClaudeWindow; clock: Clock }) {
  const { burnRate, projectedExhaustionAt } = window.estimate;
  if (!burnRate) {
    return (
      <p className="burn" data-testid="burn-rate">
        No active 5-hour block: nothing is burning right now.
      </p>
    );
  }
  const exhaustion = projectedExhaustionAt ? Date.parse(projectedExhaustionAt) : NaN;
  const reset = window.resetsAt ? Date.parse(window.resetsAt) : Infinity;
  // The estimator only sets it when it precedes the reset; checked again against the shown reset.
  const showExhaustion = Number.isFinite(exhaustion) && exhaustion < reset && exhaustion > clock.now.getTime();
  return (
    <div className="burn" data-testid="burn-rate">
      <p>
        <span className="burn-label">Burn rate of the active block:</span> {formatBurnRate(burnRate)}
      </p>
      {showExhaustion && (
        <p className="burn-warning" data-testid="exhaustion">
          <strong>
            At this rate the 5-hour window runs out at {formatClockTime(projectedExhaustionAt, clock.now, clock)}
          </strong>{' '}
          (in {formatDuration(exhaustion - clock.now.getTime())}), before it resets.
        </p>
      )}
    </div>
  );
}
