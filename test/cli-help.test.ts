import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const lizheng = (args: string[]) => spawnSync(process.execPath, ['bin/lizheng.js', ...args], { encoding: 'utf8' });

/** The subcommands `lizheng --help` lists, so one added later is tested without touching this file. */
function listedCommands(): string[] {
  const help = lizheng(['--help']).stdout;
  const section = help.slice(help.indexOf('Commands:'), help.indexOf('Exit codes'));
  return [...section.matchAll(/^ {2}([a-z][a-z-]*)\b/gm)].map((m) => m[1]).filter((c) => c !== 'help');
}

describe('--help on every subcommand', () => {
  // Each run loads every command (about 2 s of CPU): one spelling of help per command keeps this under a minute.
  it('prints usage with an example and exits 0 for every command, as `lizheng X --help`, `-h` or `lizheng help ' +
    'X`', () => {
    const commands = listedCommands();
    expect(commands).toEqual(
      expect.arrayContaining(['detect', 'generate', 'score', 'replay', 'engine', 'train', 'evaluate-text', 'options']),
    );
    const spellings = (command: string, i: number) =>
      [
        [command, '--help'],
        [command, '-h'],
        ['help', command],
      ][i % 3];
    commands.forEach((command, i) => {
      const args = spellings(command, i);
      const run = lizheng(args);
      expect({ args, status: run.status, stderr: run.stderr }).toEqual({ args, status: 0, stderr: '' });
      expect(run.stdout).toContain(`Usage: lizheng ${command}`);
      expect(run.stdout).toContain('Example');
      // The config file works for every command, so every command's help shows where to give it.
      expect(run.stdout).toContain('--config <file>');
    });
  }, 180_000);
});
