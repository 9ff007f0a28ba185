// `--metrics-listen ADDR:PORT`: where the remote metrics listener binds. An IPv4 address, a host
// name, or an IPv6 address in brackets, always with a port (0 picks a free one).

export interface ListenAddress {
  /** What Bun.serve binds to (an IPv6 address without its brackets). */
  hostname: string;
  port: number;
}

/**
 * The address in `value`, or null when it is not ADDR:PORT.
 *
 * @example parseListenAddress('0.0.0.0:2468') // { hostname: '0.0.0.0', port: 2468 }
 * @example parseListenAddress('[::]:2468') // { hostname: '::', port: 2468 }
 */
export function parseListenAddress(value: string): ListenAddress | null {
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(value);
  if (!match) return null;
  const port = Number(match[3]);
  if (port > 65535) return null;
  const hostname = match[1] ?? match[2]!;
  // A bracketed address must be IPv6 (it has a colon); a bare one must not be.
  if (match[1] !== undefined && !hostname.includes(':')) return null;
  return { hostname, port };
}

/** The URL a scraper uses for `address` and the port the listener got. */
export function listenUrl(hostname: string, port: number, pathname: string): string {
  return `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}${pathname}`;
}
