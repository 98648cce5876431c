// Entry of the `lizheng` command: one subcommand per file, each registered here by name. What holds for all
// of them lives here once: the exit-code policy, --version, unknown commands, and the config file.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { didYouMean } from '../closest-name.ts';
import { LizhengError, UsageError } from '../errors.ts';
import {
  applyConfig,
  CONFIG_ENV,
  CONFIG_FILE,
  CONFIG_HELP,
  configNote,
  configPath,
  readConfig,
  type ConfiguredFlag,
} from './config-file.ts';
import { EXIT, EXIT_CODES_HELP } from './exit-codes.ts';

type Register = (program: Command) => void;

const commands: Array<() => Promise<{ register: Register }>> = [
  () => import('./detect-command.ts'),
  () => import('./generate-command.ts'),
  () => import('./score-command.ts'),
  () => import('./replay-command.ts'),
  () => import('./engine-command.ts'),
  () => import('./start-command.ts'),
  () => import('./gateway-command.ts'),
  () => import('./report-command.ts'),
  () => import('./retention-command.ts'),
  () => import('./train-command.ts'),
  () => import('./evaluate-text-command.ts'),
  () => import('./enrich-command.ts'),
  () => import('./options-command.ts'),
  () => import('./profile-command.ts'),
];

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export async function main(argv: string[]): Promise<void> {
  // Loading the commands takes seconds (text models, schemas); a supervisor asking the version need not wait.
  if (argv.length === 3 && (argv[2] === '--version' || argv[2] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const program = await buildProgram();
  // Runs after commander has parsed flags and environment variables, before the command's action:
  // the file fills in only what neither set, so every command, present and future, gets the same precedence.
  let configured: { path: string; flags: ConfiguredFlag[] } | null = null;
  program.hook('preAction', (root, command) => {
    const path = configPath(root.opts<{ config?: string }>().config);
    if (path !== null) configured = { path, flags: applyConfig(readConfig(path, root), command) };
  });

  const unknown = unknownCommand(program, argv.slice(2));
  if (unknown !== null) {
    process.stderr.write(
      `lizheng: unknown command "${unknown}"${didYouMean(unknown, commandNames(program))}\n${commandList(program)}` +
        `(run lizheng --help for usage)\n`,
    );
    process.exit(EXIT.usage);
  }
  // An error thrown outside the command's promise (a timer, a stream event) gets the same policy: without
  // this Node would exit 1, which here means a partial failure.
  process.once('uncaughtException', (err) => process.exit(exitCodeOf(err, configured)));
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.exit(exitCodeOf(err, configured));
  }
}

/** Every command with its options, not yet parsing anything: also what a config file is checked against. */
export async function buildProgram(): Promise<Command> {
  // Settings made before the subcommands are added are inherited by them (exit override, help layout).
  const program = new Command('lizheng')
    .description('理政 Lizheng — real-time analytics for a city hotline: surges, alerts, reports')
    .version(VERSION, '-V, --version', 'print the version')
    .addOption(
      new Option('--config <file>', `read options from this JSON file (default: ./${CONFIG_FILE} when present)`).env(
        CONFIG_ENV,
      ),
    )
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n\n${CONFIG_HELP}\n`);
  for (const load of commands) (await load()).register(program);
  return program;
}

/** The exit code for an error that ended a command (see exit-codes.ts), after saying what went wrong. */
function exitCodeOf(err: unknown, configured: { path: string; flags: ConfiguredFlag[] } | null): number {
  // Commander has already printed its message; 0 is --help or --version.
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  if (err instanceof LizhengError) {
    const note =
      err instanceof UsageError && configured ? configNote(err.message, configured.path, configured.flags) : '';
    process.stderr.write(`lizheng: ${err.message}${note}\n`);
    return EXIT.usage;
  }
  process.stderr.write(`lizheng: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
  return EXIT.internal;
}

const commandNames = (program: Command): string[] => program.commands.flatMap((c) => [c.name(), ...c.aliases()]);

function commandList(program: Command): string {
  const width = Math.max(...program.commands.map((c) => c.name().length));
  return `commands:\n${program.commands.map((c) => `  ${c.name().padEnd(width)}  ${c.description()}\n`).join('')}`;
}

/**
 * The command named in `args` when there is no such command, else null. Commander would answer
 * `lizheng start --help` with the main help and exit 0, as if `start` existed; a script must see the mistake.
 */
function unknownCommand(program: Command, args: readonly string[]): string | null {
  const operands: string[] = [];
  for (let i = 0; i < args.length && operands.length < 2; i++) {
    if (args[i] === '--') break;
    if (args[i] === '--config') i++;
    else if (!args[i].startsWith('-')) operands.push(args[i]);
  }
  const [first, second] = operands;
  const known = new Set(commandNames(program));
  if (first === undefined) return null;
  if (first === 'help') return second === undefined || known.has(second) ? null : second;
  return known.has(first) ? null : first;
}
