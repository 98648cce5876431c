// Slow-rise detection: a Poisson CUSUM per cell on hourly distinct callers against the baseline says
// that a rise is under way; the trailing hours must also pass a negative-binomial test, so an ordinary
// busy day (counts vary from day to day more than Poisson allows) does not alarm.
// A cell's span is read against its district's other topics over the same hours (the group's track), so a day on
// which the whole district is busy does not confirm a rise of each of its topics.
import { excessRatio, negativeBinomialUpperTail, poissonCusumStep } from '../stats/index.ts';
import type { DistrictOptions } from './decider-options.ts';

export interface SlowRiseOptions {
  /** The CUSUM is tuned to detect a rate of shift × expected. */
  readonly shift: number;
  /** CUSUM alarm level (log-likelihood units). */
  readonly threshold: number;
  /** Trailing spans (hours) tested once the CUSUM alarms; the most significant one is reported. */
  readonly spans: readonly number[];
  /** A span must be at least this many times its expectation… */
  readonly minRatio: number;
  /** …and this unlikely under the negative binomial of day-to-day variation. */
  readonly maxP: number;
  readonly dispersion: number;
}

/** A rise found: the totals of the most significant trailing span. */
export interface SlowRiseFinding {
  readonly statistic: number;
  readonly hours: number;
  readonly observed: number;
  readonly expected: number;
  readonly pValue: number;
}

/** A cell's CUSUM and its recent closed hours, oldest first: [observed, expected]. */
export interface TrackState {
  readonly s: number;
  readonly hours: Array<[number, number]>;
}

/** Every cell's track, by cell key. */
export type SlowRiseState = Array<[string, TrackState]>;

/** The same held in two number arrays (no array per hour). */
interface CellTrack {
  s: number;
  observed: number[];
  expected: number[];
}

export class SlowRise {
  private readonly cells = new Map<string, CellTrack>();
  private readonly keep: number;

  /** `state`: the tracks of a SlowRise with the same options; `district`: how a group's level scales a span. */
  constructor(
    private readonly options: SlowRiseOptions,
    state: SlowRiseState = [],
    private readonly district: DistrictOptions = { minRatio: Infinity, pseudoCount: 0 },
  ) {
    this.keep = Math.max(...options.spans);
    for (const [k, v] of state)
      this.cells.set(k, { s: v.s, observed: v.hours.map(([x]) => x), expected: v.hours.map(([, e]) => e) });
  }

  /** Feed one closed hour of a group of cells (a district, keyed apart from cells): kept for the spans, no CUSUM. */
  note(group: string, observed: number, expected: number): void {
    const track = this.cells.get(group) ?? { s: 0, observed: [], expected: [] };
    track.observed.push(observed);
    track.expected.push(expected);
    if (track.observed.length > this.keep) {
      track.observed.shift();
      track.expected.shift();
    }
    this.cells.set(group, track);
  }

  /**
   * Feed one closed hour of a cell; returns a finding when the rise is both sustained and significant. `group`: the
   * key its district's hours were noted under (this hour included), whose other cells scale each span's expectation.
   */
  step(cell: string, observed: number, expected: number, group?: string): SlowRiseFinding | null {
    const o = this.options;
    const known = this.cells.get(cell);
    // A quiet hour in a cell with no rise under way changes nothing: most cells, most hours.
    if (known === undefined && observed === 0 && o.shift >= 1) return null;
    const track = known ?? { s: 0, observed: [], expected: [] };
    track.s = poissonCusumStep(track.s, observed, expected, o.shift);
    track.observed.push(observed);
    track.expected.push(expected);
    if (track.observed.length > this.keep) {
      track.observed.shift();
      track.expected.shift();
    }
    if (track.s === 0 && observed === 0) this.cells.delete(cell);
    else this.cells.set(cell, track);
    return track.s >= o.threshold ? this.confirm(track, group === undefined ? undefined : this.cells.get(group)) : null;
  }

  private confirm(track: CellTrack, group: CellTrack | undefined): SlowRiseFinding | null {
    const o = this.options;
    let best: SlowRiseFinding | null = null;
    for (const span of o.spans) {
      const held = track.observed.length;
      if (span > held) continue;
      let observed = 0;
      let expected = 0;
      for (let h = held - span; h < held; h++) {
        observed += track.observed[h];
        expected += track.expected[h];
      }
      expected *= this.groupFactor(group, span, observed, expected);
      if (observed < o.minRatio * expected) continue;
      const pValue = negativeBinomialUpperTail(observed, expected, o.dispersion);
      if (pValue <= o.maxP && (!best || pValue < best.pValue))
        best = { statistic: track.s, hours: span, observed, expected, pValue };
    }
    return best;
  }

  /** The group's other cells over the last `span` hours: their observed ÷ expected when high, else 1. */
  private groupFactor(group: CellTrack | undefined, span: number, own: number, ownExpected: number): number {
    if (group === undefined || group.observed.length < span) return 1;
    let observed = 0;
    let expected = 0;
    for (let h = group.observed.length - span; h < group.observed.length; h++) {
      observed += group.observed[h];
      expected += group.expected[h];
    }
    const d = this.district;
    return excessRatio(Math.max(0, observed - own), Math.max(0, expected - ownExpected), d.pseudoCount, d.minRatio);
  }

  /** Start afresh once an episode is over, so it cannot re-alarm on old evidence. */
  reset(cell: string): void {
    this.cells.delete(cell);
  }

  state(): SlowRiseState {
    return [...this.cells].map(([k, t]) => [k, { s: t.s, hours: t.observed.map((x, h) => [x, t.expected[h]]) }]);
  }
}
