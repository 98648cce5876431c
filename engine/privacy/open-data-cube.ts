// The daily open-data table of the hotline — reports and people by district × topic × channel with every total, as
// SQL GROUPING SETS return them — made safe to publish: small counts withheld, none recoverable from a total.
import { type Relation, suppressSmallCells } from './small-cell-suppression.ts';

/** Which grouping a row is: (day, district, topic, channel), (day, district), (day, topic), (day, channel), (day). */
export type CubeLevel = 'cell' | 'district' | 'topic' | 'channel' | 'day';

/** One aggregate row; a code is null exactly when the row's grouping leaves it out. */
export interface CubeRow {
  readonly day: string;
  readonly district: string | null;
  readonly topic: string | null;
  readonly channel: string | null;
  readonly reports: number;
  readonly people: number;
  readonly level: CubeLevel;
}

/** A row as published: its counts null when withheld. */
export interface PublishedRow {
  readonly day: string;
  readonly district: string | null;
  readonly topic: string | null;
  readonly channel: string | null;
  readonly level: CubeLevel;
  readonly reports: number | null;
  readonly people: number | null;
  readonly suppressed: boolean;
}

type Dimension = 'district' | 'topic' | 'channel';
const DIMENSIONS: readonly Dimension[] = ['district', 'topic', 'channel'];
const LEVELS: readonly CubeLevel[] = ['cell', 'district', 'topic', 'channel', 'day'];

/**
 * The published rows of each day's table: `suppressSmallCells` over the day's rows and its relations — each district,
 * topic and channel total = Σ its cells, the day = Σ cells, and the day = Σ district, Σ topic and Σ channel totals
 * (related in that order, so a small cell is first paired within its own district, topic and channel). Days are
 * separate tables: no relation crosses them. Rows with 0 reports are left out (a missing row reads as 0). A code
 * 'unknown' is an ordinary code. Order: day, then cell → district → topic → channel → day, then codes, all by UTF-16
 * code units — the same whatever order the rows came in.
 *
 * Policy: throws RangeError when a row's level is unknown or its codes do not match it (null exactly where the
 * grouping leaves a code out), two rows have the same day, level and codes, a cell's total row is missing, or the
 * rows' reports do not add up; and as `suppressSmallCells` for a bad count or `minPeople`.
 *
 * @example
 * const row = (level, district, topic, reports, people) => {
 *   const channel = level === 'cell' || level === 'channel' ? 'phone' : null;
 *   return { day: '2026-03-02', level, district, topic, channel, reports, people };
 * };
 * const rows = [
 *   row('cell', 'wuhou', 'noise', 2, 2), row('cell', 'wuhou', 'water', 9, 7),
 *   row('cell', 'jinjiang', 'noise', 5, 4), row('cell', 'jinjiang', 'water', 8, 8),
 *   row('district', 'wuhou', null, 11, 9), row('district', 'jinjiang', null, 13, 12),
 *   row('topic', null, 'noise', 7, 6), row('topic', null, 'water', 17, 15),
 *   row('channel', null, null, 24, 21), row('day', null, null, 24, 21),
 * ];
 * // Wuhou's noise cell has two people; the rest of the 2 × 2 goes with it, and every total stays.
 * const published = suppressCube(rows);
 * published.map((r) => r.suppressed); // => [true, true, true, true, false, false, false, false, false, false]
 * const { district, topic, reports, people } = published[0];
 * [district, topic, reports, people]; // => ['jinjiang', 'noise', null, null]
 * [published[9].level, published[9].reports, published[9].people]; // => ['day', 24, 21]
 */
