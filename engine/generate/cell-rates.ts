// The volume model of the synthetic feed: expected reports per district×topic cell by weekday and hour.
import type { Profile } from '../profile/city-profile.ts';
import { HOUR_MS, MINUTE_MS, type CityClock } from '../time/event-time.ts';

/** A piece of a time span inside one local hour. */
export interface HourPiece {
  readonly from: number;
  readonly to: number;
  readonly weekday: number;
  readonly hour: number;
}

export interface Cell {
  readonly index: number;
  readonly district: string;
  readonly topic: string;
}

/** Expected counts from the profile: daily volume × weekday factor × hour shape × district weight × topic share. */
export class CellRates {
  readonly cells: readonly Cell[];
  private readonly weekdayDaily: number[];
  private readonly hourFraction: number[];
  private readonly weekdayFactors: readonly number[];

  constructor(
    readonly profile: Profile,
    private readonly clock: CityClock,
  ) {
    const { districts, topics, hourShape, weekdayFactors, dailyVolume } = profile.data;
    const weightSum = districts.reduce((s, d) => s + d.weight, 0);
    const shareSum = topics.reduce((s, t) => s + t.share, 0) || 1;
    const hourSum = hourShape.reduce((s, h) => s + h, 0) || 1;
    const cells: Cell[] = [];
    this.weekdayDaily = [];
    for (const d of districts) {
      for (const t of topics) {
        cells.push({ index: cells.length, district: d.code, topic: t.code });
        this.weekdayDaily.push(dailyVolume * (d.weight / weightSum) * (t.share / shareSum));
      }
    }
    this.cells = cells;
    this.hourFraction = hourShape.map((h) => h / hourSum);
    this.weekdayFactors = weekdayFactors;
  }

  /** Expected reports in a cell on a day with weekday factor 1. */
  daily(cell: number): number {
    return this.weekdayDaily[cell];
  }

  /** Expected reports in a cell during one local hour of a weekday (0 = Monday). */
  hourly(cell: number, weekday: number, hour: number): number {
    return this.weekdayDaily[cell] * this.weekdayFactors[weekday] * this.hourFraction[hour];
  }

  /** Expected reports in a cell between two epoch times at its normal rate. */
  expectedBetween(cell: number, from: number, to: number): number {
    return this.hourPieces(from, to).reduce(
      (sum, p) => sum + this.hourly(cell, p.weekday, p.hour) * ((p.to - p.from) / HOUR_MS),
      0,
    );
  }

  /** [from, to) cut at local hour boundaries, each piece with its weekday and hour. */
  hourPieces(from: number, to: number): HourPiece[] {
    const pieces: HourPiece[] = [];
    for (let a = from; a < to; ) {
      const offset = this.clock.offsetMinutes(a) * MINUTE_MS;
      const b = Math.min(to, (Math.floor((a + offset) / HOUR_MS) + 1) * HOUR_MS - offset);
      const how = this.clock.hourOfWeek(a);
      pieces.push({ from: a, to: b, weekday: Math.floor(how / 24), hour: how % 24 });
      a = b;
    }
    return pieces;
  }

  /** The busiest hour of the week's expected count: a cell under 1 never sees one report an hour on average. */
  peakHourly(cell: number): number {
    return this.weekdayDaily[cell] * Math.max(...this.weekdayFactors) * Math.max(...this.hourFraction);
  }

  /** Fraction of a day's reports that arrive in local hour h. */
  hourWeight(hour: number): number {
    return this.hourFraction[hour];
  }

  cellOf(district: string, topic: string): Cell {
    const cell = this.cells.find((c) => c.district === district && c.topic === topic);
    if (!cell) throw new RangeError(`no cell ${district}×${topic}`);
    return cell;
  }
}
