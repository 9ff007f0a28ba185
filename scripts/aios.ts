#!/usr/bin/env bun
// aios CLI entry: `aios <command> [flags]`. Each command lives in scripts/commands/<name>.ts.
import { runCommand, type CommandSpec } from './lib/support/flags.ts';
import { log } from './lib/support/log.ts';
import { redactError } from './lib/support/redaction.ts';

const COMMANDS: Record<string, () => Promise<CommandSpec>> = {
  aggregate: async () => (await import('./commands/aggregate.ts')).command,
  mcp: async () => (await import('./commands/mcp.ts')).command,
  serve: async () => (await import('./commands/serve.ts')).command,
  usage: async () => (await import('./commands/usage.ts')).command,
  statusline: async () => (await import('./commands/statusline.ts')).command,
  history: async () => (await import('./commands/history.ts')).command,
};

const SUMMARIES: Record<string, string> = {
  aggregate: 'scan Claude Code logs (and Anthropic usage, when available) into one JSON document',
  mcp: 'serve the usage tools to an agent over MCP (stdio)',
  serve: 'serve the dashboard and /metrics on 127.0.0.1',
  usage: 'show the 5-hour and weekly windows in the terminal',
  statusline: "Claude Code's statusLine: record its rate limits, print one compact line",
  history: 'the usage history: past 5-hour and weekly windows, their peak, cost and limit hits',
};

function mainHelp(): string {
  const width = Math.max(...Object.keys(SUMMARIES).map((n) => n.length));
  return [
    'usage: aios <command> [flags]',
    '',
    'commands:',
    ...Object.entries(SUMMARIES).map(([n, s]) => `  ${n.padEnd(width)}  ${s}`),
    '',
    "run 'aios <command> --help' for a command's flags",
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(mainHelp());
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    console.error(`aios: unknown command '${name}'\n\n${mainHelp()}`);
    return 2;
  }
  return runCommand(await load(), rest);
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      log.error(redactError(error));
      process.exitCode = 1;
    },
  );
}
