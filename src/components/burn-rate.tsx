// The active block's burn rate and, when it comes before the reset, the time the 5-hour window
// would run out at that rate (both computed by the estimator; shown whatever the source).
import type { PanelBurn } from '../view/panel-rows.ts';

export function BurnRate({ burn }: { burn: PanelBurn }) {
  if (!burn.rate) {
    return (
      <p className="burn" data-testid="burn-rate">
        No active 5-hour block: nothing is burning right now.
      </p>
    );
  }
  return (
    <div className="burn" data-testid="burn-rate">
      <p>
        <span className="burn-label">Burn rate of the active block:</span> {burn.rate}
      </p>
      {burn.runsOut && (
        <p className="burn-warning" data-testid="exhaustion">
          <strong>At this rate the 5-hour window runs out at {burn.runsOut.clock}</strong> (in {burn.runsOut.in}),
          before it resets.
        </p>
      )}
    </div>
  );
}
