// The CLI contract shared by every command: `--flag value`, `--flag=value`, boolean `--flag`,
// `--help` everywhere, and a clear message (exit 2) for anything unknown.

export interface FlagSpec {
  type: 'string' | 'boolean';
  description: string;
  /** Shown in help, e.g. "FILE". */
  placeholder?: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  flags: Record<string, FlagSpec>;
  /** Runs the command; resolves to the exit code. */
  run(flags: ParsedFlags): Promise<number>;
}

export type ParsedFlags = Record<string, string | boolean | undefined>;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** Parse `argv` against `spec`. Throws UsageError on an unknown flag or a missing value. */
export function parseFlags(argv: string[], spec: Record<string, FlagSpec>): ParsedFlags {
  const out: ParsedFlags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      out.help = true;
      continue;
    }
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument '${arg}'`);
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const flag = spec[name];
    if (!flag) throw new UsageError(`unknown flag --${name}`);
    if (flag.type === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      out[name] = true;
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

export function formatHelp(spec: CommandSpec): string {
  const lines = [`usage: aios ${spec.name} [flags]`, '', spec.summary, '', 'flags:'];
  const rows = Object.entries(spec.flags).map(([name, f]) => [
    `--${name}${f.type === 'string' ? ` ${f.placeholder ?? 'VALUE'}` : ''}`,
    f.description,
  ]);
  rows.push(['--help', 'show this help']);
  const width = Math.max(...rows.map((r) => r[0]!.length));
  for (const [left, right] of rows) lines.push(`  ${left!.padEnd(width)}  ${right}`);
  return lines.join('\n');
}
