// A loopback stand-in for Anthropic's usage endpoint (reached through AIOS_CLAUDE_USAGE_URL): it
// answers the shared doc's payload shape, or fails on demand, and records the tokens it was sent.
export type StandInMode = 'ok' | 'rate-limited' | 'server-error';

export interface UsageStandIn {
  /** The value for AIOS_CLAUDE_USAGE_URL. */
  url: string;
  mode: StandInMode;
  /** Authorization headers received, in order. */
  authorizations: string[];
  stop(): void;
}

/** Serve on 127.0.0.1: five-hour 63 %, week 27 %, Sonnet week 12 %, resets relative to `now`. */
export function startUsageStandIn(now: Date): UsageStandIn {
  const inHours = (h: number) => new Date(now.getTime() + h * 3_600_000).toISOString().replace('Z', '+00:00');
  const state: UsageStandIn = {
    url: '',
    mode: 'ok',
    authorizations: [],
    stop: () => server.stop(true),
  };
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(request) {
      state.authorizations.push(request.headers.get('authorization') ?? '');
      if (state.mode === 'rate-limited') {
        // Anthropic often sends retry-after: 0 with a 429 (shared doc §4).
        return new Response('{"error":"rate_limited"}', { status: 429, headers: { 'retry-after': '0' } });
      }
      if (state.mode === 'server-error') return new Response('upstream failure', { status: 500 });
      return Response.json({
        five_hour: { utilization: 63, resets_at: inHours(2.25) },
        seven_day: { utilization: 27, resets_at: inHours(93) },
        seven_day_sonnet: { utilization: 12, resets_at: inHours(93) },
        seven_day_opus: null,
        unknown_future_key: { anything: true },
      });
    },
  });
  state.url = `http://127.0.0.1:${server.port}/api/oauth/usage`;
  return state;
}
