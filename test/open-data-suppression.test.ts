// Open-data suppression: hand-worked tables, properties over random GROUPING SETS cubes (no small count published, none
// recoverable from a single total, the rest as counted), and the open-data modules' JSDoc examples run as written.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toCsv } from '../engine/privacy/csv-table.ts';
import { type CubeLevel, type CubeRow, type PublishedRow, suppressCube } from '../engine/privacy/open-data-cube.ts';
import { type Relation, suppressSmallCells } from '../engine/privacy/small-cell-suppression.ts';

const DAY = '2026-03-02';

/** A report as the store holds it, reduced to what the table counts. */
interface Report {
  readonly day: string;
  readonly district: string;
  readonly topic: string;
  readonly channel: string;
  readonly caller: string;
}

/** What `SELECT … GROUP BY GROUPING SETS ((day, district, topic, channel), (day, district), (day, topic), (day, channel), (day))` returns. */
function groupingSets(reports: readonly Report[]): CubeRow[] {
  const groups = new Map<string, { row: Omit<CubeRow, 'reports' | 'people'>; reports: number; callers: Set<string> }>();
  const add = (report: Report, level: CubeLevel) => {
    const keep = (dimension: 'district' | 'topic' | 'channel') =>
      level === 'cell' || level === dimension ? report[dimension] : null;
    const row = { day: report.day, district: keep('district'), topic: keep('topic'), channel: keep('channel'), level };
    const key = JSON.stringify(row);
    const group = groups.get(key) ?? { row, reports: 0, callers: new Set<string>() };
    group.reports++;
    group.callers.add(report.caller);
    groups.set(key, group);
  };
  for (const report of reports) {
    for (const level of ['cell', 'district', 'topic', 'channel', 'day'] as const) add(report, level);
  }
  return [...groups.values()].map(({ row, reports, callers }) => ({ ...row, reports, people: callers.size }));
}

/** `count` reports by `people` distinct callers (people ≤ count), each caller named after the cell. */
function reportsIn(district: string, topic: string, channel: string, count: number, people: number, day = DAY) {
  return Array.from({ length: count }, (_, i) => ({
    day,
    district,
    topic,
    channel,
    caller: `${district}/${topic}/${channel}/${i % people}`,
  }));
}

/** The published rows of one level and code, to read a hand-worked table by name. */
function find(
  rows: readonly PublishedRow[],
  level: CubeLevel,
  where: Partial<Record<'district' | 'topic', string>> = {},
): PublishedRow[] {
  return rows.filter(
    (row) =>
      row.level === level &&
      (where.district === undefined || row.district === where.district) &&
      (where.topic === undefined || row.topic === where.topic),
  );
}

/** Each relation a reader can form from the published rows: [total, ...parts], with rows found by their codes. */
function readerRelations(rows: readonly PublishedRow[]): PublishedRow[][] {
  const relations: PublishedRow[][] = [];
  for (const day of new Set(rows.map((row) => row.day))) {
    const ofDay = rows.filter((row) => row.day === day);
    const cells = ofDay.filter((row) => row.level === 'cell');
    const dayRow = ofDay.find((row) => row.level === 'day')!;
    for (const dimension of ['district', 'topic', 'channel'] as const) {
      const totals = ofDay.filter((row) => row.level === dimension);
      relations.push([dayRow, ...totals]);
      for (const total of totals)
        relations.push([total, ...cells.filter((cell) => cell[dimension] === total[dimension])]);
    }
    relations.push([dayRow, ...cells]);
  }
  return relations;
}

const codes = (row: CubeRow | PublishedRow) =>
  JSON.stringify([row.day, row.level, row.district, row.topic, row.channel]);

/** Random reports: up to 3 districts (one of them 'unknown'), topics and channels, over two days, few callers. */
const randomReports = fc.array(
  fc.record({
    day: fc.constantFrom(DAY, '2026-03-03'),
    district: fc.constantFrom('510104', '510107', 'unknown'),
    topic: fc.constantFrom('noise', 'water', 'unknown', '交通'),
    channel: fc.constantFrom('phone', 'app', 'web'),
    caller: fc.integer({ min: 0, max: 14 }).map((n) => `c${n}`),
  }),
  { maxLength: 80 },
);

