// The closed minutes of every cell for the local day so far, as SERIES carries them: what "now" is in the heat
// grid (the last window) and the day's total. Setting a cell-minute twice (seeded from the store, then read again
// from the stream) is harmless: a minute is replaced, never added to.
import { MINUTE_MS, type CityClock } from '../../engine/time/event-time.ts';

const DAY_MS = 86_400_000;

export interface CellMinuteFigure {
  readonly district: string;
  readonly topic: string;
  /** Epoch minute index. */
  readonly minute: number;
  readonly reports: number;
  readonly callers: number;
}

export interface WindowTotals {
  /** Per cell (`district.topic`) over the window. */
  readonly cells: Map<string, { district: string; topic: string; reports: number; callers: number }>;
  readonly reportsLastWindow: number;
  readonly reportsToday: number;
  readonly day: string;
}

export class CellWindow {
  private readonly minutes = new Map<number, Map<string, CellMinuteFigure>>();

  constructor(
    private readonly clock: CityClock,
    readonly windowMinutes = 60,
  ) {}

  set(m: CellMinuteFigure): void {
    let cells = this.minutes.get(m.minute);
    if (!cells) this.minutes.set(m.minute, (cells = new Map()));
    cells.set(`${m.district}.${m.topic}`, m);
  }

  /** Local midnight of `now`'s day, epoch ms. */
  dayStart(now: number): number {
    const local = now + this.clock.offsetMinutes(now) * MINUTE_MS;
    return now - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  }

  /** The oldest time `totals(now)` reads: the day's start or the window's, whichever is earlier. */
  keepFrom(now: number): number {
    return Math.min(this.dayStart(now), now - this.windowMinutes * MINUTE_MS);
  }

  /**
   * Closed minutes before `now` (epoch ms): each cell over [now − window, now), and the local day's reports.
   * Minutes older than both the window and the day are dropped.
   */
  totals(now: number): WindowTotals {
    const day = this.clock.localDay(now);
    const dayStart = this.dayStart(now);
    const windowStart = now - this.windowMinutes * MINUTE_MS;
    const keepFrom = this.keepFrom(now);
    const cells: WindowTotals['cells'] = new Map();
    let reportsLastWindow = 0;
    let reportsToday = 0;
    for (const [minute, figures] of this.minutes) {
      const t = minute * MINUTE_MS;
      if (t < keepFrom) {
        this.minutes.delete(minute);
        continue;
      }
      if (t >= now) continue;
      for (const [key, f] of figures) {
        if (t >= dayStart) reportsToday += f.reports;
        if (t < windowStart) continue;
        reportsLastWindow += f.reports;
        const c = cells.get(key);
        if (c) {
          c.reports += f.reports;
          c.callers += f.callers;
        } else cells.set(key, { district: f.district, topic: f.topic, reports: f.reports, callers: f.callers });
      }
    }
    return { cells, reportsLastWindow, reportsToday, day };
  }
}
