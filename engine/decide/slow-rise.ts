// Slow-rise detection: a Poisson CUSUM per cell on hourly distinct callers against the baseline finds
// where a rise began; the run since then must also pass a negative-binomial test, so an ordinary busy
// day (counts vary from day to day more than Poisson allows) does not alarm.
import { negativeBinomialUpperTail, poissonCusumStep } from '../stats/index.ts';

export interface SlowRiseOptions {
  /** The CUSUM is tuned to detect a rate of shift × expected. */
  readonly shift: number;
  /** CUSUM alarm level (log-likelihood units). */
  readonly threshold: number;
  /** The run must be at least this many times its expectation… */
  readonly minRatio: number;
  /** …and this unlikely under the negative binomial of day-to-day variation. */
  readonly maxP: number;
  readonly dispersion: number;
}

/** A rise found: the run's totals since the CUSUM last stood at zero. */
export interface SlowRiseFinding {
  readonly statistic: number;
  readonly hours: number;
  readonly observed: number;
  readonly expected: number;
  readonly pValue: number;
}

interface Run {
  s: number;
  hours: number;
  observed: number;
  expected: number;
}

export class SlowRise {
  private readonly runs = new Map<string, Run>();

  constructor(private readonly options: SlowRiseOptions) {}

  /** Feed one closed hour of a cell; returns a finding when the rise is both sustained and significant. */
  step(cell: string, observed: number, expected: number): SlowRiseFinding | null {
    const o = this.options;
    const run = this.runs.get(cell) ?? { s: 0, hours: 0, observed: 0, expected: 0 };
    run.s = poissonCusumStep(run.s, observed, expected, o.shift);
    if (run.s === 0) {
      this.runs.delete(cell);
      return null;
    }
    run.hours++;
    run.observed += observed;
    run.expected += expected;
    this.runs.set(cell, run);
    if (run.s < o.threshold || run.observed < o.minRatio * run.expected) return null;
    const pValue = negativeBinomialUpperTail(run.observed, run.expected, o.dispersion);
    return pValue <= o.maxP ? { statistic: run.s, hours: run.hours, observed: run.observed, expected: run.expected, pValue } : null;
  }

  /** Start afresh once an episode is over, so it cannot re-alarm on old evidence. */
  reset(cell: string): void {
    this.runs.delete(cell);
  }

  snapshot(): Array<[string, Run]> {
    return [...this.runs];
  }

  restore(entries: Array<[string, Run]>): void {
    this.runs.clear();
    for (const [k, v] of entries) this.runs.set(k, { ...v });
  }
}