describe('suppressCube, hand-worked tables', () => {
  it('2 × 2 with one small cell: its row and column partners and the fourth cell go, every total stays', () => {
    const rows = groupingSets([
      ...reportsIn('wuhou', 'noise', 'phone', 2, 2),
      ...reportsIn('wuhou', 'water', 'phone', 10, 8),
      ...reportsIn('jinjiang', 'noise', 'phone', 6, 5),
      ...reportsIn('jinjiang', 'water', 'phone', 20, 15),
    ]);
    const published = suppressCube(rows);
    expect(find(published, 'cell').map((row) => [row.district, row.topic, row.suppressed, row.reports])).toEqual([
      ['jinjiang', 'noise', true, null],
      ['jinjiang', 'water', true, null],
      ['wuhou', 'noise', true, null],
      ['wuhou', 'water', true, null],
    ]);
    expect(published.filter((row) => row.level !== 'cell').every((row) => !row.suppressed)).toBe(true);
    expect(find(published, 'day')[0]).toMatchObject({ reports: 38, people: 30, suppressed: false });
    expect(find(published, 'district', { district: 'wuhou' })[0]).toMatchObject({ reports: 12, people: 10 });
  });

  it('a small district total: it and its cells go, and a second district with it in the day total', () => {
    // Qingyang's two cells come from one caller: the district total has one person.
    const rows = groupingSets([
      ...reportsIn('wuhou', 'noise', 'phone', 10, 8),
      ...reportsIn('wuhou', 'water', 'phone', 6, 5),
      ...reportsIn('jinjiang', 'noise', 'phone', 7, 6),
      ...reportsIn('jinjiang', 'water', 'phone', 12, 9),
      { day: DAY, district: 'qingyang', topic: 'noise', channel: 'phone', caller: 'z' },
      { day: DAY, district: 'qingyang', topic: 'water', channel: 'phone', caller: 'z' },
    ]);
    const published = suppressCube(rows);
    const hidden = published.filter((row) => row.suppressed).map((row) => `${row.level} ${row.district} ${row.topic}`);
    // By hand: Qingyang's total and cells are small. Noise pairs its Qingyang cell with Jinjiang's (7 < 10); water
    // with Wuhou's (6 < 12); the day's district sum pairs Qingyang with Wuhou (16 < 19); Jinjiang then has its noise
    // cell alone withheld and loses its water cell; Wuhou has its total and water cell withheld, stable.
    expect(hidden).toEqual([
      'cell jinjiang noise',
      'cell jinjiang water',
      'cell qingyang noise',
      'cell qingyang water',
      'cell wuhou water',
      'district qingyang null',
      'district wuhou null',
    ]);
    expect(find(published, 'cell', { district: 'wuhou', topic: 'noise' })[0]).toMatchObject({ reports: 10, people: 8 });
    expect(find(published, 'day')[0]).toMatchObject({ reports: 37, people: 29, suppressed: false });
    expect(find(published, 'district', { district: 'jinjiang' })[0]).toMatchObject({ reports: 19, suppressed: false });
  });

  it('a day with one cell: withheld with every total when small, all published when not, days apart', () => {
    const rows = groupingSets([
      ...reportsIn('wuhou', 'noise', 'phone', 4, 2),
      ...reportsIn('wuhou', 'noise', 'phone', 4, 3, '2026-03-03'),
    ]);
    const published = suppressCube(rows);
    expect(published.map((row) => [row.day, row.level, row.suppressed, row.reports, row.people])).toEqual([
      [DAY, 'cell', true, null, null],
      [DAY, 'district', true, null, null],
      [DAY, 'topic', true, null, null],
      [DAY, 'channel', true, null, null],
      [DAY, 'day', true, null, null],
      ['2026-03-03', 'cell', false, 4, 3],
      ['2026-03-03', 'district', false, 4, 3],
      ['2026-03-03', 'topic', false, 4, 3],
      ['2026-03-03', 'channel', false, 4, 3],
      ['2026-03-03', 'day', false, 4, 3],
    ]);
  });

  it("'unknown' codes are ordinary cells; rows with 0 reports are left out; minPeople is the threshold", () => {
    const rows = groupingSets([
      ...reportsIn('unknown', 'noise', 'phone', 5, 4),
      ...reportsIn('wuhou', 'unknown', 'phone', 5, 4),
    ]);
    const zero: CubeRow = {
      day: DAY,
      level: 'cell',
      district: 'wuhou',
      topic: 'noise',
      channel: 'phone',
      reports: 0,
      people: 0,
    };
    const published = suppressCube([...rows, zero]);
    expect(find(published, 'cell').map((row) => [row.district, row.topic, row.reports])).toEqual([
      ['unknown', 'noise', 5],
      ['wuhou', 'unknown', 5],
    ]);
    expect(published.every((row) => !row.suppressed)).toBe(true);
    expect(
      suppressCube(rows, 5)
        .filter((row) => row.suppressed)
        .map((row) => row.level),
    ).toEqual(['cell', 'cell', 'district', 'district', 'topic', 'topic']);
  });

  it('rejects rows that are not a GROUPING SETS result', () => {
    const rows = groupingSets(reportsIn('wuhou', 'noise', 'phone', 5, 4));
    const without = (level: CubeLevel) => rows.filter((row) => row.level !== level);
    expect(() => suppressCube(without('district'))).toThrow(/no district total row/);
    expect(() => suppressCube(without('day'))).toThrow(/no day total row/);
    expect(() => suppressCube([...rows, rows[0]])).toThrow(/two rows for 2026-03-02 cell \(wuhou, noise, phone\)/);
    expect(() => suppressCube(rows.map((row) => (row.level === 'topic' ? { ...row, reports: 6 } : row)))).toThrow(
      /topic \(noise\) has 6 reports, its parts sum to 5/,
    );
    expect(() => suppressCube(rows.map((row) => ({ ...row, district: 'wuhou' })))).toThrow(/must have district null/);
    expect(() => suppressCube([{ ...rows[0], level: 'week' as CubeLevel }])).toThrow(/unknown level "week"/);
    expect(() => suppressCube(rows.map((row) => ({ ...row, people: 0 })))).toThrow(RangeError);
  });
});

