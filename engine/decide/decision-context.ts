// What a detector suite may see and do in one closed minute: the city's state, the baseline, the alert book.
import type { SlowRiseState } from './slow-rise.ts';
import type { DayWindowsState } from './day-windows.ts';
import type { EarsSeries } from './ears-suite.ts';
import type { AlertEvent } from '../../schemas/alert-event.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { CityClock } from '../time/event-time.ts';
import type { AlertBook } from './alert-book.ts';
import type { CellState, CityState } from './city-state.ts';
import type { DeciderOptions } from './decider-options.ts';
import type { SeasonalBaseline } from './seasonal-baseline.ts';

export interface DecisionContext {
  readonly profile: Profile;
  readonly clock: CityClock;
  readonly options: DeciderOptions;
  readonly state: CityState;
  readonly baseline: SeasonalBaseline;
  readonly book: AlertBook;
  /** The closed minute being decided (epoch minute) and its end in event time (ms). */
  readonly minute: number;
  readonly at: number;
  /** Expected city-wide callers in each trailing window of `options.windows`, ending with this minute. */
  readonly cityExpected: readonly number[];
  /** How far each topic runs above normal city-wide (≥ 1; 1 unless a citywide alert is open). */
  readonly topicFactor: (topic: string) => number;
  readonly emit: (event: AlertEvent | null) => void;
}

/** A family of detectors; the decider calls it once per closed minute and once per closed local hour. */
export interface DetectorSuite {
  onMinute(ctx: DecisionContext, touched: readonly CellState[]): void;
  /** `hourOfWeek` is the hour that just closed; `full` says whether all its minutes were seen. */
  onHourClosed(ctx: DecisionContext, hourOfWeek: number, full: boolean): void;
  /** The local day that just closed, before the baseline learns it; `full` says whether all its minutes were seen. */
  onDayClosed(ctx: DecisionContext, full: boolean): void;
  state(): DetectorSuiteState;
}

/** A suite's memory, named by the detector it belongs to (a suite resumes only its own kind's). */
export type DetectorSuiteState =
  | { readonly detector: 'default'; readonly slowRise: SlowRiseState; readonly days?: DayWindowsState }
  | { readonly detector: 'ears'; readonly series: Array<[string, EarsSeries]> };

/** Alert book key of a cell's surge episode and of a topic's citywide episode. */
export const surgeKey = (cell: string): string => `surge|${cell}`;
export const citywideKey = (topic: string): string => `citywide|${topic}`;
export const CITYWIDE_PREFIX = 'citywide|';
export const SURGE_PREFIX = 'surge|';
/** Alert book key of a district's district-wide episode (every topic together). */
export const districtWideKey = (district: string): string => `district|${district}`;
/** Alert book key of a cell's day-scale episode (beside, not instead of, its minute-scale one). */
export const daysKey = (cell: string): string => `days|${cell}`;
export const DAYS_PREFIX = 'days|';

/** The cell's share of city intake, kept on the cell until the baseline learns a day: asked several times a minute. */
export function cellShare(baseline: SeasonalBaseline, cell: CellState): number {
  if (cell.shareVersion !== baseline.sharesVersion) {
    cell.share = baseline.shareOf(cell.key);
    cell.shareVersion = baseline.sharesVersion;
  }
  return cell.share;
}

/** Expected callers of a cell in window `i`: its share of the city's expectation, times the topic's citywide factor. */
export const cellExpected = (ctx: DecisionContext, cell: CellState, i: number): number =>
  ctx.topicFactor(cell.topic) * cellShare(ctx.baseline, cell) * ctx.cityExpected[i];
