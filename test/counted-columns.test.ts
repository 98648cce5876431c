import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import type { CountedReport } from '../engine/intake/report.ts';
import { fromColumns, toColumns } from '../engine/checkpoint/counted-columns.ts';

describe('counted columns: an open minute as a checkpoint writes it', () => {
  it('gives back the same counted reports in the same order through JSON, unsettled cells and odd ids included', () => {
    const rng = seedrandom('columns');
    const base = 29_459_191 * 60_000;
    const districts = ['gaoxin', 'wuhou', null];
    const topics = ['property', 'noise', null];
    const reports: CountedReport[] = Array.from({ length: 2_000 }, (_, i) => ({
      id: i % 97 === 0 ? `odd,"id"\n${i}` : `r-${i}`,
      t: base + Math.floor(rng() * 60_000),
      district: districts[Math.floor(rng() * 3)],
      topic: topics[Math.floor(rng() * 3)],
      caller: `c-${Math.floor(rng() * 300)}`,
    }));
    const columns = JSON.parse(JSON.stringify(toColumns(reports, base)));
    expect(columns.cells.length).toBe(9);
    expect(fromColumns(columns)).toEqual(reports);
  });

  it('keeps only the counted fields of whole reports, and an empty minute stays empty', () => {
    const whole = {
      id: 'a',
      t: 60_123,
      district: 'gaoxin',
      topic: 'property',
      caller: 'c',
      text: '电梯坏了',
      raw: {},
    } as CountedReport;
    expect(fromColumns(toColumns([whole], 60_000))).toEqual([
      { id: 'a', t: 60_123, district: 'gaoxin', topic: 'property', caller: 'c' },
    ]);
    expect(fromColumns(toColumns([], 0))).toEqual([]);
  });
});
