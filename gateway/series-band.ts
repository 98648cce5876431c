// A series against its expected band, one definition for every chart that shows one: per bucket, the mean of the
// same bucket in past weeks, and callers' band mean ± 2·√mean (about 95 % of Poisson counts with that mean).
import { HOUR_MS } from '../engine/time/event-time.ts';
import type { SeriesPoint, SeriesRequest } from '../engine/store/queries/series-query.ts';
import type { StoreQueries } from '../engine/store/queries/store-queries.ts';

const WEEK_MS = 7 * 24 * HOUR_MS;

export const BAND_DESCRIPTION =
  'expectedCallers is the mean of the same bucket (same weekday and time) in the past `weeks` weeks; the band ' +
  '[low, high] is expectedCallers ± 2·√expectedCallers (low at least 0): about 95 % of Poisson counts with that ' +
  'mean fall inside it, so callers above `high` stand out. Observed figures are closed minutes in the store.';

export interface BandPoint extends SeriesPoint {
  readonly expectedReports: number;
  readonly expectedCallers: number;
  readonly low: number;
  readonly high: number;
}

/** `now` with each bucket's expectation from `past` (one series per past week, bucket i the same bucket of it). */
export function withBand(now: readonly SeriesPoint[], past: ReadonlyArray<readonly SeriesPoint[]>): BandPoint[] {
  const mean = (i: number, field: 'reports' | 'callers') =>
    past.length === 0 ? 0 : past.reduce((sum, week) => sum + (week[i]?.[field] ?? 0), 0) / past.length;
  return now.map((p, i) => {
    const expectedCallers = mean(i, 'callers');
    const spread = 2 * Math.sqrt(expectedCallers);
    return {
      ...p,
      expectedReports: mean(i, 'reports'),
      expectedCallers,
      low: Math.max(0, expectedCallers - spread),
      high: expectedCallers + spread,
    };
  });
}

/** The series `req` asks for, with the band from the same range `weeks` weeks back, each week read once. */
export async function bandedSeries(queries: StoreQueries, req: SeriesRequest, weeks: number): Promise<BandPoint[]> {
  const read = (weeksBack: number) =>
    queries.series({ ...req, from: req.from - weeksBack * WEEK_MS, to: req.to - weeksBack * WEEK_MS });
  const [now, ...past] = await Promise.all(Array.from({ length: weeks + 1 }, (_, k) => read(k)));
  return withBand(now, past);
}
