import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { incidentDayLines } from './support/background-feed.ts';
import { profile } from './support/run-detector.ts';

const dir = mkdtempSync(join(tmpdir(), 'lizheng-detect-'));
const good = incidentDayLines(profile, 'cli');
const bad = [
  '{"id": "x1", "text": "没有时间"}',
  'this is not json',
  '{"id": "x2", "receivedAt": "yesterday", "text": "t"}',
  '{"id": "x3", "receivedAt": "2026-01-05T10:00:00+08:00", "text": "t", "district": "火星区"}',
  '{"id": "x4", "receivedAt": "2026-01-05T10:00:00+08:00", "text": "t", "topic": "astrology"}',
];
const mixed = [...good.slice(0, 100), ...bad, ...good.slice(100)];
writeFileSync(join(dir, 'good.ndjson'), good.join('\n') + '\n');
writeFileSync(join(dir, 'mixed.ndjson'), mixed.join('\n') + '\n');
writeFileSync(join(dir, 'mixed.ndjson.gz'), gzipSync(mixed.join('\n') + '\n'));

const lizheng = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['bin/lizheng.js', ...args], { input, encoding: 'utf8' });

describe('lizheng detect', () => {
  it('skips bad lines with their line number and reason, and loses nothing valid', () => {
    const clean = lizheng(['detect', '--input', join(dir, 'good.ndjson')]);
    const run = lizheng(['detect', '--input', join(dir, 'mixed.ndjson')]);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('line 101: receivedAt: is required');
    expect(run.stderr).toContain('line 102: not valid JSON');
    expect(run.stderr).toContain('line 103: receivedAt: not an ISO 8601 time');
    expect(run.stderr).toMatch(/line 104: district: unknown district "火星区"/);
    expect(run.stderr).toMatch(/line 105: topic: unknown topic "astrology"/);
    expect(run.stderr).toMatch(
      new RegExp(
        `${good.length} reports read, ${good.length} counted, 0 duplicates, 0 late, 0 quarantined for their time, 5 ` +
          `bad lines`,
      ),
    );
    expect(run.stdout).toBe(clean.stdout);
    expect(run.stdout).toContain('"type":"alert.opened"');
  });

  it('reads .gz and stdin to the same alerts', () => {
    const plain = lizheng(['detect', '--input', join(dir, 'mixed.ndjson')]).stdout;
    expect(lizheng(['detect', '--input', join(dir, 'mixed.ndjson.gz')]).stdout).toBe(plain);
    expect(lizheng(['detect', '--input', '-'], mixed.join('\n')).stdout).toBe(plain);
  });

  it('prints alert events that follow the contract', () => {
    const lines = lizheng(['detect', '--input', join(dir, 'good.ndjson')])
      .stdout.trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const first = lines[0];
    expect(first.type).toBe('alert.opened');
    expect(first.alert).toMatchObject({ kind: 'surge', district: 'gaoxin', topic: 'property', status: 'open' });
    expect(first.alert.openedAt).toMatch(/^2026-01-05T10:\d\d:00\+08:00$/);
    for (const key of ['id', 'count', 'distinctCallers', 'expected', 'score', 'summary', 'reportIds'])
      expect(first.alert).toHaveProperty(key);
  });

  it('exits non-zero only when the input cannot be read, and names the problem', () => {
    const missing = lizheng(['detect', '--input', join(dir, 'nope.ndjson')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot open');
    const badFlag = lizheng(['detect', '--input', join(dir, 'good.ndjson'), '--lateness', 'soon']);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toContain('--lateness must be a number');
    const badDetector = lizheng(['detect', '--input', join(dir, 'good.ndjson'), '--detector', 'magic']);
    expect(badDetector.status).not.toBe(0);
    expect(badDetector.stderr).toContain('magic');
  });

  it('has --help', () => {
    expect(execFileSync(process.execPath, ['bin/lizheng.js', 'detect', '--help'], { encoding: 'utf8' })).toContain(
      '--detector',
    );
  });
});
