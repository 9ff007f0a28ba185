// Extra-usage credits (pay-as-you-go beyond the plan), shown only when the account has them on.
import { formatMoney } from '../view/format.ts';
import type { ClaudeAuthoritativeUsage } from '../contract/usage-data.ts';
import type { Clock } from './clock.ts';
import { LimitBar } from './limit-bar.tsx';

type ExtraUsage = NonNullable<ClaudeAuthoritativeUsage['extraUsage']>;

export function ExtraUsageBar({ extra, clock }: { extra: ExtraUsage; clock: Clock }) {
  const { usedCredits, monthlyLimit, currency } = extra;
  // The endpoint's own utilization first; derive it only when it is missing.
  const pct = extra.utilization ?? (usedCredits !== null && monthlyLimit ? (usedCredits / monthlyLimit) * 100 : null);
  return (
    // No utilization and no limit to divide by: unknown, which must not read as 0 % or as "no estimate".
    <LimitBar label="Extra usage credits" pct={pct} clock={clock} nullText="share not reported by Anthropic">
      <span className="limit-detail">
        {formatMoney(usedCredits, currency)} of{' '}
        {monthlyLimit === null ? 'no set limit' : formatMoney(monthlyLimit, currency)} spent this month
      </span>
    </LimitBar>
  );
}
