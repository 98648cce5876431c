// `lizheng generate` end to end: files and summary line, and flags checked with errors that name them.
import { describe, expect, it, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lizheng = (...args: string[]) => run(process.execPath, ['bin/lizheng.js', ...args]);

describe('lizheng generate', () => {
  it('writes feed.ndjson and truth.json and summarises them on stderr', async () => {
    const out = join(dir, 'three-days');
    const { stdout, stderr } = await lizheng(
      'generate',
      '--days',
      '3',
      '--seed',
      'cli',
      '--out',
      out,
      '--start',
      '2026-03-02',
    );
    expect(stdout).toBe('');
    const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8'));
    const lines = readFileSync(join(out, 'feed.ndjson'), 'utf8').trimEnd().split('\n');
    expect(truth.reports).toBe(lines.length);
    expect(truth.start).toBe('2026-03-02T00:00:00+08:00');
    expect(JSON.parse(lines[0]).id).toMatch(/^CD-20260302-\d{6}$/);
    expect(stderr).toMatch(
      new RegExp(
        `generate: ${lines.length} reports over 3 days .* \\d+ surges \\(incident \\d+, small_incident \\d+, ` +
          `slow_burn \\d+, citywide \\d+\\), \\d+ decoys; wrote .*feed\\.ndjson and .*truth\\.json`,
      ),
    );
  });

  it('answers bad flags with exit 2 and the flag name, writing nothing', async () => {
    const out = join(dir, 'bad');
    await expect(lizheng('generate', '--days', '0', '--seed', '1', '--out', out)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--days must be a whole number ≥ 1/),
    });
    await expect(
      lizheng('generate', '--days', '2', '--seed', '1', '--out', out, '--start', '2026-02-30'),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/--start must be a date/) });
    expect(existsSync(out)).toBe(false);
  });
});
