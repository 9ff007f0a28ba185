// One usage limit as a labelled bar: the percentage in words and as a progressbar, the reset
// countdown with its local time, and a level word so colour is never the only signal.
import type { ReactNode } from 'react';
import type { Gauge } from '../view/panel-rows.ts';

export interface LimitBarProps {
  /** The row from the panel view-model (src/view/panel-rows.ts): number, words and level. */
  gauge: Gauge;
  /** "resets in 2 h 14 m (at 14:05)"; left out for rows without a reset (extra-usage credits). */
  resetText?: string;
  children?: ReactNode;
}

export function LimitBar({ gauge, resetText, children }: LimitBarProps) {
  const { label, pct, pctText, estimated, band, levelWord } = gauge;
  const note = estimated ? ` (estimated${band ? `, ${band}` : ''})` : '';
  const valueText = pct === null ? pctText : `${pctText} used${note}`;
  return (
    <div className="limit" data-testid="limit">
      <div className="limit-head">
        <span className="limit-label">{label}</span>
        <span className="limit-value">
          {pct === null ? pctText : `${pctText} used`}
          {pct !== null && estimated && <span className="limit-est"> (estimate{band ? ` ${band}` : ''})</span>}
          {levelWord && <strong className="limit-level"> · {levelWord}</strong>}
        </span>
      </div>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={gauge.fill ?? undefined}
        aria-valuetext={valueText}
        className={`bar level-${gauge.level}${estimated ? ' bar-estimate' : ''}`}
      >
        {gauge.fill !== null && <div className="bar-fill" style={{ width: `${gauge.fill}%` }} />}
      </div>
      <div className="limit-meta">
        {resetText !== undefined && <span className="limit-reset">{resetText}</span>}
        {children}
      </div>
    </div>
  );
}
