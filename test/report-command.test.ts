// `lizheng report` at its edges: --help, bad flags and a bad events file named with exit 2, a day with no data said
// as such (not zeros); the events file's parser on its own.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError } from '../engine/errors.ts';
import { parseKnownEvents } from '../engine/report/known-events.ts';
import type { MorningReport } from '../schemas/morning-report.ts';
import { runLizheng, startLizheng } from './support/lizheng-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'lizheng-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CODES = new Set(['city', 'wuhou', 'housing']);

describe('lizheng report', () => {
  it('documents its flags and sources in --help', async () => {
    const help = (await runLizheng(['report', '--help'])).stdout;
    for (const flag of ['--date', '--format', '--out', '--input', '--top', '--events', '--store-dir'])
      expect(help).toContain(flag);
    expect(help).toContain('该日无数据');
  });

  it('exits 2 naming a bad date, a bad --top and a bad events line', async () => {
    const events = join(dir, 'events.ndjson');
    writeFileSync(events, '{"date":"2026-01-20","title":"公积金新政发布"}\n{"date":"2026-02-30","title":"x"}\n');
    for (const [args, named] of [
      [['--date', '2026-02-30'], '--date'],
      [['--date', '2026-01-20', '--top', '0'], '--top'],
      [['--date', '2026-01-20', '--events', events], `${events} line 2: date`],
      [['--date', '2026-01-20', '--set', 'fdr=0.1'], '--set'],
    ] as const) {
      const run = await startLizheng(['report', ...args, '--store-dir', join(dir, 'pg')], { DATABASE_URL: '' }).done;
      expect({ code: run.code, named: run.stderr.includes(named) }).toEqual({ code: 2, named: true });
    }
  });

  it('says a day without reports has no data instead of printing zeros', async () => {
    const out = join(dir, 'empty.json');
    const run = await runLizheng(
      ['report', '--date', '2026-01-20', '--format', 'json', '--out', out, '--store-dir', join(dir, 'pg')],
      { DATABASE_URL: '' },
    );
    expect(run.stderr).toContain('no report was received on 2026-01-20');
    const report = JSON.parse(readFileSync(out, 'utf8')) as MorningReport;
    expect({ hasData: report.hasData, previous: report.overview.previousDay, usual: report.hours.usual }).toEqual({
      hasData: false,
      previous: null,
      usual: null,
    });
  });
});

describe('the events file', () => {
  it('reads a JSON array or NDJSON, scope defaulting to the city', () => {
    const array =
      '[{"date":"2026-01-20","title":"公积金新政","scope":"housing"},{"date":"2026-01-21","title":" 大雨 "}]';
    expect(parseKnownEvents(array, CODES)).toEqual([
      { date: '2026-01-20', title: '公积金新政', scope: 'housing' },
      { date: '2026-01-21', title: '大雨', scope: 'city' },
    ]);
    expect(parseKnownEvents('\n{"date":"2026-01-22","title":"停水","scope":"wuhou"}\n', CODES)).toEqual([
      { date: '2026-01-22', title: '停水', scope: 'wuhou' },
    ]);
  });

  it('names the line and the field of a bad entry', () => {
    const bad = (text: string) => () => parseKnownEvents(text, CODES, 'ev');
    expect(bad('{"date":"2026-01-20","title":"a"}\nnot json')).toThrow(/ev line 2: not JSON/);
    expect(bad('{"date":"2026-1-20","title":"a"}')).toThrow(/ev line 1: date/);
    expect(bad('{"date":"2026-01-20","title":""}')).toThrow(/ev line 1: title/);
    expect(bad('[{"date":"2026-01-20","title":"a","scope":"mars"}]')).toThrow(/ev entry 1: scope/);
    expect(bad('[1]')).toThrow(UsageError);
  });
});
