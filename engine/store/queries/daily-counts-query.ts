// Reports and people per local day over a span: the morning report's 30-day trend and its day-to-day comparisons.
import { isCalendarDate } from '../../generate/feed-calendar.ts';
import { QueryInputError } from '../store-errors.ts';
import type { QueryContext } from './query-context.ts';

export interface DayCount {
  /** Local calendar day, YYYY-MM-DD. */
  readonly day: string;
  readonly reports: number;
  /** Distinct callers over that day. */
  readonly callers: number;
}

/** Every local day in [from, to] (YYYY-MM-DD, inclusive), oldest first; a day without reports counts 0. */
export async function dailyCounts(ctx: QueryContext, req: { from: string; to: string }): Promise<DayCount[]> {
  for (const field of ['from', 'to'] as const)
    if (!isCalendarDate(req[field]))
      throw new QueryInputError(field, `expected a date YYYY-MM-DD, got ${JSON.stringify(req[field])}`);
  if (req.from > req.to) throw new QueryInputError('from', `${req.from} is after to (${req.to})`);
  const rows = await ctx.db.query<DayCount>(
    `SELECT d::date::text AS day, coalesce(c.reports, 0)::int AS reports, coalesce(c.callers, 0)::int AS callers
       FROM generate_series($1::date, $2::date, interval '1 day') AS d
       LEFT JOIN (SELECT (received_at AT TIME ZONE $3)::date AS day, count(*) AS reports,
                         count(DISTINCT caller) AS callers
                    FROM reports
                   WHERE received_at >= ($1::date)::timestamp AT TIME ZONE $3
                     AND received_at < ($2::date + 1)::timestamp AT TIME ZONE $3
                   GROUP BY 1) AS c ON c.day = d::date
      ORDER BY 1`,
    [req.from, req.to, ctx.clock.timezone],
  );
  return rows;
}

/** Epoch ms of the newest stored report, or null for an empty store: a replay's "now". */
export async function latestReceivedAt(ctx: QueryContext): Promise<number | null> {
  const [row] = await ctx.db.query<{ t: Date | null }>('SELECT max(received_at) AS t FROM reports');
  return row?.t ? new Date(row.t).getTime() : null;
}
