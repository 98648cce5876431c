// The deciding stage's memory of the city: per cell trailing windows, and the callers of the current
// local hour and day, fed one closed minute at a time.
import type { Profile } from '../profile/city-profile.ts';
import { UNKNOWN } from '../intake/report.ts';
import { cellKey, type MinuteSeries } from '../windows/minute-series.ts';
import { RollingCallers, heldEntries, type HeldColumns, type MinuteCallers, type MinuteEntry } from './rolling-callers.ts';
import { requireReader, type BlockReader, type BlockSink } from '../checkpoint-blocks.ts';
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

export interface CityStateSnapshot {
  /**
   * Each cell's held minutes and its callers this hour. The minutes are columns; entries in checkpoints written
   * before columns; with `minuteBlocks`, the minute numbers alone, their callers and ids being in those blocks.
   */
  readonly cells: Array<[string, HeldColumns | MinuteEntry[] | number[], number]>;
  /** Each held minute's block in a snapshot taken with a BlockSink: {cell key: [callers, reportIds]}. */
  readonly minuteBlocks?: Array<[number, string]>;
  readonly day: Array<[string, number]>;
  readonly hourCity: number;
  readonly dayCity: number;
}

export class CityState {
  /** Every testable cell of the profile by key, and the same cells in a fixed order (iterated hourly). */
  readonly cells = new Map<string, CellState>();
  readonly cellList: CellState[] = [];
  /** The same cells by district, then topic: no key strings built on the hot path. */
  private readonly byDistrict = new Map<string, Map<string, CellState>>();
  /** The cells of each topic, one per district, in the profile's topic order. */
  readonly byTopic: Array<{ readonly topic: string; readonly cells: CellState[] }> = [];
  /**
   * Per topic, callers summed over its cells minute by minute: an upper bound of the topic's distinct
   * callers (a caller in two districts counts twice), cheap enough to screen every topic every few minutes.
   */
  readonly topicCallers = new Map<string, RollingSum>();
  /** Callers per cell summed over the closed hours of the current local day. */
  readonly dayCallers = new Map<string, number>();
  hourCity = 0;
  dayCity = 0;

  constructor(profile: Profile, windows: readonly number[]) {
    for (const district of profile.districtCodes)
      for (const topic of profile.topicCodes) {
        const key = cellKey(district, topic);
        const cell = { key, surgeKey: surgeKey(key), district, topic, rolling: new RollingCallers(windows), hourCallers: 0, share: 0, shareVersion: -1 };
        this.cells.set(key, cell);
        this.cellList.push(cell);
        if (!this.byDistrict.has(district)) this.byDistrict.set(district, new Map());
        this.byDistrict.get(district)!.set(topic, cell);
      }
    for (const topic of profile.topicCodes) this.byTopic.push({ topic, cells: this.cellList.filter((c) => c.topic === topic) });
    for (const topic of profile.topicCodes) this.topicCallers.set(topic, new RollingSum(windows));
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

  /** JSON-safe state; given a sink, each closed minute's callers and ids go to it once, in one block per minute. */
  snapshot(sink?: BlockSink): CityStateSnapshot {
    const active = this.cellList.filter((c) => !c.rolling.empty || c.hourCallers > 0);
    const rest = { day: [...this.dayCallers], hourCity: this.hourCity, dayCity: this.dayCity };
    if (!sink) return { cells: active.map((c) => [c.key, c.rolling.columns(), c.hourCallers]), ...rest };
    const byMinute = new Map<number, Array<[string, MinuteCallers]>>();
    const cells = active.map((c): [string, number[], number] => {
      const minutes: number[] = [];
      c.rolling.forEachHeld((minute, entry) => {
        minutes.push(minute);
        const held = byMinute.get(minute);
        if (held) held.push([c.key, entry]);
        else byMinute.set(minute, [[c.key, entry]]);
      });
      return [c.key, minutes, c.hourCallers];
    });
    const minuteBlocks = [...byMinute].map(([minute, held]): [number, string] =>
      [minute, sink.value(`minute.${minute}`, () => Object.fromEntries(held.map(([key, e]) => [key, [e.callers, e.reportIds]])))]);
    return { cells, minuteBlocks, ...rest };
  }

  /** Take up a snapshot; `read` resolves the blocks of one taken with a sink. */
  restore(s: CityStateSnapshot, read?: BlockReader): void {
    const entries = heldMinutesOf(s, read);
    const held = s.cells.flatMap(([key, minutes]) => entries(key, minutes).map((e) => ({ key, e })))
      .sort((a, b) => a.e.minute - b.e.minute);
    for (const { key, e } of held) {
      const cell = this.cells.get(key)!;
      cell.rolling.add(e.minute, e);
      this.topicCallers.get(cell.topic)!.add(e.minute, e.callers.length);
    }
    for (const [key, , hour] of s.cells) {
      const cell = this.cells.get(key);
      if (cell) cell.hourCallers = hour;
    }
    for (const [k, v] of s.day) this.dayCallers.set(k, v);
    this.hourCity = s.hourCity;
    this.dayCity = s.dayCity;
  }
}

/** How a snapshot's cells list their held minutes, as entries (see CityStateSnapshot.cells). */
function heldMinutesOf(s: CityStateSnapshot, read: BlockReader | undefined): (key: string, minutes: HeldColumns | MinuteEntry[] | number[]) => MinuteEntry[] {
  if (!s.minuteBlocks) return (_key, minutes) => (Array.isArray(minutes) ? (minutes as MinuteEntry[]) : heldEntries(minutes));
  const reader = requireReader(read, 'city state snapshot');
  const blocks = new Map(s.minuteBlocks.map(([minute, key]) => [minute, reader(key) as Record<string, [string[], string[]]>]));
  return (key, minutes) => (minutes as number[]).map((minute) => {
    const [callers, reportIds] = blocks.get(minute)![key];
    return { minute, callers, reportIds };
  });
}
