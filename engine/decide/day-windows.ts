// Day-scale windows for cells too quiet for minute windows: a mailbox's surges show over days and weeks, not hours.
import { shrinkTowards } from '../stats/index.ts';
import type { MinuteCallers } from './rolling-callers.ts';
import { winsorize } from './seasonal-baseline.ts';

/** One quiet cell: its closed days inside the longest window, oldest first, and what came before them. */
export interface DayRecord {
  readonly callers: string[][];
  readonly ids: string[][];
  /** Whether a minute-scale surge of the cell was open that day: its callers have had their alert. */
  readonly covered: boolean[];
  /** Callers (winsorised) and the city's expected callers over the days that have left the window. */
  pastCallers: number;
  pastCity: number;
  /** The current day's callers and report ids so far. */
  todayCallers: string[];
  todayIds: string[];
  todayCovered: boolean;
}

/** A district's (or a topic's) closed days, oldest first: callers and expected callers over all its cells. */
export interface DistrictDays {
  readonly observed: number[];
  readonly expected: number[];
}

/** Everything DayWindows needs to resume. */
export interface DayWindowsState {
  readonly city: number[];
  readonly districts: Array<[string, DistrictDays]>;
  readonly topics?: Array<[string, DistrictDays]>;
  readonly cells: Array<[string, DayRecord]>;
}

/** A window of a cell over its trailing closed days. */
export interface DayWindow {
  readonly days: number;
  readonly distinctCallers: number;
  readonly reports: number;
  /** The cell's long-run share × the city's expected callers over the window. */
  readonly expected: number;
  /** The district's other topics over the same days: callers and expected callers. */
  readonly othersObserved: number;
  readonly othersExpected: number;
  /** The topic in the other districts over the same days (a season of heating letters all over the city). */
  readonly elsewhereObserved: number;
  readonly elsewhereExpected: number;
  readonly reportIds: () => string[];
  /** Some day of the window had a minute-scale surge open: that alert already told of it. */
  readonly covered: boolean;
}

/** A cell as the day closes: its callers that day (summed by hour), its prior share, and the baseline's share now. */
export interface ClosingCell {
  readonly key: string;
  readonly district: string;
  readonly topic: string;
  readonly callers: number;
  readonly prior: number;
  readonly share: number;
}

/**
 * Each quiet cell keeps its callers and report ids per closed local day for the longest window, and a long-run share
 * learned only from the days before a window (winsorised, shrunk toward the profile's share): a cell hearing one letter
 * a fortnight cannot learn its share from a ten-day memory, and a weeks-long issue must not teach the baseline that it
 * is normal before it is seen.
 */
export class DayWindows {
  /** The city's expected callers per closed day, oldest first. */
  private readonly city: number[] = [];
  private readonly districts = new Map<string, DistrictDays>();
  private readonly topics = new Map<string, DistrictDays>();
  /** The quiet cells' records, by cell key. */
  readonly cells = new Map<string, DayRecord>();
  private readonly keep: number;

  /** `priorCallers`: callers the profile's share weighs as against a cell's own history. */
  constructor(
    readonly windows: readonly number[],
    private readonly maxPerDay: number,
    private readonly priorCallers: number,
    state?: DayWindowsState,
  ) {
    this.keep = Math.max(...windows);
    if (!state) return;
    this.city.push(...state.city);
    for (const [k, v] of state.districts) this.districts.set(k, structuredClone(v));
    for (const [k, v] of state.topics ?? []) this.topics.set(k, structuredClone(v));
    for (const [k, v] of state.cells) this.cells.set(k, structuredClone(v));
  }

  /** A closed minute of a quiet cell: its callers and ids join the cell's current day. */
  note(cell: string, minute: MinuteCallers): void {
    const r = this.cells.get(cell);
    if (!r) return;
    for (const c of minute.callers) if (!r.todayCallers.includes(c)) r.todayCallers.push(c);
    r.todayIds.push(...minute.reportIds);
  }

  /** A minute-scale surge of the cell is open now. */
  cover(cell: string): void {
    const r = this.cells.get(cell);
    if (r) r.todayCovered = true;
  }

  /**
   * The cell's share from the days before the last `days` (winsorised, so an earlier surge teaches little), shrunk
   * toward the profile's share, which weighs as priorCallers callers.
   */
  private shareOf(r: DayRecord, prior: number, days: number): number {
    let callers = r.pastCallers;
    let city = r.pastCity;
    const n = r.callers.length;
    const offset = this.city.length - n;
    for (let k = 0; k < n - days; k++) {
      const day = this.city[offset + k];
      callers += winsorize(r.callers[k].length, prior * day);
      city += day;
    }
    return city > 0 && prior > 0 ? shrinkTowards(callers / city, city, prior, this.priorCallers / prior) : prior;
  }

