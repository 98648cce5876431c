// Day-scale windows for cells too quiet for minute windows: a mailbox hears of one estate a few times a week, so its
// surges show over days and weeks. Each quiet cell keeps its callers and report ids per closed local day, and its
// share of the city as it stood that day, so a window is read against the share from before it began (a weeks-long
// issue must not teach the baseline that it is normal before it is seen).
import type { MinuteCallers } from './rolling-callers.ts';

/** One quiet cell's closed days, oldest first: distinct callers, report ids, and its share before the day was learned. */
export interface DayRecord {
  readonly callers: string[][];
  readonly ids: string[][];
  readonly share: number[];
  /** The current day's callers and report ids so far. */
  todayCallers: string[];
  todayIds: string[];
}

/** A district's closed days, oldest first: callers and expected callers over all its cells. */
export interface DistrictDays {
  readonly observed: number[];
  readonly expected: number[];
}

/** Everything DayWindows needs to resume. */
export interface DayWindowsState {
  readonly city: number[];
  readonly districts: Array<[string, DistrictDays]>;
  readonly cells: Array<[string, DayRecord]>;
}

/** A window of a cell over its trailing closed days. */
export interface DayWindow {
  readonly days: number;
  readonly distinctCallers: number;
  readonly reports: number;
  /** The cell's share from before the window × the city's expected callers over it. */
  readonly expected: number;
  /** The district's other topics over the same days: callers and expected callers. */
  readonly othersObserved: number;
  readonly othersExpected: number;
  readonly reportIds: () => string[];
}

export class DayWindows {
  /** The city's expected callers per closed day, oldest first. */
  private readonly city: number[] = [];
  private readonly districts = new Map<string, DistrictDays>();
  /** The quiet cells' records, by cell key. */
  readonly cells = new Map<string, DayRecord>();
  private readonly keep: number;

  constructor(
    readonly windows: readonly number[],
    state?: DayWindowsState,
  ) {
    this.keep = Math.max(...windows);
    if (!state) return;
    this.city.push(...state.city);
    for (const [k, v] of state.districts) this.districts.set(k, structuredClone(v));
    for (const [k, v] of state.cells) this.cells.set(k, structuredClone(v));
  }

  /** A closed minute of a quiet cell: its callers and ids join the cell's current day. */
  note(cell: string, minute: MinuteCallers): void {
    const r = this.cells.get(cell);
    if (!r) return;
    for (const c of minute.callers) if (!r.todayCallers.includes(c)) r.todayCallers.push(c);
    r.todayIds.push(...minute.reportIds);
  }

  /**
   * Close a day: the city's expectation for it, each district's callers and expectation, and each quiet cell's share
   * (cells not in `quiet` lose their record; new quiet cells start one).
   */
  closeDay(
    cityExpected: number,
    districts: ReadonlyMap<string, { observed: number; expected: number }>,
    quiet: ReadonlyMap<string, number>,
  ): void {
    push(this.city, cityExpected, this.keep);
    for (const [d, { observed, expected }] of districts) {
      let days = this.districts.get(d);
      if (!days) this.districts.set(d, (days = { observed: [], expected: [] }));
      push(days.observed, observed, this.keep);
      push(days.expected, expected, this.keep);
    }
    for (const [key, r] of this.cells) {
      const share = quiet.get(key);
      if (share === undefined) {
        this.cells.delete(key);
        continue;
      }
      push(r.callers, r.todayCallers, this.keep);
      push(r.ids, r.todayIds, this.keep);
      push(r.share, share, this.keep);
      r.todayCallers = [];
      r.todayIds = [];
    }
    for (const key of quiet.keys())
      if (!this.cells.has(key))
        this.cells.set(key, { callers: [], ids: [], share: [], todayCallers: [], todayIds: [] });
  }

  /** The window of `days` closed days of a quiet cell, or null while it has fewer days recorded. */
  window(cell: string, district: string, days: number): DayWindow | null {
    const r = this.cells.get(cell);
    const dist = this.districts.get(district);
    const n = r?.share.length ?? 0;
    if (!r || !dist || n < days) return null;
    const callers = new Set<string>();
    let reports = 0;
    let cityExpected = 0;
    let ownExpected = 0;
    let districtObserved = 0;
    let districtExpected = 0;
    let ownObserved = 0;
    for (let k = 1; k <= days; k++) {
      for (const c of r.callers[n - k]) callers.add(c);
      ownObserved += r.callers[n - k].length;
      reports += r.ids[n - k].length;
      const city = this.city[this.city.length - k];
      cityExpected += city;
      ownExpected += r.share[n - k] * city;
      districtObserved += dist.observed[dist.observed.length - k];
      districtExpected += dist.expected[dist.expected.length - k];
    }
    return {
      days,
      distinctCallers: callers.size,
      reports,
      expected: r.share[n - days] * cityExpected,
      othersObserved: Math.max(0, districtObserved - ownObserved),
      othersExpected: Math.max(0, districtExpected - ownExpected),
      reportIds: () => r.ids.slice(n - days).flat(),
    };
  }

  state(): DayWindowsState {
    return { city: [...this.city], districts: [...this.districts], cells: [...this.cells] };
  }
}

/** Append, keeping the newest `keep`. */
function push<T>(list: T[], value: T, keep: number): void {
  list.push(value);
  if (list.length > keep) list.shift();
}
