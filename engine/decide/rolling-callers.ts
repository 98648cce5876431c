// Distinct callers and reports of one cell over several trailing windows, updated one closed minute at a time.
// One map remembers each caller's last minute: a caller enters a window when it was not in it before,
// and leaves when the minute that expires held its last call — so each call costs one lookup per window.
// The same map answers "new since minute s?" (the callers of the local hour) for any s inside the longest window.
// Callers are keyed by a 30-bit hash (caller-hash.ts), computed once per call.
import { callerHash } from './caller-hash.ts';
import { IntMap } from './int-map.ts';

/** lastSeen's answer for a caller it does not hold. */
const UNSEEN = -1;

/** One closed minute of a cell as the windows keep it (a CellMinute is one). */
export interface MinuteCallers {
  readonly callers: readonly string[];
  readonly reportIds: readonly string[];
}

/** What a minute's place holds once it has left every window. */
const EXPIRED: MinuteCallers = Object.freeze({ callers: Object.freeze([]), reportIds: Object.freeze([]) });

export interface MinuteEntry extends MinuteCallers {
  readonly minute: number;
}

export interface WindowCounts {
  readonly minutes: number;
  readonly distinctCallers: number;
  readonly reports: number;
}

export class RollingCallers {
  /** Minutes held, oldest first, and what each held (parallel arrays: no object per minute). */
  private readonly minutes: number[] = [];
  private readonly held: MinuteCallers[] = [];
  /** The held minutes' caller hashes one after another (no array per minute); minute k's begin at hashStarts[k]. */
  private pool = new Int32Array(16);
  private poolEnd = 0;
  private readonly hashStarts: number[] = [];
  /** Reports added in all held minutes so far, and the running total before minute k (reportStarts[k]). */
  private reportEnd = 0;
  private readonly reportStarts: number[] = [];
  /** Index of the oldest minute still inside each window. */
  private readonly starts: number[];
  private readonly distinct: number[];
  /** The minute of the last advance(): expiry up to it is done. */
  private advancedTo = -Infinity;
  /** Each caller's (hash's) latest minute within the longest window. */
  private readonly lastSeen = new IntMap();

  /** @param windowMinutes trailing window lengths in increasing order, e.g. [30, 60, 180] */
  constructor(readonly windowMinutes: readonly number[]) {
    if (windowMinutes.some((w, i) => i > 0 && w <= windowMinutes[i - 1])) throw new RangeError('windows must increase');
    this.starts = windowMinutes.map(() => 0);
    this.distinct = windowMinutes.map(() => 0);
  }

  /**
   * Add a closed minute (minutes in increasing order; older ones expire first). Returns how many of its
   * callers were not heard since minute `since`, which must lie inside the longest window (default: this minute).
   */
  add(minute: number, entry: MinuteCallers, since = minute): number {
    this.advance(minute);
    this.minutes.push(minute);
    this.held.push(entry);
    this.hashStarts.push(this.poolEnd);
    this.reportStarts.push(this.reportEnd);
    this.reportEnd += entry.reportIds.length;
    const callers = entry.callers;
    if (this.poolEnd + callers.length > this.pool.length) this.growPool(callers.length);
    const windows = this.windowMinutes;
    let fresh = 0;
    for (let k = 0; k < callers.length; k++) {
      const c = callerHash(callers[k]);
      this.pool[this.poolEnd++] = c;
      const last = this.lastSeen.exchange(c, minute, UNSEEN);
      if (last === UNSEEN) {
        fresh++;
        for (let i = 0; i < windows.length; i++) this.distinct[i]++;
      } else {
        if (last < since) fresh++;
        for (let i = 0; i < windows.length; i++) if (last <= minute - windows[i]) this.distinct[i]++;
      }
    }
    return fresh;
  }

