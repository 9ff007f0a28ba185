// The CLI flag parser: values, booleans, --help anywhere, and usage errors for anything unknown;
// runCommand, which every CLI (aios, the bench, the generator) goes through; and bounded whole numbers.
import { afterEach, beforeEach, describe, expect, mock, spyOn, test } from 'bun:test';
import {
  defineCommand,
  formatHelp,
  parseFlags,
  runCommand,
  UsageError,
  wholeNumberIn,
  type FlagSpec,
} from './flags.ts';

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

  test('a flag with an implicit value takes it when given alone, its own value otherwise', () => {
    const watching: Record<string, FlagSpec> = {
      ...spec,
      watch: { type: 'string', placeholder: 'SECONDS', implicit: '60', description: 'w' },
    };
    expect(parseFlags(['--watch'], watching)).toEqual({ watch: '60' });
    expect(parseFlags(['--watch', '--json'], watching)).toEqual({ watch: '60', json: true });
    expect(parseFlags(['--watch', '30', '--json'], watching)).toEqual({ watch: '30', json: true });
    expect(parseFlags(['--watch=15'], watching)).toEqual({ watch: '15' });
    expect(() => parseFlags(['--watch='], watching)).toThrow('--watch needs a value');
    // Without an implicit value a flag alone still needs one.
    expect(() => parseFlags(['--out', '--watch'], watching)).toThrow('--out needs a value');
    expect(formatHelp({ name: 'x', summary: 's', flags: watching, run: async () => 0 })).toContain('--watch [SECONDS]');
  });

  test('help lists every flag', () => {
    const help = formatHelp({ name: 'x', summary: 's', flags: spec, run: async () => 0 });
    expect(help).toContain('--out FILE');
    expect(help).toContain('--json');
    expect(help).toContain('--help');
  });
});

describe('parseFlags on parseArgs', () => {
  const port = { port: { type: 'string', placeholder: 'N', description: 'port' } } as const;
  const reject = (argv: string[]) => {
    try {
      parseFlags(argv, spec);
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      return (error as Error).message;
    }
    throw new Error(`accepted ${JSON.stringify(argv)}`);
  };

  test('--port=80 and --port 80 read the same', () => {
    expect(parseFlags(['--port=80'], port)).toEqual({ port: '80' });
    expect(parseFlags(['--port', '80'], port)).toEqual({ port: '80' });
  });

  test('-h is --help, with or without other flags', () => {
    expect(parseFlags(['-h'], spec)).toEqual({ help: true });
    expect(parseFlags(['--out', 'a', '-h'], spec)).toEqual({ out: 'a', help: true });
  });

  test('a flag given twice keeps its last value', () => {
    expect(parseFlags(['--out', 'a', '--out=b'], spec)).toEqual({ out: 'b' });
    expect(parseFlags(['--json', '--json'], spec)).toEqual({ json: true });
  });

  test('each refusal names the argument at fault', () => {
    expect(reject(['--nope'])).toBe('unknown flag --nope');
    expect(reject(['--nope=1'])).toBe('unknown flag --nope');
    expect(reject(['-x'])).toBe('unknown flag -x');
    expect(reject(['--no-json'])).toBe('unknown flag --no-json');
    expect(reject(['--json', 'stray'])).toBe("unexpected argument 'stray'");
    expect(reject(['--json', 'stray', '--nope'])).toBe("unexpected argument 'stray'");
    expect(reject(['--json='])).toBe('--json takes no value');
    expect(reject(['--help=yes'])).toBe('--help takes no value');
  });

  test('an empty value is a missing value', () => {
    expect(reject(['--out='])).toBe('--out needs a value');
    expect(reject(['--out', ''])).toBe('--out needs a value');
  });

  test('a flag after a string flag is a forgotten value; --flag=-x passes a dash value on purpose', () => {
    expect(reject(['--out', '--json'])).toStartWith('--out needs a value');
    expect(reject(['--out', '-x'])).toContain('--out=VALUE');
    expect(parseFlags(['--out=-x'], spec)).toEqual({ out: '-x' });
  });

  test('a bare -- and anything after it are stray arguments', () => {
    expect(reject(['--'])).toBe("unexpected argument '--'");
    expect(reject(['--', 'a.json'])).toBe("unexpected argument 'a.json'");
  });
});

describe('wholeNumberIn', () => {
  test('a whole number within the bounds, the bounds included', () => {
    expect([wholeNumberIn('60', 60, 999), wholeNumberIn('999', 60, 999), wholeNumberIn('0', 0, 65535)]).toEqual([
      60, 999, 0,
    ]);
    // Leading zeros are digits like any other, within the length of `max`.
    expect(wholeNumberIn('0060', 1, 3660)).toBe(60);
  });

  test('anything else is null: out of bounds, a sign, a point, an exponent, spaces, more digits than max has', () => {
    for (const bad of ['59', '1000', '-60', '+60', '60.0', '6e1', ' 60', '60 ', '', 'sixty', '000060'])
      expect([bad, wholeNumberIn(bad, 60, 999)]).toEqual([bad, null]);
  });
});

describe('runCommand', () => {
  const spec = defineCommand({
    name: 'demo-cmd',
    summary: 'a command for the test',
    flags: { port: { type: 'string', placeholder: 'N', description: 'port' } },
    async run(flags) {
      if (flags.port === 'bad') throw new UsageError('--port is bad');
      return flags.port === undefined ? 0 : Number(flags.port);
    },
  });
  let out: string[];
  let err: string[];
  beforeEach(() => {
    out = [];
    err = [];
    spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
    spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
  });
  afterEach(() => mock.restore());

  test('runs the command with its parsed flags and returns its exit code', async () => {
    expect(await runCommand(spec, ['--port=7'])).toBe(7);
    expect([...out, ...err]).toEqual([]);
  });

  test('--help prints the help on stdout and exits 0 without running', async () => {
    expect(await runCommand(spec, ['--port', '7', '-h'], 'bun demo.ts')).toBe(0);
    expect(out).toEqual([formatHelp(spec, 'bun demo.ts')]);
    expect(out[0]).toStartWith('usage: bun demo.ts [flags]');
  });

  test('a usage error, from the flags or from the command, is the message and the help on stderr, exit 2', async () => {
    expect(await runCommand(spec, ['--nope'])).toBe(2);
    expect(await runCommand(spec, ['--port', 'bad'])).toBe(2);
    expect(err).toEqual([
      `aios demo-cmd: unknown flag --nope\n\n${formatHelp(spec)}`,
      `aios demo-cmd: --port is bad\n\n${formatHelp(spec)}`,
    ]);
    expect(out).toEqual([]);
  });
});
