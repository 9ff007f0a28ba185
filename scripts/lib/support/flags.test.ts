// The CLI flag parser: values, booleans, --help anywhere, and usage errors for anything unknown.
// (Every command shares it, so the flags read the same everywhere.)
import { describe, expect, test } from 'bun:test';
import { formatHelp, parseFlags, UsageError, type FlagSpec } from './flags.ts';

const spec: Record<string, FlagSpec> = {
  out: { type: 'string', placeholder: 'FILE', description: 'where' },
  json: { type: 'boolean', description: 'print' },
};

describe('parseFlags', () => {
  test('reads --flag value, --flag=value and booleans', () => {
    expect(parseFlags(['--out', 'a.json', '--json'], spec)).toEqual({ out: 'a.json', json: true });
    expect(parseFlags(['--out=b.json'], spec)).toEqual({ out: 'b.json' });
  });

  test('--help anywhere asks for help', () => {
    expect(parseFlags(['--json', '--help'], spec).help).toBe(true);
  });

  test('unknown flags, stray words and missing values are usage errors', () => {
    expect(() => parseFlags(['--nope'], spec)).toThrow(UsageError);
    expect(() => parseFlags(['stray'], spec)).toThrow(UsageError);
    expect(() => parseFlags(['--out'], spec)).toThrow('--out needs a value');
    expect(() => parseFlags(['--json=1'], spec)).toThrow('--json takes no value');
  });

  test('help lists every flag', () => {
    const help = formatHelp({ name: 'x', summary: 's', flags: spec, run: async () => 0 });
    expect(help).toContain('--out FILE');
    expect(help).toContain('--json');
    expect(help).toContain('--help');
  });
});
