// The open data's raw material: reports and distinct people per local day (or hour) by district × topic × channel,
// with every margin the published table carries counted in the same statement (GROUPING SETS), so a total is the
// true count of distinct people — which is not the sum of its cells' — and suppression can reason over exact sums.
import { isCalendarDate } from '../../generate/feed-calendar.ts';
import type { AlertKind } from '../../../schemas/alert-event.ts';
import { QueryInputError } from '../store-errors.ts';
import type { QueryContext } from './query-context.ts';

/**
 * Which grouping a row is: a cell, the total of one district, topic or channel, or (`day`) the total of its period,
 * as engine/privacy/open-data-cube.ts reads them.
 */
export type OpenDataLevel = 'cell' | 'district' | 'topic' | 'channel' | 'day';

export interface OpenDataRow {
  /** The period: a local day `YYYY-MM-DD`, or an hour as ISO 8601 with the city's offset. */
  readonly day: string;
  readonly level: OpenDataLevel;
  /** Codes; `unknown` where the engine settled none; null where the row is a total over that dimension. */
  readonly district: string | null;
  readonly topic: string | null;
  readonly channel: string | null;
  readonly reports: number;
  readonly people: number;
}

/** GROUPING(district, topic, channel) of a daily row, and GROUPING(district, topic) of an hourly one, as levels. */
const DAILY_LEVELS: Record<number, OpenDataLevel> = { 0: 'cell', 3: 'district', 5: 'topic', 6: 'channel', 7: 'day' };
const HOURLY_LEVELS: Record<number, OpenDataLevel> = { 0: 'cell', 1: 'district', 2: 'topic', 3: 'day' };

/**
 * Per local day in [from, to] (YYYY-MM-DD, inclusive): cells of district × topic × channel and the totals by
 * district, topic, channel and day. A report without a channel counts under `unknown`.
 */
export async function dailyOpenData(ctx: QueryContext, req: { from: string; to: string }): Promise<OpenDataRow[]> {
  for (const field of ['from', 'to'] as const)
    if (!isCalendarDate(req[field]))
      throw new QueryInputError(field, `expected a date YYYY-MM-DD, got ${JSON.stringify(req[field])}`);
  if (req.from > req.to) throw new QueryInputError('from', `${req.from} is after to (${req.to})`);
  return grouped(
    ctx,
    `(received_at AT TIME ZONE $3)::date::text`,
    `received_at >= ($1::date)::timestamp AT TIME ZONE $3 AND received_at < ($2::date + 1)::timestamp AT TIME ZONE $3`,
    [req.from, req.to, ctx.clock.timezone],
    true,
  );
}

/** Per hour in [from, to) (epoch ms, whole hours): cells of district × topic and the totals by district, topic, hour. */
export async function hourlyOpenData(ctx: QueryContext, req: { from: number; to: number }): Promise<OpenDataRow[]> {
  const rows = await grouped(
    ctx,
    `date_trunc('hour', received_at)`,
    `received_at >= $1 AND received_at < $2`,
    [new Date(req.from).toISOString(), new Date(req.to).toISOString()],
    false,
  );
  return rows.map((r) => ({ ...r, day: ctx.clock.format(new Date(r.day).getTime()) }));
}

/** Rows of one GROUPING SETS statement over periods; the channel dimension only when `byChannel`. */
async function grouped(
  ctx: QueryContext,
  period: string,
  where: string,
  params: unknown[],
  byChannel: boolean,
): Promise<OpenDataRow[]> {
  const sets = byChannel
    ? '(p, district, topic, channel), (p, district), (p, topic), (p, channel), (p)'
    : '(p, district, topic), (p, district), (p, topic), (p)';
  const rows = await ctx.db.query<{
    p: string | Date;
    g: number;
    district: string;
    topic: string;
    channel: string | null;
    reports: number;
    people: number;
  }>(
    `SELECT p, GROUPING(district, topic${byChannel ? ', channel' : ''})::int AS g, district, topic,
            ${byChannel ? 'channel' : 'NULL::text AS channel'}, count(*)::int AS reports,
            count(DISTINCT caller)::int AS people
       FROM (SELECT ${period} AS p, coalesce(district, 'unknown') AS district, coalesce(topic, 'unknown') AS topic,
                    coalesce(channel, 'unknown') AS channel, caller
               FROM reports WHERE ${where}) AS r
      GROUP BY GROUPING SETS (${sets})
      ORDER BY p, g, district, topic, channel`,
    params,
  );
  const levels = byChannel ? DAILY_LEVELS : HOURLY_LEVELS;
  return rows.map((r) => {
    const level = levels[r.g];
    return {
      day: r.p instanceof Date ? r.p.toISOString() : String(r.p),
      level,
      district: level === 'cell' || level === 'district' ? r.district : null,
      topic: level === 'cell' || level === 'topic' ? r.topic : null,
      channel: byChannel && (level === 'cell' || level === 'channel') ? r.channel : null,
      reports: r.reports,
      people: r.people,
    };
  });
}

/** A resolved alert as the public may see it: figures and times, never a report's text or id. */
export interface PublicAlert {
  readonly id: string;
  readonly kind: AlertKind;
  readonly district: string | null;
  readonly topic: string | null;
  readonly summary: string;
  readonly reports: number;
  readonly people: number;
  readonly expected: number;
  readonly openedAt: number;
  readonly acknowledgedAt: number | null;
  readonly dispatchedAt: number | null;
  readonly resolvedAt: number;
  readonly unit: string | null;
}

/** Alerts resolved in [from, to) (epoch ms), oldest first. */
export async function resolvedAlerts(ctx: QueryContext, req: { from: number; to: number }): Promise<PublicAlert[]> {
  const rows = await ctx.db.query<{
    id: string;
    kind: AlertKind;
    district: string | null;
    topic: string | null;
    summary: string | null;
    reports: number | null;
    people: number | null;
    expected: number | null;
    opened_at: Date;
    acknowledged_at: Date | null;
    dispatched_at: Date | null;
    resolved_at: Date;
    unit: string | null;
  }>(
    `SELECT id, kind, district, topic, data->>'summary' AS summary, (data->>'count')::int AS reports,
            (data->>'distinctCallers')::int AS people, (data->>'expected')::float8 AS expected, opened_at,
            acknowledged_at, dispatched_at, resolved_at, unit
       FROM alerts
      WHERE status = 'resolved' AND resolved_at >= $1 AND resolved_at < $2
      ORDER BY resolved_at, id`,
    [new Date(req.from).toISOString(), new Date(req.to).toISOString()],
  );
  const ms = (d: Date | null) => (d === null ? null : new Date(d).getTime());
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    district: r.district,
    topic: r.topic,
    summary: r.summary ?? '',
    reports: r.reports ?? 0,
    people: r.people ?? 0,
    expected: r.expected ?? 0,
    openedAt: new Date(r.opened_at).getTime(),
    acknowledgedAt: ms(r.acknowledged_at),
    dispatchedAt: ms(r.dispatched_at),
    resolvedAt: new Date(r.resolved_at).getTime(),
    unit: r.unit,
  }));
}