export function suppressCube(rows: readonly CubeRow[], minPeople = 3): PublishedRow[] {
  rows.forEach(checkCodes);
  const sorted = rows.filter((row) => row.reports !== 0).sort(compareRows);
  for (let i = 1; i < sorted.length; i++) {
    if (compareRows(sorted[i - 1], sorted[i]) === 0)
      throw new RangeError(`suppressCube: two rows for ${label(sorted[i])}`);
  }
  const published: PublishedRow[] = [];
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && sorted[end].day === sorted[start].day) end++;
    const table = sorted.slice(start, end);
    const { suppressed } = suppressSmallCells(table, dayRelations(table), minPeople);
    table.forEach(({ day, district, topic, channel, level, reports, people }, i) => {
      const hidden = suppressed[i];
      published.push({
        day,
        district,
        topic,
        channel,
        level,
        reports: hidden ? null : reports,
        people: hidden ? null : people,
        suppressed: hidden,
      });
    });
    start = end;
  }
  return published;
}

function checkCodes(row: CubeRow): void {
  if (!LEVELS.includes(row.level)) throw new RangeError(`suppressCube: unknown level ${JSON.stringify(row.level)}`);
  for (const dimension of DIMENSIONS) {
    const wanted = row.level === 'cell' || row.level === dimension;
    if (wanted ? typeof row[dimension] !== 'string' : row[dimension] !== null) {
      throw new RangeError(
        `suppressCube: a ${row.level} row must have ${dimension} ${wanted ? 'as a string' : 'null'}: ${label(row)}`,
      );
    }
  }
}

function compareRows(a: CubeRow, b: CubeRow): number {
  return (
    compareCodes(a.day, b.day) ||
    LEVELS.indexOf(a.level) - LEVELS.indexOf(b.level) ||
    compareCodes(a.district, b.district) ||
    compareCodes(a.topic, b.topic) ||
    compareCodes(a.channel, b.channel)
  );
}

/** By UTF-16 code units; null is only ever compared with null (the level decides which codes a row has). */
function compareCodes(a: string | null, b: string | null): number {
  return a === b ? 0 : a! < b! ? -1 : 1;
}

/**
 * The relations of one day's rows, distinct and sorted by `compareRows`: district, topic and channel totals = Σ their
 * cells, then the day = Σ cells, Σ districts, Σ topics, Σ channels. Throws when a total row is missing or sums are off.
 */
function dayRelations(rows: readonly CubeRow[]): Relation[] {
  const totals = new Map<string, number>();
  rows.forEach((row, index) => {
    if (row.level !== 'cell') totals.set(`${row.level}\u0000${row.district ?? row.topic ?? row.channel ?? ''}`, index);
  });
  const totalOf = (level: CubeLevel, code: string | null, of: CubeRow): number => {
    const index = totals.get(`${level}\u0000${code ?? ''}`);
    if (index === undefined) throw new RangeError(`suppressCube: no ${level} total row for ${label(of)}`);
    return index;
  };
  const cells = rows.flatMap((row, index) => (row.level === 'cell' ? [index] : []));
  const partsOf = new Map<number, number[]>();
  for (const cell of cells) {
    for (const dimension of DIMENSIONS) {
      const total = totalOf(dimension, rows[cell][dimension], rows[cell]);
      const parts = partsOf.get(total);
      if (parts === undefined) partsOf.set(total, [cell]);
      else parts.push(cell);
    }
  }
  const relations: Relation[] = [];
  rows.forEach((row, index) => {
    if (row.level !== 'cell' && row.level !== 'day') relations.push({ total: index, parts: partsOf.get(index) ?? [] });
  });
  const day = totalOf('day', null, rows[0]);
  relations.push({ total: day, parts: cells });
  for (const dimension of DIMENSIONS) {
    relations.push({ total: day, parts: rows.flatMap((row, index) => (row.level === dimension ? [index] : [])) });
  }
  for (const { total, parts } of relations) {
    const sum = parts.reduce((acc, part) => acc + rows[part].reports, 0);
    if (sum !== rows[total].reports) {
      throw new RangeError(
        `suppressCube: ${label(rows[total])} has ${rows[total].reports} reports, its parts sum to ${sum}`,
      );
    }
  }
  return relations;
}

function label({ day, level, district, topic, channel }: CubeRow): string {
  return `${day} ${level} (${[district, topic, channel].filter((code) => code !== null).join(', ')})`;
}
