import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const lizheng = (args: string[]) => spawnSync(process.execPath, ['bin/lizheng.js', ...args], { encoding: 'utf8' });
const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;

describe('exit codes: one policy for every command', () => {
  it('states the policy and the config file in lizheng --help, and exits 0', () => {
    const help = lizheng(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(
      new RegExp(
        String.raw`Exit codes \(every command\):\n\s+0 +success[^]*\n\s+1 +partial failure[^]*` +
          String.raw`\n\s+2 +bad usage[^]*\n\s+3 +internal error`,
      ),
    );
    expect(help.stdout).toContain('Configuration: ./lizheng.config.json');
  });

  it('prints the package version for --version and -V', () => {
    for (const flag of ['--version', '-V']) {
      const run = lizheng([flag]);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe(`${version}\n`);
    }
  });

  it('exits 2 on an unknown command, naming it and listing the commands, even with --help after it', () => {
    for (const args of [['stop', '--help'], ['frobnicate'], ['help', 'frobnicate'], ['--config', 'x.json', 'strat']]) {
      const run = lizheng(args);
      const named = args.find((a) => !a.startsWith('-') && a !== 'help' && a !== 'x.json')!;
      expect({ args, status: run.status }).toEqual({ args, status: 2 });
      expect(run.stderr).toContain(`unknown command "${named}"`);
      expect(run.stderr).toMatch(/commands:\n {2}detect .*\n(.*\n)* {2}engine /);
      expect(run.stdout).toBe('');
    }
    expect(lizheng(['detcet', '--input', '-']).stderr).toContain('unknown command "detcet" (did you mean detect?)');
  }, 120_000);

  it('exits 2 with the help on stderr when no command is given', () => {
    const run = lizheng([]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Usage: lizheng');
  });

  it('exits 2 on an unknown option, a missing required option and a bad value, naming what is wrong', () => {
    const unknownOption = lizheng(['detect', '--input', '-', '--frob']);
    expect(unknownOption.status).toBe(2);
    expect(unknownOption.stderr).toContain("unknown option '--frob'");
    const missing = lizheng(['detect']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("required option '-i, --input <file>' not specified");
    const speed = lizheng(['replay', '--input', 'package.json', '--speed', 'fast']);
    expect(speed.status).toBe(2);
    expect(speed.stderr).toContain('--speed must be a positive number or "max" (got "fast")');
  }, 120_000);
});
