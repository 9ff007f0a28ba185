// Extra-usage credits (pay-as-you-go beyond the plan), shown only when the account has them on.
import type { CreditsRow } from '../view/panel-rows.ts';
import { LimitBar } from './limit-bar.tsx';

export function ExtraUsageBar({ credits }: { credits: CreditsRow }) {
  return (
    <LimitBar gauge={credits}>
      <span className="limit-detail">{credits.amount} spent this month</span>
    </LimitBar>
  );
}
