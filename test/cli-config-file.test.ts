import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, readConfig } from '../engine/cli/config-file.ts';
import { buildProgram } from '../engine/cli/main.ts';
import { incidentDayLines } from './support/background-feed.ts';
import { profile } from './support/run-detector.ts';

const BIN = resolve('bin/lizheng.js');
const root = mkdtempSync(join(tmpdir(), 'lizheng-config-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A directory holding `lizheng.config.json` = `config` (none when undefined). */
function site(name: string, config?: unknown): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  if (config !== undefined) writeFileSync(join(dir, 'lizheng.config.json'), JSON.stringify(config));
  return dir;
}

/** `lizheng <args>` in `cwd`, with NATS_URL and LIZHENG_CONFIG only as given (the test runner's are dropped). */
function lizheng(cwd: string, args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => k !== 'NATS_URL' && k !== 'LIZHENG_CONFIG'),
  );
  return spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...base, ...env } });
}

const feedFile = join(root, 'feed.ndjson');
writeFileSync(feedFile, `${incidentDayLines(profile, 'config', '2026-01-05T16:00:00+08:00').join('\n')}\n`);

/** The URL a replay tried: nothing listens on these ports, so the error names the one it was given. */
const triedNats = (r: { stderr: string }) => /cannot connect to NATS at (\S+)/.exec(r.stderr)?.[1];

