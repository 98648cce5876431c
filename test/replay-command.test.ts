import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLOCK_TOPIC, END_TOPIC, HEADERS, STREAMS } from '../engine/stream/nats-names.ts';
import { readStream } from './support/jetstream-reader.ts';
import { runLizheng, startLizheng } from './support/lizheng-process.ts';
import { PrivateNatsServer } from './support/nats-server.ts';

let server: PrivateNatsServer;
let dir: string;
beforeAll(async () => {
  server = await PrivateNatsServer.start();
  dir = mkdtempSync(join(tmpdir(), 'lizheng-replay-cli-'));
});
afterAll(async () => {
  await server?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const line = (i: number, minute: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: `cli-${i}`,
    receivedAt: `2026-01-05T09:${String(minute).padStart(2, '0')}:00+08:00`,
    text: '噪音扰民',
    district: '武侯区',
    topic: 'noise',
    ...extra,
  });

describe('lizheng replay', () => {
  it(
    'publishes valid reports on intake.<district>.<topic> as classified at the edge, reports bad lines by number, ' +
      'and publishes a feed twice only once',
    async () => {
      const lines = [
        line(1, 0),
        line(2, 1),
        'not json at all',
        line(3, 2, { receivedAt: 'tomorrow' }),
        line(4, 3, { district: '火星区' }),
        line(5, 4, { district: undefined, topic: undefined, text: '春熙路附近工地半夜施工，噪音扰民' }),
        line(6, 30),
        line(7, 31, { district: undefined, topic: undefined, text: '半夜噪音扰民' }),
      ];
      const file = join(dir, 'mixed.ndjson');
      writeFileSync(file, lines.join('\n') + '\n');
      const first = await runLizheng(['replay', '--input', file, '--nats', server.url, '--no-progress']);
      expect(first.stdout).toMatch(
        /^replay: 5 published, 0 duplicates, 3 rejected \(0 for their time\) \(5 reports read, 3 bad lines, /,
      );
      expect(first.stderr).toContain('line 3: not valid JSON');
      expect(first.stderr).toContain('line 4: receivedAt: not an ISO 8601 time');
      expect(first.stderr).toMatch(/line 5: district: unknown district "火星区"/);

      const stored = await readStream(server.url, STREAMS.intake);
      const reports = stored.filter((m) => !m.subject.endsWith(CLOCK_TOPIC) && !m.subject.endsWith(END_TOPIC));
      // Text only: the district comes from the landmark 春熙路 (锦江区), the topic from the words; where the
      // text names no place the district stays unknown. The report is published settled, the one received inside.
      expect(reports.map((m) => m.subject)).toEqual([
        'intake.wuhou.noise',
        'intake.wuhou.noise',
        'intake.jinjiang.noise',
        'intake.wuhou.noise',
        'intake.unknown.noise',
      ]);
      expect(reports.map((m) => m.headers[HEADERS.msgId])).toEqual(['cli-1', 'cli-2', 'cli-5', 'cli-6', 'cli-7']);
      const settled = JSON.parse(reports[2].data);
      expect(settled.raw).toEqual(JSON.parse(lines[5]));
      expect(settled).toMatchObject({
        v: 1,
        id: 'cli-5',
        t: Date.parse(settled.receivedAt),
        district: 'jinjiang',
        topic: 'noise',
        enrichment: { district: { value: 'jinjiang', source: 'text' } },
      });
      expect(Number(reports[4].headers[HEADERS.sourceTime])).toBe(Date.parse('2026-01-05T09:31:00+08:00'));
      // A district silent for 10 event minutes gets a clock marker; every district gets an end marker.
      expect(stored.some((m) => m.subject === `intake.gaoxin.${CLOCK_TOPIC}`)).toBe(true);
      expect(stored.filter((m) => m.subject.endsWith(`.${END_TOPIC}`))).toHaveLength(24);

      const again = await runLizheng(['replay', '--input', file, '--nats', server.url, '--no-progress']);
      expect(again.stdout).toMatch(/^replay: 0 published, 5 duplicates, 3 rejected/);
      expect(await readStream(server.url, STREAMS.intake)).toHaveLength(stored.length);
    },
  );

  it('paces publishing by event time at --speed N', async () => {
    const file = join(dir, 'paced.ndjson');
    writeFileSync(file, [line(100, 0), line(101, 1), line(102, 2)].join('\n') + '\n');
    const started = performance.now();
    await runLizheng(['replay', '--input', file, '--speed', '60', '--nats', server.url, '--no-progress']);
    // Two event minutes at 60× take two seconds on the wall clock.
    expect(performance.now() - started).toBeGreaterThan(2_000);
  });

  it('exits 2 with the URL it tried when no NATS server answers, and 2 on a bad --speed', async () => {
    const file = join(dir, 'one.ndjson');
    writeFileSync(file, line(200, 0) + '\n');
    const down = await startLizheng(['replay', '--input', file, '--nats', 'nats://127.0.0.1:1']).done;
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/cannot connect to NATS at nats:\/\/127\.0\.0\.1:1/);
    const bad = await startLizheng(['replay', '--input', file, '--speed', 'fast', '--nats', server.url]).done;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--speed must be a positive number or "max" (got "fast")');
  });
});
