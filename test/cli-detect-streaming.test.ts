import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { OutputLines } from '../engine/cli/output-lines.ts';
import { incidentDayLines } from './support/background-feed.ts';
import { profile } from './support/run-detector.ts';

const lines = incidentDayLines(profile, 'streaming').map((line) => `${line}\n`);
/** Up to 14:00: the surge at 10:00 has been decided, and the alert events so far are far fewer than 256 lines. */
const firstPart = lines.filter(
  (line) => Date.parse(JSON.parse(line).receivedAt) < Date.parse('2026-01-05T14:00:00+08:00'),
);

describe('lizheng detect streams its alerts', () => {
  it('prints an alert while stdin is still open, when half the feed has been written', async () => {
    const child = spawn(process.execPath, ['bin/lizheng.js', 'detect', '--input', '-', '--no-progress'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const done = new Promise<number | null>((resolve) => child.once('close', resolve));
    child.stdin.write(firstPart.join(''));
    const started = performance.now();
    while (!stdout.includes('"type":"alert.opened"') && performance.now() - started < 40_000 && child.exitCode === null)
      await sleep(100);
    const waited = Math.round(performance.now() - started);
    // stdin is still open: only a flush after each input batch can have sent this line.
    expect({ stdinOpen: !child.stdin.writableEnded, alert: stdout.includes('"type":"alert.opened"'), stderr }).toEqual({
      stdinOpen: true,
      alert: true,
      stderr: '',
    });
    const first = JSON.parse(stdout.split('\n')[0]) as { type: string; alert: { district: string; topic: string } };
    expect(first).toMatchObject({ type: 'alert.opened', alert: { district: 'gaoxin', topic: 'property' } });
    console.log(
      `first alert line after ${waited} ms with stdin open (${firstPart.length} of ${lines.length} lines written)`,
    );

    child.stdin.end(lines.slice(firstPart.length).join(''));
    expect(await done).toBe(0);
    expect(stdout.split('\n').filter(Boolean).length).toBeGreaterThan(1);
  }, 120_000);
});

describe('OutputLines', () => {
  it(
    'writes the queued lines in one write at flush, and a ' + 'flush waits while the reader is full (back-pressure)',
    async () => {
      const chunks: string[] = [];
      let release: (() => void) | null = null;
      // A real stream whose reader takes nothing more until released: 16 bytes fill it.
      const slow = new Writable({
        highWaterMark: 16,
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk.toString());
          release = () => callback();
        },
      });
      const out = new OutputLines(slow);
      await out.flush();
      expect(chunks).toEqual([]);
      out.write('{"type":"alert.opened"}');
      out.write('{"type":"alert.updated"}');
      expect(chunks).toEqual([]);
      let flushed = false;
      const flushing = out.flush().then(() => (flushed = true));
      await sleep(50);
      expect(chunks).toEqual(['{"type":"alert.opened"}\n{"type":"alert.updated"}\n']);
      expect(flushed).toBe(false);
      release!();
      await flushing;
      expect(flushed).toBe(true);
    },
  );
});
