// The stored closed minutes of every cell in a range: what a gateway's live window starts from before the SERIES
// stream carries it on (the stream only holds what was published after the gateway subscribed).
import { MINUTE_MS } from '../../time/event-time.ts';
import { QueryInputError } from '../store-errors.ts';
import { epochMs, type QueryContext } from './query-context.ts';

export interface CellMinuteCount {
  readonly district: string;
  readonly topic: string;
  /** Epoch minute index (floor(epochMs / 60000)), as SERIES messages carry it. */
  readonly minute: number;
  readonly reports: number;
  /** Distinct callers in that minute. */
  readonly callers: number;
}

/** Minutes with reports in [from, to), oldest first; at most one day, so a caller cannot ask for the whole table. */
export async function cellMinutes(ctx: QueryContext, req: { from: number; to: number }): Promise<CellMinuteCount[]> {
  const from = epochMs('from', req.from);
  const to = epochMs('to', req.to);
  if (to <= from) throw new QueryInputError('to', 'must be after from');
  if (to - from > 1440 * MINUTE_MS) throw new QueryInputError('to', 'at most one day after from');
  const rows = await ctx.db.query<{ district: string; topic: string; bucket: Date; reports: number; callers: number }>(
    `SELECT district, topic, bucket, reports::int AS reports, callers::int AS callers
       FROM series_1m WHERE bucket >= $1 AND bucket < $2 ORDER BY bucket, district, topic`,
    [new Date(from).toISOString(), new Date(to).toISOString()],
  );
  return rows.map((r) => ({
    district: r.district,
    topic: r.topic,
    minute: Math.floor(new Date(r.bucket).getTime() / MINUTE_MS),
    reports: r.reports,
    callers: r.callers,
  }));
}