  /** Expire every minute that has left its window by `minute` (inclusive end of all windows). */
  advance(minute: number): void {
    // Asked again for the same minute (add, then the tests of the minute), there is nothing left to expire.
    if (minute === this.advancedTo) return;
    this.advancedTo = minute;
    const longest = this.windowMinutes.length - 1;
    const held = this.minutes.length;
    for (let i = 0; i <= longest; i++) {
      const from = minute - this.windowMinutes[i];
      while (this.starts[i] < held && this.minutes[this.starts[i]] <= from) this.expire(i, this.starts[i]++);
    }
    const drop = this.starts[longest];
    if (drop > 64 && drop * 2 > held) {
      const base = drop < held ? this.hashStarts[drop] : this.poolEnd;
      const reportBase = drop < held ? this.reportStarts[drop] : this.reportEnd;
      this.pool.copyWithin(0, base, this.poolEnd);
      this.poolEnd -= base;
      this.reportEnd -= reportBase;
      // Shifted in place: this runs every few dozen minutes per cell, and fresh arrays were garbage each time.
      for (let k = drop; k < held; k++) {
        this.hashStarts[k - drop] = this.hashStarts[k] - base;
        this.reportStarts[k - drop] = this.reportStarts[k] - reportBase;
        this.minutes[k - drop] = this.minutes[k];
        this.held[k - drop] = this.held[k];
      }
      this.hashStarts.length = this.reportStarts.length = this.minutes.length = this.held.length = held - drop;
      for (let i = 0; i <= longest; i++) this.starts[i] -= drop;
    }
  }

  private growPool(more: number): void {
    const pool = new Int32Array(Math.max(2 * this.pool.length, this.poolEnd + more));
    pool.set(this.pool.subarray(0, this.poolEnd));
    this.pool = pool;
  }

  private expire(window: number, index: number): void {
    const minute = this.minutes[index];
    const last = window === this.windowMinutes.length - 1;
    const end = index + 1 < this.hashStarts.length ? this.hashStarts[index + 1] : this.poolEnd;
    for (let k = this.hashStarts[index]; k < end; k++) {
      const c = this.pool[k];
      if (this.lastSeen.get(c, UNSEEN) !== minute) continue;
      this.distinct[window]--;
      if (last) this.lastSeen.delete(c);
    }
    // Out of every window: let the minute's arrays go now, not at the next compaction, which in a quiet cell
    // comes days of event time later (by then the collector has promoted them, and must mark them again).
    if (last) this.held[index] = EXPIRED;
  }

  /** Counts per window, in the order of `windowMinutes`. */
  counts(): WindowCounts[] {
    return this.windowMinutes.map((_, i) => this.count(i));
  }

  /** Counts of window `i` (an index into `windowMinutes`). */
  count(i: number): WindowCounts {
    const start = this.starts[i];
    const reports = start < this.reportStarts.length ? this.reportEnd - this.reportStarts[start] : 0;
    return { minutes: this.windowMinutes[i], distinctCallers: this.distinct[i], reports };
  }

  /** Distinct callers in window `i`, without allocating. */
  distinctIn(i: number): number {
    return this.distinct[i];
  }

  /** True when no minute is left in any window. */
  get empty(): boolean {
    return this.starts[this.windowMinutes.length - 1] >= this.minutes.length;
  }

  /** Report ids inside the trailing `minutes` window, oldest first. */
  reportIds(minutes: number): string[] {
    const found = this.windowMinutes.indexOf(minutes);
    const i = found < 0 ? this.windowMinutes.length - 1 : found;
    return this.held.slice(this.starts[i]).flatMap((e) => e.reportIds);
  }

  /** What minute `minute` held, when it is the newest minute added (else null). */
  latest(minute: number): MinuteCallers | null {
    const n = this.minutes.length;
    return n > 0 && this.minutes[n - 1] === minute ? this.held[n - 1] : null;
  }

  /** Each minute still held, oldest first. */
  forEachHeld(visit: (minute: number, entry: MinuteCallers) => void): void {
    for (let k = this.starts[this.windowMinutes.length - 1]; k < this.minutes.length; k++)
      visit(this.minutes[k], this.held[k]);
  }
}
