// The zone days are counted in: --timezone strictly, TZ in every form glibc reads (`:Area/City`,
// `:/path`, POSIX strings), and the system zone (then UTC) with a warning when TZ cannot be used.
import { afterAll, describe, expect, test } from 'bun:test';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveZone, systemZone, UnknownZoneError } from './timezone.ts';

const root = mkdtempSync(join(tmpdir(), 'aios-zone-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A zoneinfo tree with one zone file and a localtime link to it, like /usr/share/zoneinfo and /etc/localtime. */
const zoneinfo = join(root, 'usr', 'share', 'zoneinfo');
mkdirSync(join(zoneinfo, 'America'), { recursive: true });
mkdirSync(join(zoneinfo, 'posix', 'Asia'), { recursive: true });
writeFileSync(join(zoneinfo, 'America', 'New_York'), 'TZif');
writeFileSync(join(zoneinfo, 'posix', 'Asia', 'Tokyo'), 'TZif');
const localtime = join(root, 'localtime');
symlinkSync(join(zoneinfo, 'America', 'New_York'), localtime);
const copiedLocaltime = join(root, 'localtime-copy');
writeFileSync(copiedLocaltime, 'TZif');

const withTz = (TZ: string | undefined, at = localtime) => resolveZone(undefined, { TZ }, { localtime: at });

describe('TZ in the forms glibc reads', () => {
  test('an IANA name, `:Area/City`, and `:/path` to a zone file or a link to one', () => {
    expect(withTz('Asia/Tokyo')).toEqual({ zone: 'Asia/Tokyo', warning: null });
    expect(withTz(':America/New_York')).toEqual({ zone: 'America/New_York', warning: null });
    expect(withTz(`:${join(zoneinfo, 'America', 'New_York')}`)).toEqual({ zone: 'America/New_York', warning: null });
    expect(withTz(`:${join(zoneinfo, 'posix', 'Asia', 'Tokyo')}`)).toEqual({ zone: 'Asia/Tokyo', warning: null });
    expect(withTz(`:${localtime}`)).toEqual({ zone: 'America/New_York', warning: null });
  });

  test('a POSIX string with a fixed offset and no daylight saving is that offset', () => {
    expect(withTz('UTC0')).toEqual({ zone: 'UTC', warning: null });
    expect(withTz('UTC+0')).toEqual({ zone: 'UTC', warning: null });
    expect(withTz('JST-9')).toEqual({ zone: 'Etc/GMT-9', warning: null });
    expect(withTz('MSK-3')).toEqual({ zone: 'Etc/GMT-3', warning: null });
    expect(withTz('<-03>3')).toEqual({ zone: 'Etc/GMT+3', warning: null });
  });

  test('an empty or unset TZ is not a request', () => {
    expect(withTz('').warning).toBeNull();
    expect(withTz(undefined).warning).toBeNull();
  });
});

describe('a TZ aios cannot use is not an error', () => {
  test('a POSIX rule with daylight saving, an unknown name, a half-hour offset: the system zone, with a warning', () => {
    for (const tz of ['EST5EDT,M3.2.0,M11.1.0', 'Mars/Olympus', 'IST-5:30', ':Nowhere/City', ':/no/such/file']) {
      const r = withTz(tz);
      expect(r.zone).toBe('America/New_York');
      expect(r.warning).toBe(`TZ '${tz}' is not a time zone aios can use; using the system zone America/New_York`);
    }
  });

  test('UTC, with a warning, when the system zone cannot be named either', () => {
    for (const at of [copiedLocaltime, join(root, 'missing')]) {
      expect(withTz('EST5EDT,M3.2.0,M11.1.0', at)).toEqual({
        zone: 'UTC',
        warning: "TZ 'EST5EDT,M3.2.0,M11.1.0' is not a time zone aios can use; using UTC",
      });
    }
    expect(withTz(`:${copiedLocaltime}`, copiedLocaltime).zone).toBe('UTC');
  });

  test('systemZone reads the zone from where the localtime link points, under any zoneinfo dir', () => {
    expect(systemZone(localtime)).toBe('America/New_York');
    expect(systemZone(copiedLocaltime)).toBeNull();
  });
});

describe('--timezone', () => {
  test('an IANA name wins over TZ; an unknown one is an error, never a fallback', () => {
    expect(resolveZone('Asia/Tokyo', { TZ: 'EST5EDT,M3.2.0,M11.1.0' })).toEqual({ zone: 'Asia/Tokyo', warning: null });
    expect(() => resolveZone('Mars/Olympus', {})).toThrow(UnknownZoneError);
    expect(() => resolveZone('Mars/Olympus', {})).toThrow(
      "unknown time zone 'Mars/Olympus' (use an IANA name such as Europe/Berlin)",
    );
    expect(() => resolveZone('EST5EDT,M3.2.0,M11.1.0', {})).toThrow(UnknownZoneError);
  });
});
