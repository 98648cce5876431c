// The deciding stage's memory of the city: per cell and per topic trailing windows, and the calls of
// the current local hour and day, fed one closed minute at a time.
import type { Profile } from '../profile/city-profile.ts';
import { UNKNOWN } from '../intake/report.ts';
import { cellKey, type MinuteSeries } from '../windows/minute-series.ts';
import { RollingCallers, type MinuteEntry } from './rolling-callers.ts';

export interface CellState {
  readonly key: string;
  readonly district: string;
  readonly topic: string;
  readonly rolling: RollingCallers;
  /** Distinct callers seen in the current local hour. */
  readonly hourCallers: Set<string>;
}

export interface CityStateSnapshot {
  readonly cells: Array<[string, MinuteEntry[], string[]]>;
  readonly topics: Array<[string, MinuteEntry[]]>;
  readonly day: Array<[string, number]>;
  readonly hourCity: number;
  readonly dayCity: number;
}

export class CityState {
  /** Every testable cell of the profile, in a fixed order. */
  readonly cells = new Map<string, CellState>();
  /** Per topic, all districts together (callers are deduplicated across districts). */
  readonly topics = new Map<string, RollingCallers>();
  /** Callers per cell summed over the closed hours of the current local day. */
  readonly dayCallers = new Map<string, number>();
  hourCity = 0;
  dayCity = 0;

  constructor(profile: Profile, windows: readonly number[]) {
    for (const district of profile.districtCodes)
      for (const topic of profile.topicCodes) {
        const key = cellKey(district, topic);
        this.cells.set(key, { key, district, topic, rolling: new RollingCallers(windows), hourCallers: new Set() });
      }
    for (const topic of profile.topicCodes) this.topics.set(topic, new RollingCallers(windows));
  }

  /** Take in one closed minute; returns the cells and topics that received callers. */
  add(series: MinuteSeries): { cells: CellState[]; topics: string[] } {
    const cells: CellState[] = [];
    const topics = new Map<string, { callers: string[]; reportIds: string[] }>();
    for (const c of series.cells) {
      if (c.topic === UNKNOWN) continue;
      const entry = { minute: series.minute, callers: c.callers, reportIds: c.reportIds };
      let t = topics.get(c.topic);
      if (!t) topics.set(c.topic, (t = { callers: [], reportIds: [] }));
      t.callers.push(...c.callers);
      t.reportIds.push(...c.reportIds);
      this.hourCity += c.callers.length;
      const cell = this.cells.get(cellKey(c.district, c.topic));
      if (!cell) continue; // district not settled: counts city-wide only
      cell.rolling.add(entry);
      for (const caller of c.callers) cell.hourCallers.add(caller);
      cells.push(cell);
    }
    for (const [topic, t] of topics) this.topics.get(topic)?.add({ minute: series.minute, callers: [...new Set(t.callers)], reportIds: t.reportIds });
    return { cells, topics: [...topics.keys()] };
  }

  /** Close the local hour: fold each cell's hourly callers into the day and start afresh. */
  closeHour(): void {
    for (const cell of this.cells.values()) {
      if (cell.hourCallers.size === 0) continue;
      this.dayCallers.set(cell.key, (this.dayCallers.get(cell.key) ?? 0) + cell.hourCallers.size);
      cell.hourCallers.clear();
    }
    this.dayCity += this.hourCity;
    this.hourCity = 0;
  }

  closeDay(): void {
    this.dayCallers.clear();
    this.dayCity = 0;
  }

  snapshot(): CityStateSnapshot {
    return {
      cells: [...this.cells.values()].filter((c) => !c.rolling.empty || c.hourCallers.size > 0)
        .map((c) => [c.key, c.rolling.held(), [...c.hourCallers]]),
      topics: [...this.topics].filter(([, r]) => !r.empty).map(([t, r]) => [t, r.held()]),
      day: [...this.dayCallers],
      hourCity: this.hourCity,
      dayCity: this.dayCity,
    };
  }

  restore(s: CityStateSnapshot): void {
    for (const [key, held, hour] of s.cells) {
      const cell = this.cells.get(key);
      if (!cell) continue;
      for (const e of held) cell.rolling.add(e);
      for (const c of hour) cell.hourCallers.add(c);
    }
    for (const [topic, held] of s.topics) for (const e of held) this.topics.get(topic)?.add(e);
    for (const [k, v] of s.day) this.dayCallers.set(k, v);
    this.hourCity = s.hourCity;
    this.dayCity = s.dayCity;
  }
}
