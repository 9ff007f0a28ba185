// The time every component renders against: one `now` per render pass plus an optional zone, passed
// down as a prop so countdowns are pure and tests can pin both.
import type { ClockOptions } from '../view/format.ts';

export interface Clock extends ClockOptions {
  now: Date;
}