describe('lizheng.config.json', () => {
  it('sits below a flag and its environment variable, above the default; a command section beats a top-level ' +
    'key', () => {
    const dir = site('precedence', { nats: 'nats://127.0.0.1:9', replay: { nats: 'nats://127.0.0.1:1' } });
    const replay = ['replay', '--input', feedFile, '--no-progress'];
    const fromFile = lizheng(dir, replay);
    expect(fromFile.status).toBe(2);
    expect(triedNats(fromFile)).toBe('nats://127.0.0.1:1');
    expect(triedNats(lizheng(dir, replay, { NATS_URL: 'nats://127.0.0.1:2' }))).toBe('nats://127.0.0.1:2');
    expect(
      triedNats(lizheng(dir, [...replay, '--nats', 'nats://127.0.0.1:3'], { NATS_URL: 'nats://127.0.0.1:2' })),
    ).toBe('nats://127.0.0.1:3');
  }, 120_000);

  it('is found by --config FILE, then $LIZHENG_CONFIG, then ./lizheng.config.json; a named file that is missing is ' +
    'exit 2', () => {
    const dir = site('chosen', { replay: { nats: 'nats://127.0.0.1:1' } });
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ replay: { nats: 'nats://127.0.0.1:4' } }));
    writeFileSync(join(dir, 'env.json'), JSON.stringify({ replay: { nats: 'nats://127.0.0.1:5' } }));
    const replay = ['replay', '--input', feedFile, '--no-progress'];
    expect(triedNats(lizheng(dir, [...replay, '--config', 'other.json'], { LIZHENG_CONFIG: 'env.json' }))).toBe(
      'nats://127.0.0.1:4',
    );
    expect(triedNats(lizheng(dir, replay, { LIZHENG_CONFIG: 'env.json' }))).toBe('nats://127.0.0.1:5');
    const missing = lizheng(dir, ['--config', 'nope.json', ...replay]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`config file ${join(dir, 'nope.json')}: cannot read it`);
  }, 120_000);

  it("tunes detect: the file's --set assignments come first and the command line's win key by key; a flag beats a " +
    'bad file value', () => {
    const clean = lizheng(site('plain'), ['detect', '--input', feedFile, '--no-progress']);
    expect({ status: clean.status, stderr: clean.stderr }).toEqual({
      status: 0,
      stderr: expect.stringMatching(/^detect: /),
    });
    expect(clean.stdout).toContain('"type":"alert.opened"');

    const strict = site('strict', {
      detect: { set: { minCallers: 1000, 'slowRise.minRatio': 1000 }, progress: false },
    });
    const silenced = lizheng(strict, ['detect', '--input', feedFile]);
    expect(silenced.status).toBe(0);
    expect(silenced.stdout).toBe('');
    expect(lizheng(strict, ['detect', '--input', feedFile, '--set', 'slowRise.minRatio=1.8']).stdout).toContain(
      '"detector":"slow-rise"',
    );
    expect(
      lizheng(strict, ['detect', '--input', feedFile, '--set', 'slowRise.minRatio=1.8', '--set', 'minCallers=5'])
        .stdout,
    ).toBe(clean.stdout);

    const broken = site('broken', { detect: { lateness: 'soon', set: ['windows=[30,45]'] } });
    const both = lizheng(broken, ['detect', '--input', feedFile, '--lateness', '2', '--set', 'fdr=0.01']);
    expect(both.status).toBe(2);
    // --lateness is read before --set: the flag's 2 replaced the file's "soon", the file's windows were still applied.
    expect(both.stderr).not.toContain('--lateness');
    expect(both.stderr).toContain('--set windows: the longest window must be at least 60 minutes');
    expect(both.stderr).toContain(`(--set is set in ${join(broken, 'lizheng.config.json')} as detect.set)`);
    const lateness = lizheng(site('late', { detect: { lateness: 'soon' } }), ['detect', '--input', feedFile]);
    expect(lateness.status).toBe(2);
    expect(lateness.stderr).toMatch(
      new RegExp(
        String.raw`--lateness must be a number ≥ 0 \(got "soon"\) ` +
          String.raw`\(--lateness is set in \S+lizheng\.config\.json as detect\.lateness\)`,
      ),
    );
  }, 180_000);

  it('exits 2 naming a key no command takes, with the closest one', () => {
    const run = lizheng(site('typo', { detect: { latenes: 3 } }), ['detect', '--input', feedFile]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('detect.latenes is not an option of lizheng detect (did you mean lateness?)');
    expect(run.stdout).toBe('');
  }, 60_000);

  it("is checked against every command's own options, whatever the command run", async () => {
    const program = await buildProgram();
    const problem = (config: unknown): string => {
      const file = join(root, 'checked.json');
      writeFileSync(file, JSON.stringify(config));
      try {
        readConfig(file, program);
        return 'valid';
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        return err.message.slice(`config file ${file}: `.length);
      }
    };
    expect(
      problem({
        $schema: 'x',
        profile: 'chengdu',
        progress: false,
        detect: { lateness: 3, set: { fdr: 0.02 }, enrich: 'none' },
        engine: { nats: 'nats://h:4222', limit: ['intake.maxAge=7d'], 'pull-batch': 128, store: true },
      }),
    ).toBe('valid');
    expect(problem({ profil: 'x' })).toBe('profil is neither a command nor an option (did you mean profile?)');
    expect(problem({ detcet: {} })).toBe('detcet is neither a command nor an option (did you mean detect?)');
    expect(problem({ set: { fdr: 0.02 } })).toMatch(
      /^set means different things in detect, engine, report and evaluate-text: put it under the command/,
    );
    expect(problem({ detect: 3 })).toBe("detect: expected an object of detect's options (got 3)");
    expect(problem({ detect: { enrich: 'some' } })).toBe(
      'detect.enrich: expected one of "all", "missing", "none" (got "some")',
    );
    expect(problem({ engine: { replay: 'yes' } })).toBe('engine.replay: expected true or false (got "yes")');
    expect(problem({ lateness: [2] })).toBe('lateness: expected a string or a number (got [2])');
    // Options commander requires before any hook runs come from the command line only.
    expect(problem({ detect: { input: 'feed.ndjson' } })).toMatch(
      /^detect\.input is not an option of lizheng detect; its options: /,
    );
    expect(problem([1])).toBe('expected a JSON object of options');
  });
});
