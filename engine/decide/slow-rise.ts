// Slow-rise detection: a Poisson CUSUM per cell on hourly distinct callers against the baseline,
// for problems that build over a day without any single hour standing out.
import { poissonCusumStep } from '../stats/index.ts';

export class SlowRise {
  private readonly sums = new Map<string, number>();

  constructor(private readonly shift: number, private readonly threshold: number) {}

  /** Feed one closed hour; returns the statistic when it crosses the threshold. */
  step(cell: string, observed: number, expected: number): number | null {
    const s = poissonCusumStep(this.sums.get(cell) ?? 0, observed, expected, this.shift);
    if (s === 0) this.sums.delete(cell);
    else this.sums.set(cell, s);
    return s >= this.threshold ? s : null;
  }

  value(cell: string): number {
    return this.sums.get(cell) ?? 0;
  }

  /** Start afresh once an episode is over, so it cannot re-alarm on old evidence. */
  reset(cell: string): void {
    this.sums.delete(cell);
  }

  snapshot(): Array<[string, number]> {
    return [...this.sums];
  }

  restore(entries: Array<[string, number]>): void {
    this.sums.clear();
    for (const [k, v] of entries) this.sums.set(k, v);
  }
}
