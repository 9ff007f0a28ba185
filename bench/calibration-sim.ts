// A simulated Claude account for bench/calibration.ts: hidden 5-hour and weekly limits in dollars, usage on
// this machine and elsewhere, Anthropic's windows as the truth, and sparse readings rounded to whole percent.
import type { LimitHit, UsageReading } from '../scripts/lib/history/readings.ts';
import type { LimitMessage } from '../scripts/lib/logs/entry.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const FIVE_HOURS = 5 * HOUR;
const WEEK = 7 * DAY;

export interface Scenario {
  name: string;
  description: string;
  days: number;
  /** The hidden limits in USD of API-priced usage, and the plan tier the credential names, on day `d`. */
  plan: (d: number) => { fiveHourUsd: number; weekUsd: number; tier: string };
  /** Sessions on a weekday and on a weekend day (the mean; the count is drawn around it). */
  sessionsPerDay: { weekday: number; weekend: number };
  /** Requests per session (uniform range) and the mean cost of one request in USD (log-normal). */
  requests: [number, number];
  requestUsd: number;
  /** Share of sessions on other machines or claude.ai: counted by Anthropic, never in these logs. */
  elsewhere: number;
  /** Chance that a request on this machine leaves a reading (the statusline after it). */
  readingChance: number;
}

/** The day the plan in force on day `d` began: the first of the days before it with the same tier. */
export function planStart(s: Scenario, d: number): number {
  const tier = s.plan(d).tier;
  let start = d;
  while (start > 0 && s.plan(start - 1).tier === tier) start--;
  return start;
}

/** Anthropic's own numbers right after a request: what a reading would round. */
export interface Truth {
  at: number;
  fiveHour: number;
  week: number;
  fiveHourResetsAt: number;
  weekResetsAt: number;
  tier: string;
}

export interface SimulatedAccount {
  /** Requests served on this machine: [time, USD]. */
  entries: Array<[number, number]>;
  readings: UsageReading[];
  /** "usage limit reached" lines this machine logged (requests refused at a limit). */
  limitMessages: LimitMessage[];
  hits: LimitHit[];
  /** Candidate held-out instants: requests on this machine that left no reading, with the truth after them. */
  heldOut: Truth[];
  /** The share of served cost that this machine logged. */
  localShare: number;
  start: number;
}

/** mulberry32: a small seeded PRNG, so every run of the benchmark sees the same account. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A count drawn around `mean` (Poisson by inversion; small means only). */
function poisson(rng: () => number, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k++;
  return k;
}

/** Log-normal with the given mean and spread (sigma of the log). */
function logNormal(rng: () => number, mean: number, sigma: number): number {
  const normal = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return mean * Math.exp(sigma * normal - (sigma * sigma) / 2);
}

/**
 * Anthropic need not count usage at API prices exactly (model weights, cache reads): by default each
 * session's cost is weighed by a hidden factor drawn around 1 with this spread (sigma of its log), and
 * each request's by a further one. Zero spreads count at API prices exactly.
 */
export const HIDDEN_WEIGHTS = { session: 0.25, request: 0.2 };
export type Weights = typeof HIDDEN_WEIGHTS;

interface Request {
  t: number;
  /** What the logs price it at. */
  usd: number;
  /** What Anthropic counts against the limits, in the same dollars. */
  counted: number;
  local: boolean;
}

function requestsOf(s: Scenario, start: number, rng: () => number, weights: Weights): Request[] {
  const out: Request[] = [];
  for (let d = 0; d < s.days; d++) {
    const weekday = new Date(start + d * DAY).getUTCDay();
    const mean = weekday === 0 || weekday === 6 ? s.sessionsPerDay.weekend : s.sessionsPerDay.weekday;
    for (let n = poisson(rng, mean); n > 0; n--) {
      const local = rng() >= s.elsewhere;
      const weight = logNormal(rng, 1, weights.session);
      let t = start + d * DAY + 8 * HOUR + rng() * 14 * HOUR;
      const count = s.requests[0] + Math.floor(rng() * (s.requests[1] - s.requests[0] + 1));
      for (let i = 0; i < count; i++) {
        const usd = logNormal(rng, s.requestUsd, 0.6);
        out.push({ t: Math.round(t), usd, counted: usd * weight * logNormal(rng, 1, weights.request), local });
        t += MINUTE + rng() * 3 * MINUTE;
      }
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

/**
 * Run the account: Anthropic's 5-hour window opens at the first request after the last one reset and
 * lasts 5 hours; the week resets every 7 days at a fixed time. A request at a limit is refused (and,
 * on this machine, logged as "usage limit reached"); the others count, wherever they ran.
 */
export function simulateAccount(s: Scenario, seed: number, weights: Weights = HIDDEN_WEIGHTS): SimulatedAccount {
  const rng = seededRandom(seed);
  const start = Date.parse('2026-08-03T00:00:00Z');
  const weekAnchor = start + 2 * DAY + 9 * HOUR;
  const account: SimulatedAccount = {
    entries: [],
    readings: [],
    limitMessages: [],
    hits: [],
    heldOut: [],
    localShare: 0,
    start,
  };
  let five = { resetsAt: -Infinity, usd: 0, hit: false };
  let week = { resetsAt: -Infinity, usd: 0, hit: false };
  let served = 0;
  let local = 0;
  for (const r of requestsOf(s, start, rng, weights)) {
    const plan = s.plan(Math.floor((r.t - start) / DAY));
    if (r.t >= five.resetsAt) five = { resetsAt: r.t + FIVE_HOURS, usd: 0, hit: false };
    if (r.t >= week.resetsAt) {
      const k = Math.floor((r.t - weekAnchor) / WEEK) + 1;
      week = { resetsAt: weekAnchor + k * WEEK, usd: 0, hit: false };
    }
    const fivePct = (five.usd / plan.fiveHourUsd) * 100;
    const weekPct = (week.usd / plan.weekUsd) * 100;
    if (fivePct >= 100 || weekPct >= 100) {
      const [window, resetsAt] =
        fivePct >= 100 ? (['five_hour', five.resetsAt] as const) : (['seven_day', week.resetsAt] as const);
      const state = window === 'five_hour' ? five : week;
      if (r.local && !state.hit) {
        account.limitMessages.push({ at: r.t, resetsAt });
        account.hits.push({ window, at: r.t, resetsAt, origin: 'log' });
      }
      state.hit = true;
      continue;
    }
    five.usd += r.counted;
    week.usd += r.counted;
    served += r.usd;
    if (!r.local) continue;
    local += r.usd;
    account.entries.push([r.t, r.usd]);
    const truth: Truth = {
      at: r.t + 1000,
      fiveHour: (five.usd / plan.fiveHourUsd) * 100,
      week: (week.usd / plan.weekUsd) * 100,
      fiveHourResetsAt: five.resetsAt,
      weekResetsAt: week.resetsAt,
      tier: plan.tier,
    };
    if (rng() < s.readingChance) {
      const at = r.t + 2000;
      account.readings.push({
        via: 'statusline',
        firstSeenAt: at,
        observedAt: at,
        fiveHour: { pct: Math.min(100, Math.round(truth.fiveHour)), resetsAt: five.resetsAt },
        sevenDay: { pct: Math.min(100, Math.round(truth.week)), resetsAt: week.resetsAt },
        planTier: plan.tier,
        payload: null,
      });
    } else account.heldOut.push(truth);
  }
  account.localShare = served > 0 ? local / served : 1;
  return account;
}
