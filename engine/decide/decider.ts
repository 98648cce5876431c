// The deciding stage: closed minutes in, alert events out. It depends on event time only, so a replay
// at any speed, or a partitioned pipeline feeding it the merged series, gives byte-identical alerts.
import type { AlertEvent } from '../../schemas/alert-event.ts';
import type { Profile } from '../profile/city-profile.ts';
import { MINUTE_MS, type CityClock } from '../time/event-time.ts';
import type { MinuteSeries } from '../windows/minute-series.ts';
import { AlertBook, type BookState } from './alert-book.ts';
import { CityState, type CityStateState } from './city-state.ts';
import { cellKey } from '../windows/minute-series.ts';
import {
  CITYWIDE_PREFIX,
  surgeKey,
  type DecisionContext,
  type DetectorSuite,
  type DetectorSuiteState,
} from './decision-context.ts';
import { windowExpectation } from './window-expectation.ts';
import { warmStartBaseline, type HourlyCount } from './warm-start.ts';
import { resolveDeciderOptions, windowsProblem, type DeciderOptions, type DeciderSettings } from './decider-options.ts';
import { DefaultSuite } from './default-suite.ts';
import { EarsSuite } from './ears-suite.ts';
import { SeasonalBaseline, type BaselineState } from './seasonal-baseline.ts';

/** Everything a decider needs to resume where it stands. */
export interface DeciderState {
  readonly lastMinute: number | null;
  readonly minutesInHour: number;
  readonly minutesInDay: number;
  readonly city: CityStateState;
  readonly baseline: BaselineState;
  readonly book: BookState;
  readonly suite: DetectorSuiteState;
}

const NOT_STARTED = -1e9;
const PARTIAL = -1e6;
const NO_SHOCK = (): number => 1;

export class Decider {
  readonly options: DeciderOptions;
  readonly baseline: SeasonalBaseline;
  private readonly city: CityState;
  private readonly book: AlertBook;
  private readonly suite: DetectorSuite;
  private lastMinute: number | null = null;
  /**
   * Minutes seen of the current local hour and day: only fully seen ones teach the baseline. Until the
   * first report they stay at NOT_STARTED, and the hour and day of the first report are partial by
   * definition, so the empty minutes a counter closes before the data begin never change a decision.
   */
  private minutesInHour = NOT_STARTED;
  private minutesInDay = NOT_STARTED;

  /** Where the minute being decided collects its events (one emit function for every minute). */
  private events: AlertEvent[] = [];
  private readonly emit = (event: AlertEvent | null): void => {
    if (event) this.events.push(event);
  };

  private readonly cityHourly = (hourOfWeek: number): number => this.baseline.cityHourly(hourOfWeek);
  /** The city's expectation per window for the minute being decided (rewritten each minute; read within it). */
  private readonly cityExpected: number[];

  /**
   * `options`: settings over the profile's `detector` ones over the defaults. `state`: where a decider of the same
   * profile and options stood (its suite must be of this detector).
   */
  constructor(
    private readonly profile: Profile,
    private readonly clock: CityClock,
    options: DeciderSettings = {},
    state?: DeciderState,
  ) {
    this.options = resolveDeciderOptions(profile.data.detector, options);
    const problem = windowsProblem(this.options.windows);
    if (problem) throw new RangeError(`windows: ${problem}`);
    const suite = state?.suite;
    if (suite && suite.detector !== this.options.detector)
      throw new RangeError(`a ${suite.detector} detector's state cannot resume the ${this.options.detector} detector`);
    this.baseline = new SeasonalBaseline(profile, this.options.baseline, state?.baseline);
    this.city = new CityState(profile, this.options.windows, state?.city);
    this.cityExpected = this.options.windows.map(() => 0);
    this.book = new AlertBook(profile, clock, this.options.quietMinutes, state?.book);
    this.suite =
      this.options.detector === 'ears'
        ? new EarsSuite(suite?.detector === 'ears' ? suite.series : undefined)
        : new DefaultSuite(this.options, suite?.detector === 'default' ? suite : undefined);
    if (!state) return;
    this.lastMinute = state.lastMinute;
    this.minutesInHour = state.minutesInHour;
    this.minutesInDay = state.minutesInDay;
  }

