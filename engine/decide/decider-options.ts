// Every tunable of the deciding stage in one table, with the defaults the benchmarks were run with.
import type { BaselineOptions } from './seasonal-baseline.ts';
import type { SlowRiseOptions } from './slow-rise.ts';

/** Same-place incidents (engine/incidents/): how many people, within how long, and when one is over. */
export interface IncidentOptions {
  /** Distinct callers about one place that open an incident… */
  readonly threshold: number;
  /** …within this many minutes. */
  readonly openWindowMinutes: number;
  /** Minutes a report stays in its place's cluster. */
  readonly windowMinutes: number;
  /** Minutes without a new report after which an open incident resolves. */
  readonly quietMinutes: number;
  readonly radiusMeters: number;
  readonly nearbySimilarity: number;
  readonly maxClustersPerCell: number;
  /**
   * A feed hearing fewer reports a day than this stretches the three spans above by fullScalePerDay ÷ its rate (a
   * mailbox of 11 a day: 180 minutes become weeks), at most maxScale times.
   */
  readonly fullScalePerDay: number;
  readonly maxScale: number;
}

/** Day-scale windows for cells too quiet for minute windows (a mailbox's few letters a week). */
export interface DayWindowOptions {
  /** Trailing windows, whole local days, tested when a day closes. */
  readonly windows: readonly number[];
  /** Cells expecting at most this many callers a day get them. */
  readonly maxPerDay: number;
  /** A day-scale alert resolves after this many closed days without any window above normal. */
  readonly quietDays: number;
  /** The profile's share of a quiet cell weighs as this many callers against the cell's own days before a window. */
  readonly priorCallers: number;
}

/** A cell read against its district's other topics, as the citywide test reads a topic against the others. */
export interface DistrictOptions {
  /** The other topics' observed ÷ expected (each plus pseudoCount) scales the cell's expectation from this ratio on. */
  readonly minRatio: number;
  readonly pseudoCount: number;
}

/**
 * A district alert: every topic of one district together against the rest of the city × its share, with a breadth
 * check (several topics above expectation, none carrying most of the excess), run every few minutes of event time.
 */
export interface DistrictWideOptions {
  /** p-value bound and negative-binomial size of the district's total. */
  readonly p: number;
  readonly dispersion: number;
  readonly minRatio: number;
  readonly minExcess: number;
  /** At least this many topics above their expectation… */
  readonly minTopics: number;
  /** …and no topic holding more than this share of the excess (that is a surge of the topic). */
  readonly maxTopicShare: number;
  /** An open district alert stays open while its topics together hold this ratio at followP (not a new day's alert). */
  readonly followRatio: number;
  readonly everyMinutes: number;
}

/** Settings as a profile's `detector` or `--set` give them: any leaf, groups partly. */
export type DeciderSettings = {
  readonly [K in keyof DeciderOptions]?: DeciderOptions[K] extends string | number | readonly unknown[]
    ? DeciderOptions[K]
    : Partial<DeciderOptions[K]>;
};

export type DetectorSet = 'default' | 'ears';

export interface DeciderOptions {
  /** default: NB window test + BH, slow-rise CUSUM, citywide, district-wide. ears: CDC EARS C3 on hourly counts (reference). */
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
  /** An open surge stays open while some window holds this ratio of expected… */
  readonly followRatio: number;
  /** …at this p-value or below. */
  readonly followP: number;
  /** Day-scale windows of quiet cells. */
  readonly days: DayWindowOptions;
  /** District-wide busy spells: how a cell is read against its district's other topics… */
  readonly district: DistrictOptions;
  /** …and when the district's rise is raised as one district alert of its own. */
  readonly districtWide: DistrictWideOptions;
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
  readonly incidents: IncidentOptions;
}

