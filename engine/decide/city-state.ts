// The deciding stage's memory of the city: per cell trailing windows, and the callers of the current
// local hour and day, fed one closed minute at a time.
import type { Profile } from '../profile/city-profile.ts';
import { UNKNOWN } from '../intake/report.ts';
import { cellKey, type MinuteSeries } from '../windows/minute-series.ts';
import { RollingCallers, type MinuteEntry } from './rolling-callers.ts';
import { RollingSum } from './rolling-sum.ts';
import { surgeKey } from './decision-context.ts';

export interface CellState {
  readonly key: string;
  /** Its key in the alert book (precomputed: asked every minute). */
  readonly surgeKey: string;
  readonly district: string;
  readonly topic: string;
  readonly rolling: RollingCallers;
  /** Distinct callers seen in the current local hour. */
  hourCallers: number;
  /** The baseline's share of this cell and the baseline's sharesVersion it was read at (see cellShare). */
  share: number;
  shareVersion: number;
}

/** A cell's memory: its held minutes, oldest first (the windows' own arrays), and its callers this hour. */
export interface HeldCell {
  readonly key: string;
  readonly minutes: readonly MinuteEntry[];
  readonly hourCallers: number;
}

/** Everything CityState needs to resume; cells that hold nothing are left out. */
export interface CityStateState {
  readonly cells: readonly HeldCell[];
  readonly day: ReadonlyArray<readonly [cell: string, callers: number]>;
  readonly hourCity: number;
  readonly dayCity: number;
}

export class CityState {
  /** Every testable cell of the profile by key, and the same cells in a fixed order (iterated hourly). */
  readonly cells = new Map<string, CellState>();
  readonly cellList: CellState[] = [];
  /** The same cells by district, then topic: no key strings built on the hot path. */
  private readonly byDistrict = new Map<string, Map<string, CellState>>();
  /** The cells of each district, one per topic: a cell is read against its district's other topics. */
  readonly ofDistrict = new Map<string, CellState[]>();
  /** The cells of each topic, one per district, in the profile's topic order. */
  readonly byTopic: Array<{ readonly topic: string; readonly cells: CellState[] }> = [];
  /**
   * Per topic, callers summed over its cells minute by minute: an upper bound of the topic's distinct
   * callers (a caller in two districts counts twice), cheap enough to screen every topic every few minutes.
   */
  readonly topicCallers = new Map<string, RollingSum>();
  /** The same per district (its topics together), for the district-wide test. 未定位 is never a district here. */
  readonly districtCallers = new Map<string, RollingSum>();
  /** Callers per cell summed over the closed hours of the current local day. */
  readonly dayCallers = new Map<string, number>();
  hourCity = 0;
  dayCity = 0;

  /** `state`: where a CityState of the same profile and windows stood. */
  constructor(profile: Profile, windows: readonly number[], state?: CityStateState) {
    for (const district of profile.districtCodes)
      for (const topic of profile.topicCodes) {
        const key = cellKey(district, topic);
        const cell = {
          key,
          surgeKey: surgeKey(key),
          district,
          topic,
          rolling: new RollingCallers(windows),
          hourCallers: 0,
          share: 0,
          shareVersion: -1,
        };
        this.cells.set(key, cell);
        this.cellList.push(cell);
        if (!this.byDistrict.has(district)) this.byDistrict.set(district, new Map());
        this.byDistrict.get(district)!.set(topic, cell);
        this.ofDistrict.set(district, [...(this.ofDistrict.get(district) ?? []), cell]);
      }
    for (const topic of profile.topicCodes)
      this.byTopic.push({ topic, cells: this.cellList.filter((c) => c.topic === topic) });
    for (const topic of profile.topicCodes) this.topicCallers.set(topic, new RollingSum(windows));
    for (const district of profile.districtCodes) this.districtCallers.set(district, new RollingSum(windows));
    if (state) this.resume(state);
  }

  /** The cells the last add() touched: one array reused minute after minute. */
  private readonly touched: CellState[] = [];

  /**
   * Take in one closed minute; `hourStart` is the first minute of its local hour (within the longest
   * window, which the decider guarantees). Returns the cells that received callers, valid until the next add().
   */
  add(series: MinuteSeries, hourStart: number): readonly CellState[] {
    const cells = this.touched;
    cells.length = 0;
    // Indexed, not for…of: here for…of allocated an iterator result per cell (seen in allocation profiles).
    for (let i = 0; i < series.cells.length; i++) {
      const c = series.cells[i];
      if (c.topic === UNKNOWN) continue;
      this.hourCity += c.callers.length;
      const cell = this.byDistrict.get(c.district)?.get(c.topic);
      if (!cell) continue; // district not settled: it counts in the city's volume only
      cell.hourCallers += cell.rolling.add(series.minute, c, hourStart);
      this.topicCallers.get(c.topic)!.add(series.minute, c.callers.length);
      this.districtCallers.get(c.district)!.add(series.minute, c.callers.length);
      cells.push(cell);
    }
    return cells;
  }

  /** Close the local hour: fold each cell's hourly callers into the day and start afresh. */
  closeHour(): void {
    for (const cell of this.cellList) {
      if (cell.hourCallers === 0) continue;
      this.dayCallers.set(cell.key, (this.dayCallers.get(cell.key) ?? 0) + cell.hourCallers);
      cell.hourCallers = 0;
    }
    this.dayCity += this.hourCity;
    this.hourCity = 0;
  }

  closeDay(): void {
    this.dayCallers.clear();
    this.dayCity = 0;
  }

  /** Where this city stands; the held minutes' callers and ids are the windows' own arrays, not copies. */
  state(): CityStateState {
    const cells: HeldCell[] = [];
    for (const c of this.cellList) {
      if (c.rolling.empty && c.hourCallers === 0) continue;
      const minutes: MinuteEntry[] = [];
      c.rolling.forEachHeld((minute, { callers, reportIds }) => minutes.push({ minute, callers, reportIds }));
      cells.push({ key: c.key, minutes, hourCallers: c.hourCallers });
    }
    return { cells, day: [...this.dayCallers], hourCity: this.hourCity, dayCity: this.dayCity };
  }

  /** Take up `state`: every held minute goes back through the windows, oldest first across cells. */
  private resume(state: CityStateState): void {
    const held = state.cells
      .flatMap(({ key, minutes }) => minutes.map((e) => ({ key, e })))
      .sort((a, b) => a.e.minute - b.e.minute);
    for (const { key, e } of held) {
      const cell = this.cells.get(key)!;
      cell.rolling.add(e.minute, e);
      this.topicCallers.get(cell.topic)!.add(e.minute, e.callers.length);
      this.districtCallers.get(cell.district)!.add(e.minute, e.callers.length);
    }
    for (const { key, hourCallers } of state.cells) {
      const cell = this.cells.get(key);
      if (cell) cell.hourCallers = hourCallers;
    }
    for (const [k, v] of state.day) this.dayCallers.set(k, v);
    this.hourCity = state.hourCity;
    this.dayCity = state.dayCity;
  }
}
