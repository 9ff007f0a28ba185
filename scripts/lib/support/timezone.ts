// The zone days and clock times are counted in: --timezone (an IANA name, else an error), else TZ in
// any form glibc reads, else the system zone. A TZ aios cannot use falls back with a warning.
import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { log } from './log.ts';

/** --timezone names no zone Intl knows: the user must fix the flag (exit 2). */
export class UnknownZoneError extends Error {
  override name = 'UnknownZoneError';
}

export interface ZoneChoice {
  /** The zone's name as Intl knows it. */
  zone: string;
  /** Why TZ was not used as given, when it was not; said once by the caller. */
  warning: string | null;
}

export interface ZoneOptions {
  /** The system's zone link; default /etc/localtime. */
  localtime?: string;
}

/** `name` as Intl knows it, or null when Intl has no such zone. */
export function ianaZone(name: string): string | null {
  if (name === '') return null;
  // Intl's own name for it; see createDayKeyer. Answered without loading ICU's zone data.
  if (name === 'UTC') return 'UTC';
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** The zone a path under a zoneinfo dir names (…/zoneinfo/posix/Asia/Tokyo -> Asia/Tokyo), or null. */
function nameUnderZoneinfo(path: string): string | null {
  const at = path.lastIndexOf('/zoneinfo/');
  if (at < 0) return null;
  return ianaZone(path.slice(at + '/zoneinfo/'.length).replace(/^(?:posix|right)\//, ''));
}

/**
 * The zone a zone file names: by its path when that lies under a zoneinfo dir, else by where its
 * links lead (/etc/localtime -> /usr/share/zoneinfo/Europe/Berlin). A copied file names nothing.
 */
function zoneOfFile(path: string): string | null {
  let current = path;
  // A few hops: /etc/localtime -> ../usr/share/zoneinfo/US/Eastern -> America/New_York at most.
  for (let hop = 0; hop < 8; hop++) {
    const named = nameUnderZoneinfo(current);
    if (named) return named;
    try {
      if (!lstatSync(current).isSymbolicLink()) break;
      current = resolve(dirname(current), readlinkSync(current));
    } catch {
      return null;
    }
  }
  try {
    return nameUnderZoneinfo(realpathSync(path));
  } catch {
    return null;
  }
}

/**
 * The system zone from the localtime link (`/etc/localtime -> /usr/share/zoneinfo/Area/City`), or
 * null when it is missing or a copied file.
 */
export function systemZone(localtime = '/etc/localtime'): string | null {
  return zoneOfFile(localtime);
}

/**
 * A POSIX TZ with a fixed offset and no daylight saving (`UTC0`, `JST-9`, `<-03>3`) as the Etc zone
 * of that offset; POSIX and Etc/GMT share the sign (`JST-9` and `Etc/GMT-9` are both UTC+9). Null for
 * anything else: a rule with daylight saving cannot be named exactly.
 */
function fixedOffsetZone(tz: string): string | null {
  const m = /^(?:<[A-Za-z0-9+-]{3,}>|[A-Za-z]{3,})([+-]?)(\d{1,2})(?::(\d{2})(?::(\d{2}))?)?$/.exec(tz);
  if (!m || Number(m[3] ?? 0) !== 0 || Number(m[4] ?? 0) !== 0) return null;
  const hours = Number(m[2]);
  if (hours === 0) return 'UTC';
  return ianaZone(`Etc/GMT${m[1] === '-' ? '-' : '+'}${hours}`);
}

/** The zone a TZ value names in any form glibc reads, or null. */
function zoneFromTz(tz: string): string | null {
  if (tz.startsWith(':')) {
    const rest = tz.slice(1);
    return rest.startsWith('/') ? zoneOfFile(rest) : ianaZone(rest);
  }
  return ianaZone(tz) ?? fixedOffsetZone(tz) ?? (tz.startsWith('/') ? zoneOfFile(tz) : null);
}

/**
 * The zone to use: `flag` when given (an IANA name, else UnknownZoneError), else TZ as glibc reads
 * it (an empty TZ is UTC, as in glibc), else the runtime's default. A TZ that names no usable zone
 * gives the system zone, else UTC, and a warning.
 *
 * @example resolveZone(undefined, { TZ: ':America/New_York' }) // { zone: 'America/New_York', warning: null }
 */
export function resolveZone(
  flag: string | undefined,
  env: Record<string, string | undefined>,
  opts: ZoneOptions = {},
): ZoneChoice {
  if (flag !== undefined) {
    const zone = ianaZone(flag);
    if (zone === null)
      throw new UnknownZoneError(`unknown time zone '${flag}' (use an IANA name such as Europe/Berlin)`);
    return { zone, warning: null };
  }
  const tz = env.TZ;
  // Intl's first use loads ICU's zone data, so the default zone is asked for only when TZ is unset.
  if (tz === undefined) return { zone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC', warning: null };
  if (tz === '') return { zone: 'UTC', warning: null };
  const named = zoneFromTz(tz);
  if (named !== null) return { zone: named, warning: null };
  const system = systemZone(opts.localtime);
  const instead = system === null ? 'UTC' : `the system zone ${system}`;
  return { zone: system ?? 'UTC', warning: `TZ '${tz}' is not a time zone aios can use; using ${instead}` };
}

/**
 * resolveZone's zone, with its warning logged once per process (`aios serve` recomputes every
 * minute). Throws UnknownZoneError for a bad flag.
 */
export function resolveTimezone(flag: string | undefined, env: Record<string, string | undefined>): string {
  const choice = resolveZone(flag, env);
  if (choice.warning !== null) log.once('warn', choice.warning, choice.warning);
  return choice.zone;
}
