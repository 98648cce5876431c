import { describe, expect, it } from 'vitest';
import { decodeCounter, encodeCounter } from '../engine/checkpoint/counter-checkpoint.ts';
import { BlockReader } from '../engine/checkpoint/block-reader.ts';
import seedrandom from 'seedrandom';
import type { CountedReport } from '../engine/intake/report.ts';
import { CellCounter, GROUP_AT } from '../engine/windows/cell-counter.ts';
import { MinuteCells, byTimeThenId, summarizeMinute } from '../engine/windows/minute-cells.ts';
import type { MinuteSeries } from '../engine/windows/minute-series.ts';

const MINUTE = 29_460_000; // 2026-01-05 08:00 UTC, as an epoch minute
const DISTRICTS = ['gaoxin', 'wuhou', 'jinjiang', null];
const TOPICS = ['property', 'noise', 'traffic', null];

/** A busy minute in arrival order: shared callers, equal times with different ids, and some cells shuffled. */
function busyMinute(n: number, seed: string): CountedReport[] {
  const rng = seedrandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
  const reports: CountedReport[] = [];
  for (let i = 0; i < n; i++) {
    const t = MINUTE * 60_000 + Math.floor((i / n) * 60_000);
    reports.push({
      id: `r-${Math.floor(rng() * 1e6).toString(36)}-${i}`,
      t,
      district: pick(DISTRICTS),
      topic: pick(TOPICS),
      caller: `c-${Math.floor((rng() * n) / 3)}`,
    });
  }
  // Out of order inside some cells (a late phone line), in order in the others.
  for (let k = 0; k < n / 50; k++) {
    const a = Math.floor(rng() * n);
    const b = Math.floor(rng() * n);
    if (reports[a].district === 'wuhou' && reports[b].district === 'wuhou')
      [reports[a], reports[b]] = [reports[b], reports[a]];
  }
  return reports;
}

const sortedSummary = (reports: readonly CountedReport[]): MinuteSeries =>
  summarizeMinute(MINUTE, [...reports].sort(byTimeThenId));

describe('a busy minute grouped by cell as it arrives', () => {
  it(
    'closes into exactly the cells of summarizeMinute on ' + 'the sorted reports, in-order and shuffled cells alike',
    () => {
      for (const seed of ['a', 'b', 'c']) {
        const reports = busyMinute(6_000, seed);
        const cells = new MinuteCells(reports.slice(0, 1_000));
        for (const r of reports.slice(1_000)) cells.add(r);
        const closed = cells.close(MINUTE, reports);
        expect(closed).toEqual(sortedSummary(reports));
        // The shuffles left some cells out of order, so both ways of closing a cell were taken.
        expect(closed.cells.some((c) => c.district === 'wuhou')).toBe(true);
      }
    },
  );

  it('counts a caller once per cell, first call first, even when they call every cell', () => {
    const t = MINUTE * 60_000;
    const reports: CountedReport[] = [];
    for (let i = 0; i < 30; i++)
      reports.push({
        id: `x-${String(i).padStart(2, '0')}`,
        t: t + i,
        district: 'gaoxin',
        topic: TOPICS[i % 3],
        caller: i < 20 ? 'same' : `c-${i % 4}`,
      });
    const closed = new MinuteCells(reports).close(MINUTE, reports);
    expect(closed.cells.map((c) => [c.topic, c.callers])).toEqual([
      ['noise', ['same', 'c-2', 'c-1', 'c-0']],
      ['property', ['same', 'c-1', 'c-0', 'c-3']],
      ['traffic', ['same', 'c-0', 'c-3', 'c-2', 'c-1']],
    ]);
    expect(closed).toEqual(sortedSummary(reports));
  });

  it('gives CellCounter the same series past GROUP_AT reports a minute as below it, whole reports kept or not', () => {
    const reports = busyMinute(GROUP_AT * 2, 'counter');
    for (const keepReports of [false, true]) {
      const seen: MinuteSeries[] = [];
      const handed: string[][] = [];
      const counter = new CellCounter({
        keepReports,
        onMinute: (s, rs) => {
          seen.push(s);
          handed.push(rs.map((r) => r.id));
        },
      });
      for (const r of reports) counter.ingest({ ...r, ...(keepReports ? { raw: {} } : {}) } as CountedReport);
      counter.flush();
      const busy = seen.find((s) => s.minute === MINUTE)!;
      expect(busy).toEqual(sortedSummary(reports));
      expect(handed[seen.indexOf(busy)]).toEqual(keepReports ? [...reports].sort(byTimeThenId).map((r) => r.id) : []);
    }
  });

  it('restored from a checkpoint taken mid-way through a busy minute, closes it into the same cells', () => {
    const reports = busyMinute(GROUP_AT * 2, 'restore');
    const seen: MinuteSeries[] = [];
    const options = { keepReports: false, onMinute: (s: MinuteSeries) => seen.push(s) };
    const before = new CellCounter(options);
    for (const r of reports.slice(0, GROUP_AT + 500)) before.ingest(r);
    const stored = JSON.parse(JSON.stringify(encodeCounter(before.state())));
    const after = CellCounter.fromState(decodeCounter(stored, BlockReader.none('test')), options);
    for (const r of reports.slice(GROUP_AT + 500)) after.ingest(r);
    after.flush();
    expect(seen.find((s) => s.minute === MINUTE)).toEqual(sortedSummary(reports));
  });
});
