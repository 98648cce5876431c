// One local day's reports added up by topic, district, channel and hour, in one pass (GROUPING SETS).
import { QueryInputError } from '../store-errors.ts';
import type { QueryContext } from './query-context.ts';

export interface Tally {
  readonly key: string;
  readonly reports: number;
  /** Distinct callers over the whole day. */
  readonly callers: number;
}

export interface DailyTotals {
  /** Local calendar day, YYYY-MM-DD. */
  readonly day: string;
  readonly reports: number;
  readonly callers: number;
  /** Reports that arrived after their minute had closed. */
  readonly late: number;
  /** Largest first; an unsettled district, topic or channel is 'unknown'. */
  readonly byTopic: Tally[];
  readonly byDistrict: Tally[];
  readonly byChannel: Tally[];
  /** Reports per local hour, 0–23. */
  readonly byHour: number[];
}

type Row = {
  dim: 'topic' | 'district' | 'channel' | 'hour' | 'total';
  key: string | null;
  reports: number;
  callers: number;
  late: number;
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Totals of reports received on a local day (the city's time zone). */
export async function dailyTotals(ctx: QueryContext, day: string): Promise<DailyTotals> {
  if (!DAY.test(day) || Number.isNaN(Date.parse(day)))
    throw new QueryInputError('day', `expected YYYY-MM-DD, got ${JSON.stringify(day)}`);
  const rows = await ctx.db.query<Row>(
    `SELECT CASE WHEN GROUPING(topic) = 0 THEN 'topic' WHEN GROUPING(district) = 0 THEN 'district'
                 WHEN GROUPING(channel) = 0 THEN 'channel' WHEN GROUPING(hour) = 0 THEN 'hour' ELSE 'total' END AS dim,
            coalesce(topic, district, channel, hour::text) AS key,
            count(*)::int AS reports, count(DISTINCT caller)::int AS callers, ` +
      `(count(*) FILTER (WHERE late))::int AS late
       FROM (SELECT coalesce(topic, 'unknown') AS topic, coalesce(district, 'unknown') AS district,
                    coalesce(channel, 'unknown') AS channel, ` +
      `extract(hour FROM received_at AT TIME ZONE $2)::int AS hour, caller, late
               FROM reports
              WHERE received_at >= ($1::date)::timestamp AT TIME ZONE $2
                AND received_at < ($1::date + 1)::timestamp AT TIME ZONE $2) AS r
      GROUP BY GROUPING SETS ((topic), (district), (channel), (hour), ())`,
    [day, ctx.clock.timezone],
  );
  const tallies = (dim: Row['dim']) =>
    rows
      .filter((r) => r.dim === dim)
      .map((r) => ({ key: r.key!, reports: r.reports, callers: r.callers }))
      .sort((a, b) => b.reports - a.reports || a.key.localeCompare(b.key));
  const total = rows.find((r) => r.dim === 'total');
  const byHour = Array.from({ length: 24 }, () => 0);
  for (const r of rows) if (r.dim === 'hour') byHour[Number(r.key)] = r.reports;
  return {
    day,
    reports: total?.reports ?? 0,
    callers: total?.callers ?? 0,
    late: total?.late ?? 0,
    byTopic: tallies('topic'),
    byDistrict: tallies('district'),
    byChannel: tallies('channel'),
    byHour,
  };
}
