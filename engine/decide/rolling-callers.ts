// Distinct callers and reports of one cell over several trailing windows, updated one closed minute at a time.
// Each window keeps a caller → occurrences map, so adding and expiring a minute costs only its own callers.

export interface MinuteEntry {
  readonly minute: number;
  readonly callers: readonly string[];
  readonly reportIds: readonly string[];
}

interface Window {
  readonly minutes: number;
  /** Index into `entries` of the oldest minute still inside this window. */
  start: number;
  readonly callers: Map<string, number>;
  reports: number;
}

export interface WindowCounts {
  readonly minutes: number;
  readonly distinctCallers: number;
  readonly reports: number;
}

export class RollingCallers {
  private entries: MinuteEntry[] = [];
  private readonly windows: Window[];

  /** @param windowMinutes trailing window lengths, e.g. [30, 60, 180] */
  constructor(readonly windowMinutes: readonly number[]) {
    this.windows = windowMinutes.map((minutes) => ({ minutes, start: 0, callers: new Map(), reports: 0 }));
  }

  /** Add a closed minute (minutes must arrive in increasing order). */
  add(entry: MinuteEntry): void {
    this.entries.push(entry);
    for (const w of this.windows) {
      for (const c of entry.callers) w.callers.set(c, (w.callers.get(c) ?? 0) + 1);
      w.reports += entry.reportIds.length;
    }
  }

  /** Expire every minute that has left its window by `minute` (inclusive end of all windows). */
  advance(minute: number): void {
    for (const w of this.windows) {
      while (w.start < this.entries.length && this.entries[w.start].minute <= minute - w.minutes) {
        const old = this.entries[w.start++];
        for (const c of old.callers) {
          const n = w.callers.get(c)! - 1;
          if (n === 0) w.callers.delete(c);
          else w.callers.set(c, n);
        }
        w.reports -= old.reportIds.length;
      }
    }
    const drop = Math.min(...this.windows.map((w) => w.start));
    if (drop > 64 && drop * 2 > this.entries.length) {
      this.entries = this.entries.slice(drop);
      for (const w of this.windows) w.start -= drop;
    }
  }

  /** Counts per window, in the order of `windowMinutes`. */
  counts(): WindowCounts[] {
    return this.windows.map((w) => ({ minutes: w.minutes, distinctCallers: w.callers.size, reports: w.reports }));
  }

  /** True when no minute is left in any window. */
  get empty(): boolean {
    return this.windows.every((w) => w.start >= this.entries.length);
  }

  /** Report ids inside the trailing `minutes` window, oldest first. */
  reportIds(minutes: number): string[] {
    const w = this.windows.find((x) => x.minutes === minutes) ?? this.windows[this.windows.length - 1];
    return this.entries.slice(w.start).flatMap((e) => e.reportIds);
  }

  /** Minutes still held, for checkpoints. */
  held(): MinuteEntry[] {
    return this.entries.slice(Math.min(...this.windows.map((w) => w.start)));
  }
}
