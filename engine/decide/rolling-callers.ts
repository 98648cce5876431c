// Distinct callers and reports of one cell over several trailing windows, updated one closed minute at a time.
// One map remembers each caller's last minute: a caller enters a window when it was not in it before,
// and leaves when the minute that expires held its last call — so each call costs one lookup per window.

export interface MinuteEntry {
  readonly minute: number;
  readonly callers: readonly string[];
  readonly reportIds: readonly string[];
}

export interface WindowCounts {
  readonly minutes: number;
  readonly distinctCallers: number;
  readonly reports: number;
}

export class RollingCallers {
  private entries: MinuteEntry[] = [];
  /** Index into `entries` of the oldest minute still inside each window. */
  private readonly starts: number[];
  private readonly distinct: number[];
  private readonly reports: number[];
  /** Each caller's latest minute within the longest window. */
  private readonly lastSeen = new Map<string, number>();

  /** @param windowMinutes trailing window lengths in increasing order, e.g. [30, 60, 180] */
  constructor(readonly windowMinutes: readonly number[]) {
    if (windowMinutes.some((w, i) => i > 0 && w <= windowMinutes[i - 1])) throw new RangeError('windows must increase');
    this.starts = windowMinutes.map(() => 0);
    this.distinct = windowMinutes.map(() => 0);
    this.reports = windowMinutes.map(() => 0);
  }

  /** Add a closed minute (minutes must arrive in increasing order; call `advance` first to expire old ones). */
  add(entry: MinuteEntry): void {
    this.advance(entry.minute);
    this.entries.push(entry);
    for (const c of entry.callers) {
      const last = this.lastSeen.get(c);
      for (let i = 0; i < this.windowMinutes.length; i++) if (last === undefined || last <= entry.minute - this.windowMinutes[i]) this.distinct[i]++;
      this.lastSeen.set(c, entry.minute);
    }
    for (let i = 0; i < this.reports.length; i++) this.reports[i] += entry.reportIds.length;
  }

  /** Expire every minute that has left its window by `minute` (inclusive end of all windows). */
  advance(minute: number): void {
    const longest = this.windowMinutes.length - 1;
    for (let i = 0; i <= longest; i++) {
      const from = minute - this.windowMinutes[i];
      while (this.starts[i] < this.entries.length && this.entries[this.starts[i]].minute <= from) {
        const old = this.entries[this.starts[i]++];
        for (const c of old.callers) {
          if (this.lastSeen.get(c) !== old.minute) continue;
          this.distinct[i]--;
          if (i === longest) this.lastSeen.delete(c);
        }
        this.reports[i] -= old.reportIds.length;
      }
    }
    const drop = this.starts[longest];
    if (drop > 64 && drop * 2 > this.entries.length) {
      this.entries = this.entries.slice(drop);
      for (let i = 0; i <= longest; i++) this.starts[i] -= drop;
    }
  }

  /** Counts per window, in the order of `windowMinutes`. */
  counts(): WindowCounts[] {
    return this.windowMinutes.map((_, i) => this.count(i));
  }

  /** Counts of window `i` (an index into `windowMinutes`). */
  count(i: number): WindowCounts {
    return { minutes: this.windowMinutes[i], distinctCallers: this.distinct[i], reports: this.reports[i] };
  }

  /** Distinct callers in window `i`, without allocating. */
  distinctIn(i: number): number {
    return this.distinct[i];
  }

  /** True when no minute is left in any window. */
  get empty(): boolean {
    return this.starts[this.windowMinutes.length - 1] >= this.entries.length;
  }

  /** Report ids inside the trailing `minutes` window, oldest first. */
  reportIds(minutes: number): string[] {
    const found = this.windowMinutes.indexOf(minutes);
    const i = found < 0 ? this.windowMinutes.length - 1 : found;
    return this.entries.slice(this.starts[i]).flatMap((e) => e.reportIds);
  }

  /** Minutes still held, for checkpoints. */
  held(): MinuteEntry[] {
    return this.entries.slice(this.starts[this.windowMinutes.length - 1]);
  }
}
