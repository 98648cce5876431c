// Sums of a per-minute number over several trailing windows, updated one closed minute at a time.
// Allocation-free after warm-up: the citywide prefilter reads it every few minutes for every topic.

export class RollingSum {
  private minutes: number[] = [];
  private values: number[] = [];
  private readonly starts: number[];
  private readonly totals: number[];

  /** @param windowMinutes trailing window lengths, e.g. [30, 60, 180] */
  constructor(readonly windowMinutes: readonly number[]) {
    this.starts = windowMinutes.map(() => 0);
    this.totals = windowMinutes.map(() => 0);
  }

  /** Add a closed minute's value (minutes in increasing order; several adds to one minute are fine). */
  add(minute: number, value: number): void {
    this.minutes.push(minute);
    this.values.push(value);
    for (let i = 0; i < this.totals.length; i++) this.totals[i] += value;
  }

  /** Totals per window ending with `minute` (inclusive), in the order of `windowMinutes`. */
  sums(minute: number): readonly number[] {
    for (let i = 0; i < this.totals.length; i++) {
      const from = minute - this.windowMinutes[i];
      while (this.starts[i] < this.minutes.length && this.minutes[this.starts[i]] <= from)
        this.totals[i] -= this.values[this.starts[i]++];
    }
    let drop = this.starts[0];
    for (let i = 1; i < this.starts.length; i++) drop = Math.min(drop, this.starts[i]);
    if (drop > 1024 && drop * 2 > this.minutes.length) {
      this.minutes = this.minutes.slice(drop);
      this.values = this.values.slice(drop);
      for (let i = 0; i < this.starts.length; i++) this.starts[i] -= drop;
    }
    return this.totals;
  }
}
