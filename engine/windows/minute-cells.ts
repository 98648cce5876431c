// A closed minute as cells: its reports grouped by district×topic, each cell's distinct callers and ids in
// (time, id) order. Quiet minutes are summarised when they close; a busy one (5,000 reports/s is 300k a
// minute) is grouped as its reports arrive, so its close no longer groups and dedups them all at once.
import { UNKNOWN, type CountedReport } from '../intake/report.ts';
import { DistinctInOrder } from './distinct-in-order.ts';
import { IdSet } from './id-set.ts';
import type { CellMinute, MinuteSeries } from './minute-series.ts';
import { sortInPlace } from './sort-in-place.ts';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** The order of a minute's reports, in the series and everywhere they are handed on. */
export const byTimeThenId = (a: CountedReport, b: CountedReport): number => a.t - b.t || compare(a.id, b.id);
type Place = Pick<Group, 'district' | 'topic'>;
const byCell = (a: Place, b: Place) => compare(a.district, b.district) || compare(a.topic, b.topic);

/** One cell's reports within a minute, in the order they came. */
interface Group {
  readonly district: string;
  readonly topic: string;
  readonly members: CountedReport[];
}

/** Below this many reports a minute is grouped by a linear scan: cheaper than building maps. */
const SMALL_MINUTE = 24;

/** The groups of the minute being summarized: one scratch array, since one minute is grouped at a time. */
const scratchGroups: Group[] = [];

function groupByCell(reports: readonly CountedReport[]): Group[] {
  const groups = scratchGroups;
  groups.length = 0;
  const index = reports.length > SMALL_MINUTE ? new Map<string, Map<string, Group>>() : null;
  for (const r of reports) {
    const district = r.district ?? UNKNOWN;
    const topic = r.topic ?? UNKNOWN;
    const group = index ? index.get(district)?.get(topic) : findGroup(groups, district, topic);
    if (group) {
      group.members.push(r);
      continue;
    }
    // Most cells of a minute hold one report: a one-element literal, not an empty array grown by push.
    const created = { district, topic, members: [r] };
    groups.push(created);
    if (index) {
      let topics = index.get(district);
      if (!topics) index.set(district, (topics = new Map()));
      topics.set(topic, created);
    }
  }
  return sortInPlace(groups, byCell);
}

function findGroup(groups: readonly Group[], district: string, topic: string): Group | undefined {
  for (const g of groups) if (g.district === district && g.topic === topic) return g;
  return undefined;
}

const NO_CELLS: readonly CellMinute[] = Object.freeze([]);
const callersOf = new DistinctInOrder();
const callerOf = (r: CountedReport) => r.caller;

/** One cell of a closed minute from its reports, already in (time, id) order. */
const cellOf = ({ district, topic, members }: Group): CellMinute => ({
  district,
  topic,
  reports: members.length,
  callers: callersOf.distinct(members, callerOf),
  reportIds: members.map((r) => r.id),
});

/**
 * Group one minute's reports, already sorted by (time, id), into cells sorted by district then topic;
 * grouping keeps that order inside each cell, so nothing is sorted twice.
 */
export function summarizeMinute(minute: number, reports: readonly CountedReport[]): MinuteSeries {
  if (reports.length === 0) return { minute, cells: NO_CELLS };
  return { minute, cells: groupByCell(reports).map(cellOf) };
}

/** A cell of an open busy minute: while its reports come in (time, id) order, its answer so far. */
interface LiveCell {
  readonly district: string;
  readonly topic: string;
  reports: number;
  last: CountedReport;
  /** Every report came after the one before in (time, id) order: `callers` and `ids` are then the cell's. */
  ordered: boolean;
  /** The distinct callers so far, first call first (a Set per cell took about twice as long). */
  readonly callers: IdSet;
  readonly ids: string[];
}

/** An open minute's reports grouped by cell as they arrive (see the file comment). */
export class MinuteCells {
  private readonly index = new Map<string, Map<string, LiveCell>>();
  private readonly cells: LiveCell[] = [];
  private unordered = 0;

  /** @param reports the minute's reports so far, in the order they came */
  constructor(reports: readonly CountedReport[]) {
    for (const r of reports) this.add(r);
  }

  add(r: CountedReport): void {
    const cell = this.cellOf(r);
    if (cell.reports++ > 0) {
      if (!cell.ordered) return;
      if (byTimeThenId(cell.last, r) > 0) {
        // Out of order: this cell is sorted and summarised when the minute closes.
        cell.ordered = false;
        this.unordered++;
        return;
      }
    }
    cell.last = r;
    cell.ids.push(r.id);
    cell.callers.add(r.caller);
  }

  /**
   * The closed minute's cells, sorted by district then topic, exactly as summarizeMinute would give them.
   * @param reports every report of the minute (the ones given to the constructor and to add())
   */
  close(minute: number, reports: readonly CountedReport[]): MinuteSeries {
    const members = this.unordered > 0 ? this.unorderedMembers(reports) : null;
    const cells = sortInPlace(this.cells, byCell).map(
      (c): CellMinute =>
        c.ordered
          ? { district: c.district, topic: c.topic, reports: c.reports, callers: c.callers.values(), reportIds: c.ids }
          : cellOf({ district: c.district, topic: c.topic, members: sortInPlace(members!.get(c)!, byTimeThenId) }),
    );
    return { minute, cells };
  }

  private cellOf(r: CountedReport): LiveCell {
    const district = r.district ?? UNKNOWN;
    const topic = r.topic ?? UNKNOWN;
    let topics = this.index.get(district);
    if (!topics) this.index.set(district, (topics = new Map()));
    let cell = topics.get(topic);
    if (!cell) {
      cell = { district, topic, reports: 0, last: r, ordered: true, callers: new IdSet(), ids: [] };
      topics.set(topic, cell);
      this.cells.push(cell);
    }
    return cell;
  }

  /** The reports of the cells that came out of order (rare: one pass over the minute). */
  private unorderedMembers(reports: readonly CountedReport[]): Map<LiveCell, CountedReport[]> {
    const members = new Map<LiveCell, CountedReport[]>();
    for (const r of reports) {
      const cell = this.cellOf(r);
      if (cell.ordered) continue;
      const list = members.get(cell);
      if (list) list.push(r);
      else members.set(cell, [r]);
    }
    return members;
  }
}
