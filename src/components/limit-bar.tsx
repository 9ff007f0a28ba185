// One usage limit as a labelled bar: the percentage in words and as a progressbar, the reset
// countdown with its local time, and a level word so colour is never the only signal.
import type { ReactNode } from 'react';
import { formatPercent, formatReset } from '../view/format.ts';
import type { Clock } from './clock.ts';

export interface LimitBarProps {
  label: string;
  /** Percent used; null means there is no sound basis and reads "no estimate", never 0 %. */
  pct: number | null;
  /** Null hides the reset line (e.g. extra-usage credits, which reset monthly). */
  resetsAt?: string | null;
  clock: Clock;
  /** Estimated numbers get a hatched bar and the word "estimated". */
  estimated?: boolean;
  /** What a null percentage reads as; the estimate's "no estimate" by default. */
  nullText?: string;
  children?: ReactNode;
}

/** "limit reached" / "near the limit" / null: the words beside the colour change. */
export function levelWord(pct: number | null): string | null {
  if (pct === null) return null;
  if (pct >= 100) return 'limit reached';
  if (pct >= 90) return 'near the limit';
  return null;
}

function levelClass(pct: number | null): string {
  if (pct === null) return 'level-unknown';
  if (pct >= 90) return 'level-high';
  if (pct >= 70) return 'level-mid';
  return 'level-low';
}

export function LimitBar({
  label,
  pct,
  resetsAt,
  clock,
  estimated = false,
  nullText = 'no estimate',
  children,
}: LimitBarProps) {
  const text = formatPercent(pct, nullText);
  // An estimate can exceed 100 % (the learned limit is not the real one); the bar stops at full.
  const clamped = pct === null ? undefined : Math.min(100, Math.max(0, pct));
  const level = levelWord(pct);
  const valueText = pct === null ? nullText : `${text} used${estimated ? ' (estimated)' : ''}`;
  return (
    <div className="limit" data-testid="limit">
      <div className="limit-head">
        <span className="limit-label">{label}</span>
        <span className="limit-value">
          {pct === null ? text : `${text} used`}
          {pct !== null && estimated && <span className="limit-est"> (estimate)</span>}
          {level && <strong className="limit-level"> · {level}</strong>}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={clamped}
        aria-valuetext={valueText}
        className={`bar ${levelClass(pct)}${estimated ? ' bar-estimate' : ''}`}
      >
        {clamped !== undefined && <div className="bar-fill" style={{ width: `${clamped}%` }} />}
      </div>
      <div className="limit-meta">
        {resetsAt !== undefined && <span className="limit-reset">{formatReset(resetsAt, clock.now, clock)}</span>}
        {children}
      </div>
    </div>
  );
}
