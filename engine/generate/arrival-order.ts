// A little out-of-order arrival: file order is arrival order, and a report may arrive up to 90 s after its event time.

/** Never later than this, so every report stays inside the engine's 2-minute lateness. */
export const MAX_DELAY_MS = 90_000;

export interface Arrival<T> {
  /** Event time, epoch ms. */
  readonly t: number;
  /** Arrival time, epoch ms: t plus the delay. */
  readonly arrival: number;
  /** Tie-breaker, increasing in creation order. */
  readonly seq: number;
  readonly item: T;
}

/** Delay of one report in ms: most arrive within seconds, some within a minute, a few up to 90 s. */
export function arrivalDelay(u: () => number): number {
  const r = u();
  const seconds = r < 0.85 ? u() * 5 : r < 0.99 ? 5 + u() * 55 : 60 + u() * 30;
  return Math.floor(seconds) * 1000;
}

const byArrival = <T>(a: Arrival<T>, b: Arrival<T>) => a.arrival - b.arrival || a.t - b.t || a.seq - b.seq;

/** Releases reports day by day in arrival order, carrying those that arrive after the day over to the next. */
export class ArrivalOrder<T> {
  private carried: Arrival<T>[] = [];

  /** Add a batch and return, in arrival order, everything that arrives before `until`. */
  release(batch: readonly Arrival<T>[], until: number): Arrival<T>[] {
    const all = this.carried.concat(batch).sort(byArrival);
    const cut = all.findIndex((a) => a.arrival >= until);
    if (cut === -1) {
      this.carried = [];
      return all;
    }
    this.carried = all.slice(cut);
    return all.slice(0, cut);
  }

  /** Everything still held back, in arrival order. */
  flush(): Arrival<T>[] {
    const rest = this.carried;
    this.carried = [];
    return rest;
  }
}
