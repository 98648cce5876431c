// Bad input never stops or blinds a run: detect and replay on truncated gzip, binary garbage, 2 MB lines, terminal
// escapes, offset-less times and gzip on stdin — what was read is processed, the exit code says what happened.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { incidentDayLines } from './support/background-feed.ts';
import { profile } from './support/run-detector.ts';
import { startLizheng } from './support/lizheng-process.ts';
import { PrivateNatsServer } from './support/nats-server.ts';

const dir = mkdtempSync(join(tmpdir(), 'lizheng-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const feed = incidentDayLines(profile, 'hostile');
const text = feed.join('\n') + '\n';
const path = (name: string, body: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, body);
  return p;
};

const detect = (args: string[], input?: Buffer) =>
  spawnSync(process.execPath, ['bin/lizheng.js', 'detect', '--enrich', 'none', '--no-progress', ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });

describe('detect on hostile input', () => {
  it(
    'on a truncated .gz prints every alert of what was ' + 'read, names the file and the last line read, and exits 1',
    () => {
      const zipped = gzipSync(text);
      const cut = path('cut.ndjson.gz', zipped.subarray(0, Math.floor(zipped.length * 0.8)));
      const run = detect(['--input', cut]);
      expect(run.status).toBe(1);
      const last = Number(/reading stopped after line (\d+)/.exec(run.stderr)?.[1]);
      expect(last).toBeGreaterThan(feed.length / 2);
      expect(run.stderr).toContain(`lizheng: ${cut}: reading stopped after line ${last} (unexpected end of file)`);
      // The same alerts as detect on exactly the lines that were read.
      const head = detect(['--input', path('head.ndjson', feed.slice(0, last).join('\n') + '\n')]);
      expect(head.status).toBe(0);
      expect(run.stdout).toBe(head.stdout);
      expect(run.stdout).toContain('"type":"alert.opened"');
      expect(run.stderr).toMatch(new RegExp(`detect: ${last} reports read, ${last} counted`));
    },
  );

  it('on binary garbage names each bad line, reads no report, says so and exits 1', () => {
    const garbage = randomBytes(64 << 10);
    garbage[0] = 0x20; // not gzip's magic: this is about garbage read as text
    const lines = garbage
      .toString('latin1')
      .split('\n')
      .filter((l) => l.trim() !== '').length;
    const run = detect(['--input', path('garbage.bin', garbage)]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `detect: 0 reports read, 0 counted, 0 duplicates, 0 late, 0 quarantined for their time, ${lines} bad lines`,
    );
    expect(run.stderr).toContain(
      `lizheng: no valid report was read from ${join(dir, 'garbage.bin')} (${lines} bad lines)`,
    );
    expect(run.stderr.split('\n').filter((l) => /^line \d+: /.test(l))).toHaveLength(lines);
    // Nothing from the input reaches the terminal raw: no escape, no other control character.
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('skips a 2 MB report and a report full of terminal escapes, escaped and cut, and finds the same alerts', () => {
    const hostile = [
      JSON.stringify({ id: 'big', receivedAt: '2026-01-05T10:00:00+08:00', text: '电梯'.repeat(350_000) }),
      JSON.stringify({
        id: 'esc',
        receivedAt: '2026-01-05T10:00:00+08:00',
        text: 't',
        district: `\u001b]0;owned\u0007\u001b[2J${'x'.repeat(500)}`,
      }),
      JSON.stringify({ id: 'feb30', receivedAt: '2026-02-30T09:49:40+08:00', text: 't' }),
      JSON.stringify({ id: 'local', receivedAt: '2026-01-05T10:01:00', text: 't' }),
      JSON.stringify({ id: 'num', receivedAt: '2026-01-05T10:01:00+08:00', text: 't', district: 12 }),
    ];
    const run = detect([
      '--input',
      path('hostile.ndjson', [...feed.slice(0, 50), ...hostile, ...feed.slice(50)].join('\n') + '\n'),
    ]);
    const clean = detect(['--input', path('clean.ndjson', text)]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(clean.stdout);
    expect(run.stderr).toContain('line 51: 2.1 MB, over the 1 MiB limit for one report');
    expect(run.stderr).toMatch(
      /line 52: district: unknown district "\\u001b]0;owned\\u0007\\u001b\[2Jx+…" \(not a code/,
    );
    expect(run.stderr).toContain('line 53: receivedAt: not a valid date: "2026-02-30T09:49:40+08:00"');
    expect(run.stderr).toContain('line 54: receivedAt: no UTC offset in "2026-01-05T10:01:00" (add +08:00 or Z');
    expect(run.stderr).toContain('line 55: district: expected a string or null, got number');
    expect(run.stderr).not.toContain('\u001b');
    expect(run.stderr).toContain(
      `detect: ${feed.length} reports read, ${feed.length} counted, 0 duplicates, 0 late, 0 quarantined for their ` +
        `time, 5 bad lines`,
    );
  });

  it('reads gzip on stdin, and offset-less times with --local-times', () => {
    const clean = detect(['--input', path('clean.ndjson', text)]);
    const piped = detect(['--input', '-'], gzipSync(text));
    expect(piped.status).toBe(0);
    expect(piped.stdout).toBe(clean.stdout);
    const local = text.replaceAll('+08:00"', '"');
    const rejected = detect(['--input', path('local.ndjson', local)]);
    expect(rejected.status).toBe(1);
    expect(rejected.stderr).toContain('no valid report was read');
    const read = detect(['--input', join(dir, 'local.ndjson'), '--local-times']);
    expect(read.status).toBe(0);
    expect(read.stdout).toBe(clean.stdout);
  });

  it('states the exit codes in --help', () => {
    const help = spawnSync(process.execPath, ['bin/lizheng.js', 'detect', '--help'], { encoding: 'utf8' }).stdout;
    expect(help).toMatch(/Exit: 0 .*\n\s+1 partial/);
    expect(help).toContain('--local-times');
  });
});

describe('replay on hostile input', () => {
  let server: PrivateNatsServer;
  beforeAll(async () => {
    server = await PrivateNatsServer.start();
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it(
    'publishes every report of a truncated .gz and the end markers, names the break, exits 1; a 2 MB report is ' +
      'skipped, not resent forever',
    async () => {
      const lines = feed.slice(0, 3000);
      lines.splice(
        10,
        0,
        JSON.stringify({ id: 'big', receivedAt: '2026-01-05T10:00:00+08:00', text: 'x'.repeat(2_000_000) }),
      );
      const zipped = gzipSync(lines.join('\n') + '\n');
      const cut = path('replay-cut.ndjson.gz', zipped.subarray(0, Math.floor(zipped.length * 0.6)));
      const run = await startLizheng([
        'replay',
        '--input',
        cut,
        '--nats',
        server.url,
        '--enrich',
        'none',
        '--no-progress',
      ]).done;
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('line 11: 2.0 MB, over the 1 MiB limit for one report');
      const last = Number(/reading stopped after line (\d+)/.exec(run.stderr)?.[1]);
      expect(last).toBeGreaterThan(100);
      expect(run.stdout).toMatch(
        new RegExp(
          `^replay: ${last - 1} published, 0 duplicates, 1 rejected \\(0 for their time\\) \\(${last - 1} reports ` +
            `read, 1 bad lines, \\d+ clock/end markers`,
        ),
      );
    },
  );
});