  /**
   * Close a day: the city's expectation for it and its mean day, each district's callers and expectation, and each
   * cell. A cell expecting at most maxPerDay callers a day starts a record; one expecting over twice that loses it.
   */
  closeDay(cityDay: number, meanDay: number, cells: readonly ClosingCell[]): void {
    const leaving = this.city.length === this.keep ? this.city[0] : null;
    const totals = new Map<string, { observed: number; expected: number }>();
    const byTopic = new Map<string, { observed: number; expected: number }>();
    for (const c of cells) {
      for (const [map, group] of [
        [totals, c.district],
        [byTopic, c.topic],
      ] as const) {
        const t = map.get(group) ?? { observed: 0, expected: 0 };
        t.observed += c.callers;
        t.expected += c.share * cityDay;
        map.set(group, t);
      }
      const r = this.cells.get(c.key);
      if (!r) {
        if (c.share * meanDay <= this.maxPerDay)
          this.cells.set(c.key, {
            callers: [],
            ids: [],
            covered: [],
            pastCallers: 0,
            pastCity: 0,
            todayCallers: [],
            todayIds: [],
            todayCovered: false,
          });
        continue;
      }
      const share = this.shareOf(r, c.prior, 0);
      if (share * meanDay > 2 * this.maxPerDay) {
        this.cells.delete(c.key);
        continue;
      }
      if (r.callers.length === this.keep && leaving !== null) {
        r.pastCallers += winsorize(r.callers[0].length, c.prior * leaving);
        r.pastCity += leaving;
      }
      push(r.callers, r.todayCallers, this.keep);
      push(r.ids, r.todayIds, this.keep);
      push(r.covered, r.todayCovered, this.keep);
      r.todayCallers = [];
      r.todayIds = [];
      r.todayCovered = false;
    }
    push(this.city, cityDay, this.keep);
    for (const [sums, store] of [
      [totals, this.districts],
      [byTopic, this.topics],
    ] as const)
      for (const [d, { observed, expected }] of sums) {
        let days = store.get(d);
        if (!days) store.set(d, (days = { observed: [], expected: [] }));
        push(days.observed, observed, this.keep);
        push(days.expected, expected, this.keep);
      }
  }

  /** The window of `days` closed days of a quiet cell, or null while it has fewer days recorded. */
  window(cell: string, district: string, topic: string, days: number, prior: number): DayWindow | null {
    const r = this.cells.get(cell);
    const dist = this.districts.get(district);
    const top = this.topics.get(topic);
    const n = r?.callers.length ?? 0;
    if (!r || !dist || !top || n < days) return null;
    const share = this.shareOf(r, prior, days);
    const callers = new Set<string>();
    let reports = 0;
    let cityExpected = 0;
    let ownObserved = 0;
    let districtObserved = 0;
    let districtExpected = 0;
    let topicObserved = 0;
    let topicExpected = 0;
    let covered = false;
    for (let k = 1; k <= days; k++) {
      covered ||= r.covered[n - k];
      for (const c of r.callers[n - k]) callers.add(c);
      ownObserved += r.callers[n - k].length;
      reports += r.ids[n - k].length;
      cityExpected += this.city[this.city.length - k];
      districtObserved += dist.observed[dist.observed.length - k];
      districtExpected += dist.expected[dist.expected.length - k];
      topicObserved += top.observed[top.observed.length - k];
      topicExpected += top.expected[top.expected.length - k];
    }
    const expected = share * cityExpected;
    return {
      days,
      distinctCallers: callers.size,
      reports,
      expected,
      othersObserved: Math.max(0, districtObserved - ownObserved),
      othersExpected: Math.max(0, districtExpected - expected),
      elsewhereObserved: Math.max(0, topicObserved - ownObserved),
      elsewhereExpected: Math.max(0, topicExpected - expected),
      reportIds: () => r.ids.slice(n - days).flat(),
      covered,
    };
  }

  state(): DayWindowsState {
    return { city: [...this.city], districts: [...this.districts], topics: [...this.topics], cells: [...this.cells] };
  }
}

/** Append, keeping the newest `keep`. */
function push<T>(list: T[], value: T, keep: number): void {
  list.push(value);
  if (list.length > keep) list.shift();
}