describe('suppressCube, properties over random cubes', () => {
  it('small counts withheld, no single relation recovers one, published counts as counted, order stable', () => {
    fc.assert(
      fc.property(randomReports, (reports) => {
        const input = groupingSets(reports);
        const published = suppressCube(input);
        const byCodes = new Map(input.map((row) => [codes(row), row]));
        expect(published.map(codes).sort()).toEqual([...byCodes.keys()].sort());
        for (const row of published) {
          const counted = byCodes.get(codes(row))!;
          // (a) every count of 1 or 2 people is withheld.
          if (counted.people < 3) expect(row.suppressed).toBe(true);
          // (d) what is published is what was counted; what is withheld shows nothing.
          expect([row.reports, row.people]).toEqual(row.suppressed ? [null, null] : [counted.reports, counted.people]);
        }
        for (const relation of readerRelations(published)) {
          // (b) no relation has exactly one withheld member.
          expect(relation.filter((row) => row.suppressed).length).not.toBe(1);
          // (c) a withheld member is never the only unknown: the other members' sum leaves a second unknown.
          for (const [i, row] of relation.entries()) {
            if (!row.suppressed) continue;
            expect(relation.some((other, j) => j !== i && other.suppressed)).toBe(true);
          }
        }
      }),
      { numRuns: 400, seed: 20261204 },
    );
  });

  it('the same rows in any order publish the same table', () => {
    const shuffled = randomReports
      .map(groupingSets)
      .chain((rows) =>
        fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length, maxLength: rows.length })),
      );
    fc.assert(
      fc.property(shuffled, ([rows, reordered]) => {
        expect(suppressCube(reordered)).toEqual(suppressCube(rows));
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});

describe('suppressSmallCells', () => {
  it('withholds the smallest part, the lowest index on a tie, and the total only when no part is left', () => {
    const cell = (reports: number, people: number) => ({ reports, people });
    expect(
      suppressSmallCells([cell(10, 8), cell(1, 1), cell(4, 4), cell(5, 5)], [{ total: 0, parts: [1, 3, 2] }]),
    ).toEqual({ suppressed: [false, true, true, false], primary: [false, true, false, false] });
    expect(
      suppressSmallCells([cell(9, 8), cell(1, 1), cell(4, 4), cell(4, 4)], [{ total: 0, parts: [3, 1, 2] }]).suppressed,
    ).toEqual([false, true, true, false]);
    // A part with 0 reports is no candidate (its missing row reads as 0): the total goes.
    expect(suppressSmallCells([cell(6, 5), cell(0, 0), cell(6, 2)], [{ total: 0, parts: [1, 2] }]).suppressed).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('rejects counts that cannot be and relations that do not add up', () => {
    const cells = [
      { reports: 5, people: 4 },
      { reports: 5, people: 4 },
    ];
    const one: Relation[] = [{ total: 0, parts: [1] }];
    expect(() => suppressSmallCells([{ reports: 2, people: 3 }], [])).toThrow(/cell 0 has 2 reports from 3 people/);
    expect(() => suppressSmallCells([{ reports: 2, people: 0 }], [])).toThrow(RangeError);
    expect(() => suppressSmallCells([{ reports: 1.5, people: 1 }], [])).toThrow(RangeError);
    expect(() => suppressSmallCells(cells, [{ total: 0, parts: [2] }])).toThrow(/relation 0 names cell 2 of 2/);
    expect(() => suppressSmallCells(cells, [{ total: 0, parts: [0] }])).toThrow(/names a cell twice/);
    expect(() => suppressSmallCells([...cells, { reports: 0, people: 0 }], [{ total: 0, parts: [1, 2, 2] }])).toThrow(
      /names a cell twice/,
    );
    expect(() => suppressSmallCells([cells[0], { reports: 4, people: 4 }], one)).toThrow(/parts sum to 4/);
    expect(() => suppressSmallCells(cells, one, 0)).toThrow(/minPeople/);
    expect(() => suppressSmallCells(cells, one, 2.5)).toThrow(/minPeople/);
  });

  it('on random overlapping relations: stable, primary withheld, zeros never, the same on a second run', () => {
    // Base cells, then totals over random subsets of the cells so far (totals of totals too), counts consistent.
    const system = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })), {
        minLength: 1,
        maxLength: 12,
      })
      .chain((base) =>
        fc.tuple(
          fc.constant(base),
          fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), { maxLength: 8 }),
          fc.integer({ min: 1, max: 5 }),
        ),
      )
      .map(([base, picks, minPeople]) => {
        const cells = base.map(([a, b]) => {
          const reports = Math.max(a, b);
          return { reports, people: reports === 0 ? 0 : Math.max(1, Math.min(a, b)) };
        });
        const relations: Relation[] = [];
        for (const pick of picks) {
          const parts = [...new Set(pick.map((n) => n % cells.length))];
          const reports = parts.reduce((sum, part) => sum + cells[part].reports, 0);
          const people = reports === 0 ? 0 : Math.max(...parts.map((part) => cells[part].people));
          relations.push({ total: cells.length, parts });
          cells.push({ reports, people });
        }
        return { cells, relations, minPeople };
      });
    fc.assert(
      fc.property(system, ({ cells, relations, minPeople }) => {
        const { suppressed, primary } = suppressSmallCells(cells, relations, minPeople);
        cells.forEach(({ reports, people }, i) => {
          expect(primary[i]).toBe(people > 0 && people < minPeople);
          if (primary[i]) expect(suppressed[i]).toBe(true);
          if (reports === 0) expect(suppressed[i]).toBe(false);
        });
        for (const { total, parts } of relations) {
          expect([total, ...parts].filter((member) => suppressed[member]).length).not.toBe(1);
        }
        expect(suppressSmallCells(cells, relations, minPeople)).toEqual({ suppressed, primary });
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});

describe('JSDoc @example blocks of the open-data modules', () => {
  const scope = { suppressSmallCells, suppressCube, toCsv };
  for (const name of ['small-cell-suppression.ts', 'open-data-cube.ts', 'csv-table.ts']) {
    it(`${name}: every \`expression; // => expected\` line holds`, () => {
      const source = readFileSync(new URL(`../engine/privacy/${name}`, import.meta.url), 'utf8');
      const blocks = source.split('@example').slice(1);
      expect(blocks.length).toBeGreaterThan(0);
      let checked = 0;
      for (const block of blocks) {
        const body = block
          .slice(0, block.indexOf('*/'))
          .split('\n')
          .map((line) => line.replace(/^\s*\* ?/, ''))
          .map((line) => {
            const claim = /^(.+?);\s*\/\/\s*=>\s*(.+)$/.exec(line);
            return claim ? `check(${claim[1]}, ${claim[2]});` : line;
          })
          .join('\n');
        const check = (got: unknown, want: unknown) => {
          expect(got).toEqual(want);
          checked++;
        };
        new Function('check', ...Object.keys(scope), body)(check, ...Object.values(scope));
      }
      expect(checked).toBeGreaterThan(1);
    });
  }
});