  /** Decide one closed minute. Minutes must come in increasing order; gaps are filled as empty minutes. */
  onMinute(series: MinuteSeries): AlertEvent[] {
    if (this.lastMinute !== null && series.minute <= this.lastMinute) {
      throw new RangeError(`minute ${series.minute} is not after ${this.lastMinute}: series must arrive in order`);
    }
    const events: AlertEvent[] = (this.events = []);
    if (this.lastMinute !== null)
      for (let m = this.lastMinute + 1; m < series.minute; m++) this.decide({ minute: m, cells: [] });
    this.decide(series);
    return events;
  }

  private decide(series: MinuteSeries): void {
    this.lastMinute = series.minute;
    if (this.minutesInHour === NOT_STARTED && series.cells.length > 0) this.minutesInHour = this.minutesInDay = PARTIAL;
    const localMinute = series.minute + this.clock.offsetMinutes(series.minute * MINUTE_MS);
    const touched = this.city.add(series, series.minute - (localMinute % 60));
    const cityExpected = this.cityExpected;
    for (let i = 0; i < cityExpected.length; i++)
      cityExpected[i] = windowExpectation(this.clock, series.minute, this.options.windows[i], this.cityHourly);
    const ctx: DecisionContext = {
      profile: this.profile,
      clock: this.clock,
      options: this.options,
      state: this.city,
      baseline: this.baseline,
      book: this.book,
      minute: series.minute,
      at: (series.minute + 1) * MINUTE_MS,
      cityExpected,
      topicFactor: this.topicFactors(),
      emit: this.emit,
    };
    this.suite.onMinute(ctx, touched);
    if (this.minutesInHour === NOT_STARTED) return;
    this.minutesInHour++;
    this.minutesInDay++;
    if ((localMinute + 1) % 60 === 0) this.closeHour(ctx);
    if ((localMinute + 1) % 1440 === 0) this.closeDay(ctx);
  }

  /** The open citywide alerts' ratios: districts of a shocked topic are read against the shock. */
  private topicFactors(): (topic: string) => number {
    if (this.book.size === 0) return NO_SHOCK;
    let factors: Map<string, number> | null = null;
    for (const key of this.book.keys())
      if (key.startsWith(CITYWIDE_PREFIX))
        (factors ??= new Map()).set(key.slice(CITYWIDE_PREFIX.length), Math.max(1, this.book.get(key)!.ratio));
    return factors ? (topic) => factors.get(topic) ?? 1 : NO_SHOCK;
  }

  private closeHour(ctx: DecisionContext): void {
    const hourOfWeek = this.clock.hourOfWeek(ctx.minute * MINUTE_MS);
    const full = this.minutesInHour === 60;
    this.suite.onHourClosed(ctx, hourOfWeek, full);
    if (full) this.baseline.learnHour(hourOfWeek, this.city.hourCity);
    this.city.closeHour();
    this.minutesInHour = 0;
  }

  private closeDay(ctx: DecisionContext): void {
    this.suite.onDayClosed(ctx, this.minutesInDay === 1440);
    if (this.minutesInDay === 1440) this.baseline.learnDay(this.city.dayCallers, this.city.dayCity);
    this.city.closeDay();
    this.minutesInDay = 0;
  }

  /** An incident alert opened in a cell: link it from the cell's open surge, if there is one. */
  linkIncident(district: string, topic: string, incidentId: string, minute: number): AlertEvent | null {
    return this.book.link(surgeKey(cellKey(district, topic)), incidentId, (minute + 1) * MINUTE_MS);
  }

  /** Learn stored history (hourly counts per cell) before the first minute: see warm-start.ts. */
  warmStart(rows: readonly HourlyCount[], from: number, until: number): number {
    return warmStartBaseline(this.baseline, this.clock, rows, from, until);
  }

  /** Where this decider stands; its windows' held minutes are their own arrays, not copies. */
  state(): DeciderState {
    return {
      lastMinute: this.lastMinute,
      minutesInHour: this.minutesInHour,
      minutesInDay: this.minutesInDay,
      city: this.city.state(),
      baseline: this.baseline.state(),
      book: this.book.state(),
      suite: this.suite.state(),
    };
  }
}
