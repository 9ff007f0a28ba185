// The CLI contract shared by every command (node:util parseArgs): `--flag value`, `--flag=value`, `--help`
// everywhere, exit 2 with a clear message for anything unknown, and one rule for bounded whole numbers.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

export interface FlagSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in help, e.g. "FILE". */
  placeholder?: string;
  /**
   * A string flag whose value may be left out: given alone (last, or before another flag) it takes
   * this value, so `--watch` reads as `--watch 60` and `--watch 30` as itself.
   */
  implicit?: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

/** A string flag's value, `true` for a boolean; either when the spec is not a literal. */
type FlagValue<F extends FlagSpec> = F['type'] extends 'boolean'
  ? boolean
  : F['type'] extends 'string'
    ? string
    : string | boolean;

/** What `parseFlags` returns for `S`: the value of each flag given, and `help`. */
export type ParsedFlags<S extends FlagSpecs = FlagSpecs> = { -readonly [K in keyof S]?: FlagValue<S[K]> } & {
  help?: boolean;
};

export interface CommandSpec<S extends FlagSpecs = FlagSpecs> {
  name: string;
  summary: string;
  flags: S;
  /** Runs the command; resolves to the exit code. */
  run(flags: ParsedFlags<S>): Promise<number>;
}

/** Infers a command's flag types from its spec, so `run` sees `flags.port` as `string | undefined`. */
export function defineCommand<const S extends FlagSpecs>(spec: CommandSpec<S>): CommandSpec<S> {
  return spec;
}

export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * A flag's whole number from `min` to `max`, else null: digits only (no sign, point or exponent),
 * and no more of them than `max` has, so a long run of zeros is not a number either.
 *
 * @example wholeNumberIn('300', 60, 999_999_999) // 300
 * @example wholeNumberIn('1e3', 1, 3660) // null
 */
export function wholeNumberIn(value: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(value) || value.length > String(max).length) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

/** parseArgs' option table for `spec`, with `--help`/`-h` added to every command. */
function parseArgsOptions(spec: FlagSpecs): ParseArgsOptionsConfig {
  const options: ParseArgsOptionsConfig = { help: { type: 'boolean', short: 'h' } };
  for (const [name, flag] of Object.entries(spec)) options[name] = { type: flag.type };
  return options;
}

/**
 * Parse `argv` against `spec` with parseArgs (strict, no positionals). Throws UsageError on an
 * unknown flag, a stray argument, a missing or empty value, or a value given to a boolean. A flag
 * given twice keeps its last value, so a wrapper can append an override.
 *
 * @example parseFlags(['--port=80', '--demo'], { port: { type: 'string', ... }, demo: { type: 'boolean', ... } })
 *          // { port: '80', demo: true }
 */
export function parseFlags<S extends FlagSpecs>(argv: string[], spec: S): ParsedFlags<S> {
  argv = withImplicitValues(argv, spec);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: parseArgsOptions(spec),
      strict: true,
      allowPositionals: false,
      tokens: true,
    });
  } catch (error) {
    throw new UsageError(explainRejection(argv, spec) ?? (error instanceof Error ? error.message : String(error)));
  }
  for (const token of parsed.tokens) {
    // parseArgs takes a bare `--` as the end of flags; with no positionals allowed it is only noise.
    if (token.kind === 'option-terminator') throw new UsageError("unexpected argument '--'");
    if (token.kind === 'option' && token.value === '') throw new UsageError(`--${token.name} needs a value`);
  }
  return parsed.values as ParsedFlags<S>;
}

/** `argv` with each value-less flag that has an implicit value given it: `--watch` -> `--watch=60`. */
function withImplicitValues(argv: string[], spec: FlagSpecs): string[] {
  return argv.map((arg, i) => {
    const implicit = arg.startsWith('--') ? spec[arg.slice(2)]?.implicit : undefined;
    if (implicit === undefined) return arg;
    const next = argv[i + 1];
    return next === undefined || next.startsWith('-') ? `${arg}=${implicit}` : arg;
  });
}

/**
 * Our wording for the argument parseArgs refused, found in its tokens (a stable API, unlike its
 * messages). Mirrors strict mode's checks in order: the first offending token is the one reported.
 */
function explainRejection(argv: string[], spec: FlagSpecs): string | null {
  const options = parseArgsOptions(spec);
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional') return `unexpected argument '${token.value}'`;
    if (token.kind !== 'option') continue;
    const type = token.name === 'help' ? 'boolean' : spec[token.name]?.type;
    if (type === undefined) return `unknown flag ${token.rawName.startsWith('-') ? '' : '-'}${token.rawName}`;
    if (type === 'boolean' && token.value !== undefined) return `--${token.name} takes no value`;
    if (type === 'string' && token.value === undefined) return `--${token.name} needs a value`;
    // `--out --json` reads as a forgotten value, not as a file named "--json".
    if (type === 'string' && !token.inlineValue && token.value!.startsWith('-'))
      return `--${token.name} needs a value (write --${token.name}=VALUE for a value starting with '-')`;
  }
  return null;
}

/**
 * Parse `argv` for `spec` and run it. `--help` prints the help (exit 0); a usage error, from the
 * flags or thrown by `run` itself, prints its message and the help on stderr (exit 2). Any other
 * error is the caller's.
 *
 * @example process.exitCode = await runCommand(spec, process.argv.slice(2), 'bun bench/compare-ccusage.ts');
 */
export async function runCommand<const S extends FlagSpecs>(
  spec: CommandSpec<S>,
  argv: string[],
  invocation = `aios ${spec.name}`,
): Promise<number> {
  try {
    const flags = parseFlags(argv, spec.flags);
    if (flags.help) {
      console.log(formatHelp(spec, invocation));
      return 0;
    }
    return await spec.run(flags);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${invocation}: ${error.message}\n\n${formatHelp(spec, invocation)}`);
    return 2;
  }
}

/** The command's help: how to call it, its summary, and one line per flag. */
export function formatHelp(spec: CommandSpec, invocation = `aios ${spec.name}`): string {
  const lines = [`usage: ${invocation} [flags]`, '', spec.summary, '', 'flags:'];
  const value = (f: FlagSpec) =>
    f.implicit === undefined ? (f.placeholder ?? 'VALUE') : `[${f.placeholder ?? 'VALUE'}]`;
  const rows = Object.entries(spec.flags).map(([name, f]) => [
    `--${name}${f.type === 'string' ? ` ${value(f)}` : ''}`,
    f.description,
  ]);
  rows.push(['--help', 'show this help']);
  const width = Math.max(...rows.map((r) => r[0]!.length));
  for (const [left, right] of rows) lines.push(`  ${left!.padEnd(width)}  ${right}`);
  return lines.join('\n');
}
