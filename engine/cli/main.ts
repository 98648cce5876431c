// Entry of the `lizheng` command: one subcommand per file, each registered here by name.
import { Command, CommanderError } from 'commander';
import { LizhengError } from '../errors.ts';

type Register = (program: Command) => void;

const commands: Array<() => Promise<{ register: Register }>> = [
  () => import('./detect-command.ts'),
  () => import('./generate-command.ts'),
  () => import('./score-command.ts'),
  () => import('./replay-command.ts'),
  () => import('./engine-command.ts'),
  () => import('./train-command.ts'),
  () => import('./evaluate-text-command.ts'),
];

export async function main(argv: string[]): Promise<void> {
  const program = new Command('lizheng')
    .description('理政 Lizheng — real-time analytics for a city hotline: surges, alerts, reports')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const load of commands) (await load()).register(program);
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) process.exit(err.exitCode);
    if (err instanceof LizhengError) {
      process.stderr.write(`lizheng: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
