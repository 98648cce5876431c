// Per-minute series rolled up to any bucket size, for one cell, a district, a topic or the whole city,
// and the cells running furthest above what the same hours of past weeks saw.
import { MINUTE_MS } from '../../time/event-time.ts';
import { QueryInputError } from '../store-errors.ts';
import { epochMs, equalities, wholeNumber, type QueryContext } from './query-context.ts';

export interface SeriesRequest {
  /** Omit (or null) to add up every district; likewise topic. */
  readonly district?: string | null;
  readonly topic?: string | null;
  /** Epoch ms range [from, to); from is moved back to its bucket's start. */
  readonly from: number;
  readonly to: number;
  /** Bucket size in minutes: 1, 60, 1440 … (up to 7 days). */
  readonly bucketMinutes: number;
}

export interface SeriesPoint {
  /** Bucket start, epoch ms. */
  readonly t: number;
  readonly reports: number;
  /** Sum of each minute's distinct callers (a caller active in two minutes counts twice). */
  readonly callers: number;
}

/** Every bucket of the range, empty ones as zeros. */
export async function series(ctx: QueryContext, req: SeriesRequest): Promise<SeriesPoint[]> {
  const minutes = wholeNumber('bucketMinutes', req.bucketMinutes, 1, 7 * 1440);
  const to = epochMs('to', req.to);
  const stride = minutes * MINUTE_MS;
  const origin = Date.parse(ctx.origin);
  const from = origin + Math.floor((epochMs('from', req.from) - origin) / stride) * stride;
  if (to <= from) throw new QueryInputError('to', 'must be after from');
  if ((to - from) / stride > 100_000)
    throw new QueryInputError('bucketMinutes', 'too many buckets for the range (over 100 000)');
  const params: unknown[] = [
    `${minutes} minutes`,
    ctx.origin,
    new Date(from).toISOString(),
    new Date(to).toISOString(),
  ];
  const where = ['bucket >= $3', 'bucket < $4', ...equalities({ district: req.district, topic: req.topic }, params)];
  const rows = await ctx.db.query<{ t: Date; reports: number; callers: number }>(
    `SELECT ${ctx.layout.bucket('$1', 'bucket', '$2')} AS t, sum(reports)::int AS reports, sum(callers)::int AS callers
       FROM series_1m WHERE ${where.join(' AND ')} GROUP BY 1 ORDER BY 1`,
    params,
  );
  const byStart = new Map(rows.map((r) => [new Date(r.t).getTime(), r]));
  const points: SeriesPoint[] = [];
  for (let t = from; t < to; t += stride) {
    const r = byStart.get(t);
    points.push({ t, reports: r?.reports ?? 0, callers: r?.callers ?? 0 });
  }
  return points;
}

export interface CellsRequest {
  /** End of the current window, epoch ms (the wall shows "now"). */
  readonly at: number;
  readonly windowMinutes?: number; // default 60
  /** Past weeks whose same window makes the expectation (default 4). */
  readonly weeks?: number;
  /** Most cells returned, highest score first (default: every cell with reports now or in the past weeks). */
  readonly limit?: number;
  /** Only cells with reports in the current window (the ranking); default false (the heat grid wants all). */
  readonly activeOnly?: boolean;
}

export type TopCellsRequest = Omit<CellsRequest, 'activeOnly'>;

export interface TopCell {
  readonly district: string;
  readonly topic: string;
  readonly reports: number;
  readonly callers: number;
  readonly expectedReports: number;
  readonly expectedCallers: number;
  /** (callers − expected) / √(expected + 1): how far above the usual, in rough standard deviations. */
  readonly score: number;
}

/**
 * Every cell seen in the current window or the same window of past weeks, the current window against the mean of
 * those weeks (the expectation); highest score first. Cells absent from both are absent here (zero and zero).
 */
export async function cells(ctx: QueryContext, req: CellsRequest): Promise<TopCell[]> {
  const at = epochMs('at', req.at);
  const window = wholeNumber('windowMinutes', req.windowMinutes ?? 60, 1, 7 * 1440);
  const weeks = wholeNumber('weeks', req.weeks ?? 4, 1, 52);
  const limit = req.limit === undefined ? null : wholeNumber('limit', req.limit, 1, 100_000);
  return ctx.db.query<TopCell>(
    `SELECT district, topic, reports, callers, "expectedReports", "expectedCallers",
            (callers - "expectedCallers") / sqrt("expectedCallers" + 1) AS score
       FROM (SELECT s.district, s.topic,
                    coalesce(sum(s.reports) FILTER (WHERE w.k = 0), 0)::int AS reports,
                    coalesce(sum(s.callers) FILTER (WHERE w.k = 0), 0)::int AS callers,
                    coalesce(sum(s.reports) FILTER (WHERE w.k > 0), 0)::float8 / $3 AS "expectedReports",
                    coalesce(sum(s.callers) FILTER (WHERE w.k > 0), 0)::float8 / $3 AS "expectedCallers"
               FROM generate_series(0, $3::int) AS w(k)
               JOIN series_1m s ON s.bucket >= $1::timestamptz - make_interval(days => 7 * w.k, mins => $2::int)
                               AND s.bucket < $1::timestamptz - make_interval(days => 7 * w.k)
              GROUP BY s.district, s.topic) AS cells
      ${req.activeOnly ? 'WHERE reports > 0' : ''}
      ORDER BY score DESC, district, topic ${limit === null ? '' : `LIMIT ${limit}`}`,
    [new Date(at).toISOString(), window, weeks],
  );
}

/** Cells of the current window ranked by excess distinct callers over the same window in past weeks. */
export function topCells(ctx: QueryContext, req: TopCellsRequest): Promise<TopCell[]> {
  return cells(ctx, { ...req, limit: req.limit ?? 10, activeOnly: true });
}
