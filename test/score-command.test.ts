// `lizheng score` end to end: truth and alert files in, table or JSON out, bad lines named and skipped.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Truth } from '../engine/generate/truth.ts';

const run = promisify(execFile);
let dir: string;

const truth: Truth = {
  version: 1,
  profile: 'chengdu',
  seed: 'cli',
  days: 3,
  start: '2026-01-01T00:00:00+08:00',
  end: '2026-01-04T00:00:00+08:00',
  injectFrom: '2026-01-02T00:00:00+08:00',
  reports: 0,
  surges: [
    {
      id: 'S01-incident',
      kind: 'incident',
      district: 'gaoxin',
      topic: 'property',
      start: '2026-01-02T10:00:00+08:00',
      end: '2026-01-02T11:00:00+08:00',
      people: 20,
      place: '高新区 阳光花园',
      reportIds: [],
    },
    {
      id: 'S02-slow_burn',
      kind: 'slow_burn',
      district: 'wuhou',
      topic: 'noise',
      start: '2026-01-03T08:00:00+08:00',
      end: '2026-01-03T20:00:00+08:00',
      people: 30,
      place: null,
      reportIds: [],
    },
  ],
  decoys: [],
};

const alert = (type: string, id: string, district: string, topic: string, openedAt: string) =>
  JSON.stringify({ type, alert: { id, kind: 'surge', district, topic, openedAt, count: 3, status: 'open' } });

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'score-'));
  writeFileSync(join(dir, 'truth.json'), JSON.stringify(truth));
  writeFileSync(
    join(dir, 'alerts.ndjson'),
    [
      alert('alert.opened', 'A1', 'gaoxin', 'property', '2026-01-02T10:07:00+08:00'),
      alert('alert.updated', 'A1', 'gaoxin', 'property', '2026-01-02T10:07:00+08:00'),
      '{"type": "alert.opened", "alert": ',
      JSON.stringify({
        type: 'alert.opened',
        alert: { id: 'A9', kind: 'volcano', district: 'gaoxin', topic: 'property', openedAt: 'x' },
      }),
      '',
      alert('alert.opened', 'A2', 'jinniu', 'traffic', '2026-01-03T15:00:00+08:00'),
      alert('alert.resolved', 'A1', 'gaoxin', 'property', '2026-01-02T10:07:00+08:00'),
    ].join('\n'),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lizheng = (...args: string[]) => run(process.execPath, ['bin/lizheng.js', ...args]);

describe('lizheng score', () => {
  it('prints the score as JSON, counting only alert.opened and naming bad lines on stderr', async () => {
    const { stdout, stderr } = await lizheng(
      'score',
      '--truth',
      join(dir, 'truth.json'),
      '--alerts',
      join(dir, 'alerts.ndjson'),
      '--warmup-days',
      '1',
      '--json',
    );
    const score = JSON.parse(stdout);
    expect(score.overall).toEqual({ detected: 1, total: 2, recall: 0.5 });
    expect(score.byKind.incident.median).toBe(7);
    expect(score.falseAlarms).toBe(1);
    expect(score.falseAlarmsPerDay).toBe(0.5);
    expect(score.input).toEqual({ alertEvents: 4, badLines: 2 });
    expect(stderr).toMatch(/line 3: not valid JSON/);
    expect(stderr).toMatch(/line 4: alert\/kind/);
  });

  it('prints a table with Chinese labels and codes, listing misses and false alarms', async () => {
    const { stdout } = await lizheng(
      'score',
      '-t',
      join(dir, 'truth.json'),
      '-a',
      join(dir, 'alerts.ndjson'),
      '-w',
      '1',
    );
    expect(stdout).toMatch(/incident\s+1\/1\s+1\.00\s+7 min/);
    expect(stdout).toMatch(/slow_burn\s+0\/1\s+0\.00/);
    expect(stdout).toContain('武侯区 (wuhou) × 噪音扰民 (noise)');
    expect(stdout).toContain('金牛区 (jinniu) × 交通出行 (traffic)');
    expect(stdout).toMatch(/false alarms:\s+1 \(0\.50 a day/);
  });

  it('refuses a warm-up that leaves nothing to score and a missing truth file, with exit 2', async () => {
    await expect(
      lizheng('score', '-t', join(dir, 'truth.json'), '-a', join(dir, 'alerts.ndjson')),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/--warmup-days 28 leaves nothing to score/),
    });
    await expect(
      lizheng('score', '-t', join(dir, 'nope.json'), '-a', join(dir, 'alerts.ndjson')),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/cannot read truth .*nope\.json/),
    });
  });
});