export const DEFAULT_DECIDER_OPTIONS: DeciderOptions = {
  detector: 'default',
  windows: [30, 60, 180],
  fdr: 0.01,
  dispersion: 10,
  minCallers: 5,
  minRatio: 3,
  followRatio: 1.5,
  followP: 0.05,
  days: { windows: [1, 3, 7, 14, 28], maxPerDay: 1, quietDays: 2, priorCallers: 3 },
  district: { minRatio: 1.25, pseudoCount: 5 },
  districtWide: {
    p: 1e-5,
    dispersion: 100,
    minRatio: 1.5,
    minExcess: 20,
    minTopics: 5,
    maxTopicShare: 0.4,
    followRatio: 1.25,
    everyMinutes: 5,
  },
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
  baseline: { hourAlpha: 0.3, shareAlpha: 0.1, priorDays: 7, rescaleBeyond: 3 },
  incidents: {
    threshold: 6,
    openWindowMinutes: 120,
    windowMinutes: 180,
    quietMinutes: 60,
    radiusMeters: 300,
    nearbySimilarity: 0.3,
    maxClustersPerCell: 2000,
    fullScalePerDay: 2000,
    maxScale: 240,
  },
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
    'detector family: default (negative-binomial window test + BH, slow rise, citywide, district-wide) or ears (CDC EARS C3 on ' +
    'hourly counts, reference only)',
  windows: 'trailing windows of the surge test, minutes: increasing whole minutes, the longest at least 60',
  fdr: 'Benjamini–Hochberg false discovery rate across all cells × windows tested in one minute',
  dispersion:
    'negative-binomial size r of the surge test (variance = μ + μ²/r): day-to-day variation beyond Poisson; lower is ' +
    'more tolerant',
  minCallers: 'no surge below this many distinct callers in the window, whatever the p-value',
  minRatio: 'no surge below this ratio of distinct callers to expected',
  followRatio: 'an open surge stays open while some window holds this ratio of its expected callers…',
  followP: '…at this p-value or below; otherwise it resolves after quietMinutes',
  'days.windows':
    'day-scale windows (whole local days) of quiet cells, tested when a day closes, BH over every cell × day window',
  'days.maxPerDay': 'cells expecting at most this many callers a day get the day-scale windows',
  'days.quietDays': 'a day-scale alert resolves after this many closed days with no window above normal',
  'days.priorCallers':
    "the profile's share of a quiet cell weighs as this many callers against the cell's own (winsorised) days before " +
    'a window',
  'district.minRatio':
    "a cell's expectation is scaled by its district's other topics' observed ÷ expected once that reaches this ratio " +
    '(a district-wide busy day is not a surge of each topic)',
  'district.pseudoCount': "callers added to both sides of that ratio, so a quiet district's noise does not move it",
  'districtWide.p':
    "district alert: p-value bound of a district's topics together against the rest of the city × its share",
  'districtWide.dispersion':
    'district alert: negative-binomial size r of that test (day-to-day variation of a district)',
  'districtWide.minRatio': 'district alert: no alert below this ratio of callers to expected',
  'districtWide.minExcess': 'district alert: no alert below this many callers above expected',
  'districtWide.minTopics': 'district alert: no alert with fewer of its topics above their expectation',
  'districtWide.maxTopicShare':
    'district alert: no alert when one topic holds more than this share of the excess (that is a surge of the topic)',
  'districtWide.followRatio':
    'district alert: an open one stays open while its topics together hold this ratio of expected at followP or below',
  'districtWide.everyMinutes': 'district alert: the test runs on minutes that end a block of this many (event time)',
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
  'baseline.rescaleBeyond':
    "baseline: in its first 2 × priorDays days, a day this many times above or below the city's expected volume " +
    "moves the whole weekly rate halfway (in log) to it: a profile's volume that is far off is corrected in days",
  'incidents.threshold': 'incidents: distinct callers about one place that open an incident…',
  'incidents.openWindowMinutes': '…within this many minutes',
  'incidents.windowMinutes': "incidents: minutes a report stays in its place's cluster",
  'incidents.quietMinutes': 'incidents: minutes without a new report after which an incident resolves',
  'incidents.radiusMeters': 'incidents: reports with coordinates and no place join a cluster within this distance…',
  'incidents.nearbySimilarity': '…whose newest text is at least this similar (MinHash)',
  'incidents.maxClustersPerCell': 'incidents: clusters kept per cell; the oldest without an alert goes first',
  'incidents.fullScalePerDay':
    "incidents: a feed hearing fewer reports a day stretches the three spans by this ÷ its rate (a mailbox's weeks)",
  'incidents.maxScale': 'incidents: the most those spans are stretched',
};

/** Options from the defaults, then a profile's `detector` settings (dotted keys), then `settings` (--set). */
export function resolveDeciderOptions(
  profileSettings: Readonly<Record<string, unknown>> | undefined,
  settings: DeciderSettings = {},
): DeciderOptions {
  const out = structuredClone(DEFAULT_DECIDER_OPTIONS) as unknown as Record<string, Record<string, unknown>>;
  for (const [key, value] of Object.entries(profileSettings ?? {})) {
    const dot = key.indexOf('.');
    if (dot < 0) (out as Record<string, unknown>)[key] = value;
    else out[key.slice(0, dot)][key.slice(dot + 1)] = value;
  }
  for (const [key, value] of Object.entries(settings))
    (out as Record<string, unknown>)[key] =
      typeof value === 'object' && !Array.isArray(value) ? { ...out[key], ...value } : value;
  return out as unknown as DeciderOptions;
}
