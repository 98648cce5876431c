// What a fresh engine's baselines start from: hourly counts per cell over the last weeks of series_1m.
import { HOUR_MS } from '../../time/event-time.ts';
import { epochMs, wholeNumber, type QueryContext } from './query-context.ts';

export interface HourlyCellCount {
  readonly district: string;
  readonly topic: string;
  /** Start of the hour, epoch ms. */
  readonly hourStart: number;
  readonly reports: number;
  /** Sum of the hour's per-minute distinct callers. */
  readonly callers: number;
}

/**
 * Hours with reports in [until − weeks·7 days, until), `until` moved back to a whole hour; oldest first.
 * Hours without reports are absent (they count as zero). On TimescaleDB this reads the continuous aggregate.
 */
export async function hourlyCounts(
  ctx: QueryContext,
  req: { until: number; weeks: number },
): Promise<HourlyCellCount[]> {
  const until = Math.floor(epochMs('until', req.until) / HOUR_MS) * HOUR_MS;
  const weeks = wholeNumber('weeks', req.weeks, 1, 104);
  const from = until - weeks * 7 * 24 * HOUR_MS;
  const rows = await ctx.db.query<{ district: string; topic: string; hour: Date; reports: number; callers: number }>(
    `SELECT district, topic, bucket AS hour, reports::int AS reports, callers::int AS callers
       FROM ${ctx.layout.hourly(`'${ctx.origin}'::timestamptz`, '$1::timestamptz', '$2::timestamptz')}
      ORDER BY bucket, district, topic`,
    [new Date(from).toISOString(), new Date(until).toISOString()],
  );
  return rows.map((r) => ({
    district: r.district,
    topic: r.topic,
    hourStart: new Date(r.hour).getTime(),
    reports: r.reports,
    callers: r.callers,
  }));
}
