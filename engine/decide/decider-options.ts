// Every tunable of the deciding stage in one table, with the defaults the benchmarks were run with.
import type { BaselineOptions } from './seasonal-baseline.ts';
import type { SlowRiseOptions } from './slow-rise.ts';

export type DetectorSet = 'default' | 'ears';

export interface DeciderOptions {
  /** default: NB window test + BH, slow-rise CUSUM, citywide. ears: CDC EARS C3 on hourly counts (reference). */
  readonly detector: DetectorSet;
  /** Trailing windows of the surge test, minutes. */
  readonly windows: readonly number[];
  /** Benjamini–Hochberg false discovery rate across all cells × windows tested in one minute. */
  readonly fdr: number;
  /** Negative-binomial size r (variance = μ + μ²/r): day-to-day variation beyond Poisson. */
  readonly dispersion: number;
  /** No surge below this many distinct callers, whatever the p-value. */
  readonly minCallers: number;
  /** No surge below this ratio of distinct callers to expected. */
  readonly minRatio: number;
  /** Slow rise: hourly CUSUM plus a negative-binomial check of the run (see slow-rise.ts). */
  readonly slowRise: SlowRiseOptions;
  /**
   * Citywide: p-value bound (Bonferroni over topics), min ratio, min excess callers, max share of the excess from one
   * district, min districts above expectation.
   */
  readonly citywideP: number;
  readonly citywideDispersion: number;
  readonly citywideMinRatio: number;
  readonly citywideMinExcess: number;
  readonly citywideMaxDistrictShare: number;
  readonly citywideMinDistricts: number;
  /** The citywide test runs on minutes that end a block of this many (event time). */
  readonly citywideEveryMinutes: number;
  /** EARS: C3 threshold and the sd floor for hourly counts. */
  readonly earsThreshold: number;
  readonly earsMinSd: number;
  /** A cell must look normal this long before its alert resolves. */
  readonly quietMinutes: number;
  readonly baseline: BaselineOptions;
}

export const DEFAULT_DECIDER_OPTIONS: DeciderOptions = {
  detector: 'default',
  windows: [30, 60, 180],
  fdr: 0.01,
  dispersion: 10,
  minCallers: 5,
  minRatio: 3,
  slowRise: { shift: 2, threshold: 6, spans: [4, 8, 12], minRatio: 1.8, maxP: 3e-5, dispersion: 35 },
  citywideP: 1e-5,
  citywideDispersion: 300,
  citywideMinRatio: 1.5,
  citywideMinExcess: 20,
  citywideMaxDistrictShare: 0.5,
  citywideMinDistricts: 5,
  citywideEveryMinutes: 5,
  earsThreshold: 2,
  earsMinSd: 1,
  quietMinutes: 60,
  baseline: { hourAlpha: 0.3, shareAlpha: 0.1, priorDays: 7 },
};

/**
 * What is wrong with a list of surge windows, or null: whole minutes, increasing, and the longest at least
 * an hour, since the hour's distinct callers are read from its memory of each caller.
 */
export function windowsProblem(windows: readonly number[]): string | null {
  const increasing =
    windows.length > 0 && windows.every((w, i) => Number.isInteger(w) && w > 0 && (i === 0 || w > windows[i - 1]));
  if (!increasing) return `expected increasing whole minutes, e.g. [30,60,180] (got ${JSON.stringify(windows)})`;
  if (windows[windows.length - 1] < 60)
    return `the longest window must be at least 60 minutes (got ${JSON.stringify(windows)})`;
  return null;
}

/** Dotted paths to the leaves of an options object: the keys `--set key=value` accepts. */
type LeafPaths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string | number | boolean | readonly unknown[]
    ? `${Prefix}${K}`
    : LeafPaths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

export type DeciderOptionKey = LeafPaths<DeciderOptions>;

/**
 * One line per `--set` key, printed by `lizheng options` beside the default above. Keyed by the options'
 * own type, so adding, renaming or removing an option without its line here does not compile.
 */
export const DECIDER_OPTION_DOCS: Readonly<Record<DeciderOptionKey, string>> = {
  detector:
    'detector family: default (negative-binomial window test + BH, slow rise, citywide) or ears (CDC EARS C3 on ' +
    'hourly counts, reference only)',
  windows: 'trailing windows of the surge test, minutes: increasing whole minutes, the longest at least 60',
  fdr: 'Benjamini–Hochberg false discovery rate across all cells × windows tested in one minute',
  dispersion:
    'negative-binomial size r of the surge test (variance = μ + μ²/r): day-to-day variation beyond Poisson; lower is ' +
    'more tolerant',
  minCallers: 'no surge below this many distinct callers in the window, whatever the p-value',
  minRatio: 'no surge below this ratio of distinct callers to expected',
  'slowRise.shift': 'slow rise: the hourly CUSUM is tuned to detect a rate of shift × expected',
  'slowRise.threshold': 'slow rise: CUSUM alarm level (log-likelihood units)',
  'slowRise.spans': 'slow rise: trailing spans (hours) tested once the CUSUM alarms; the most significant is reported',
  'slowRise.minRatio': 'slow rise: a span must hold at least this many times its expected callers…',
  'slowRise.maxP': '…and be at most this likely under the negative binomial of day-to-day variation',
  'slowRise.dispersion': 'slow rise: negative-binomial size r of that span test',
  citywideP: 'citywide: p-value bound of one topic across the city (Bonferroni over topics)',
  citywideDispersion: 'citywide: negative-binomial size r of the citywide test',
  citywideMinRatio: 'citywide: no alert below this ratio of callers to expected',
  citywideMinExcess: 'citywide: no alert below this many callers above expected',
  citywideMaxDistrictShare:
    'citywide: no alert when one district holds more than this share of the excess (that is a district surge)',
  citywideMinDistricts: 'citywide: no alert with fewer districts above their expectation',
  citywideEveryMinutes: 'citywide: the test runs on minutes that end a block of this many (event time)',
  earsThreshold: 'ears: C3 statistic at which a cell alarms',
  earsMinSd: 'ears: floor of the standard deviation of hourly counts',
  quietMinutes: 'a cell must look normal this many minutes before its alert resolves',
  'baseline.hourAlpha': 'baseline: weight of a new week in an hour-of-week slot of the city rate',
  'baseline.shareAlpha': "baseline: weight of a new day in a cell's share of the city",
  'baseline.priorDays': "baseline: days of history that weigh as much as the profile's prior share",
};
