// Alerts as the duty console reads them: a filtered, paged list, one alert's history, response times by unit.
import type { Alert, AlertKind, AlertStatus } from '../../../schemas/alert-event.ts';
import { QueryInputError } from '../store-errors.ts';
import { epochMs, equalities, wholeNumber, type QueryContext } from './query-context.ts';

/** An alert with what people did to it. */
export type StoredAlert = Alert & {
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: string | null;
  readonly dispatchedAt: string | null;
  readonly dispatchedBy: string | null;
  readonly unit: string | null;
  readonly note: string | null;
};

export interface AlertListRequest {
  readonly status?: readonly AlertStatus[];
  readonly kind?: AlertKind;
  readonly district?: string;
  readonly topic?: string;
  /** Opened in [from, to), epoch ms. */
  readonly from?: number;
  readonly to?: number;
  readonly limit?: number; // default 50, at most 500
  /** nextCursor of the previous page. */
  readonly cursor?: string;
}

export interface AlertPage {
  readonly items: StoredAlert[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
}

type AlertRow = {
  data: Alert;
  status: AlertStatus;
  opened_at: Date;
  id: string;
  resolved_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  dispatched_at: Date | null;
  dispatched_by: string | null;
  unit: string | null;
  note: string | null;
};

const encodeCursor = (openedAt: number, id: string) =>
  Buffer.from(JSON.stringify([openedAt, id])).toString('base64url');

function decodeCursor(cursor: string): [number, string] {
  try {
    const [t, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof t === 'number' && typeof id === 'string') return [t, id];
  } catch {
    // fall through to the error below
  }
  throw new QueryInputError('cursor', 'not a cursor returned by this query');
}

function storedAlert(ctx: QueryContext, r: AlertRow): StoredAlert {
  const iso = (d: Date | null) => (d ? ctx.clock.format(new Date(d).getTime()) : null);
  const resolvedAt = r.data.resolvedAt ?? iso(r.resolved_at) ?? undefined;
  return {
    ...r.data,
    status: r.status,
    ...(resolvedAt ? { resolvedAt } : {}),
    acknowledgedAt: iso(r.acknowledged_at),
    acknowledgedBy: r.acknowledged_by,
    dispatchedAt: iso(r.dispatched_at),
    dispatchedBy: r.dispatched_by,
    unit: r.unit,
    note: r.note,
  };
}

/** Newest first by opening time; keyset paging so pages stay stable while alerts arrive. */
export async function listAlerts(ctx: QueryContext, req: AlertListRequest = {}): Promise<AlertPage> {
  const limit = wholeNumber('limit', req.limit ?? 50, 1, 500);
  const params: unknown[] = [];
  const where = equalities({ kind: req.kind, district: req.district, topic: req.topic }, params);
  if (req.status && req.status.length > 0) where.push(`status = ANY($${params.push([...req.status])}::text[])`);
  if (req.from !== undefined)
    where.push(`opened_at >= $${params.push(new Date(epochMs('from', req.from)).toISOString())}`);
  if (req.to !== undefined) where.push(`opened_at < $${params.push(new Date(epochMs('to', req.to)).toISOString())}`);
  if (req.cursor) {
    const [t, id] = decodeCursor(req.cursor);
    where.push(
      `(opened_at, id) < ($${params.push(new Date(t).toISOString())}::timestamptz, $${params.push(id)}::text)`,
    );
  }
  const rows = await ctx.db.query<AlertRow>(
    `SELECT id, data, status, opened_at, resolved_at, acknowledged_at, acknowledged_by, dispatched_at, ` +
      `dispatched_by, unit, note
       FROM alerts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY opened_at DESC, id DESC LIMIT ${limit + 1}`,
    params,
  );
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => storedAlert(ctx, r)),
    nextCursor: rows.length > limit ? encodeCursor(new Date(last.opened_at).getTime(), last.id) : null,
  };
}

export interface AlertHistoryEntry {
  readonly type: string;
  /** When it happened, ISO with the city's offset. */
  readonly at: string;
  readonly status: AlertStatus;
  readonly actor: string | null;
  readonly note: string | null;
  readonly unit: string | null;
  readonly alert: Alert;
}

/** Every stored transition of one alert, oldest first. */
export async function alertHistory(ctx: QueryContext, alertId: string): Promise<AlertHistoryEntry[]> {
  const rows = await ctx.db.query<Omit<AlertHistoryEntry, 'at'> & { at: Date }>(
    `SELECT type, at, status, actor, note, unit, alert FROM alert_events WHERE alert_id = $1 ORDER BY at, seq`,
    [alertId],
  );
  return rows.map((r) => ({ ...r, at: ctx.clock.format(new Date(r.at).getTime()) }));
}

export interface UnitResponseTimes {
  readonly unit: string;
  readonly alerts: number;
  readonly resolved: number;
  /** Minutes from opening to the first acknowledgement (or dispatch when nobody acknowledged). */
  readonly acknowledgeMedianMinutes: number | null;
  readonly dispatchMedianMinutes: number | null;
  readonly dispatchP90Minutes: number | null;
  /** Minutes from dispatch to resolution. */
  readonly resolveMedianMinutes: number | null;
}

const minutesBetween = (a: string, b: string) => `extract(epoch FROM ${b} - ${a})::float8 / 60`;

/** Response times of dispatched alerts per responsible unit, optionally for alerts opened in [from, to). */
export async function responseTimes(
  ctx: QueryContext,
  req: { from?: number; to?: number } = {},
): Promise<UnitResponseTimes[]> {
  const params: unknown[] = [];
  const where = ['unit IS NOT NULL', 'dispatched_at IS NOT NULL'];
  if (req.from !== undefined)
    where.push(`opened_at >= $${params.push(new Date(epochMs('from', req.from)).toISOString())}`);
  if (req.to !== undefined) where.push(`opened_at < $${params.push(new Date(epochMs('to', req.to)).toISOString())}`);
  const toAcknowledge = minutesBetween('opened_at', 'coalesce(acknowledged_at, dispatched_at)');
  const toDispatch = minutesBetween('opened_at', 'dispatched_at');
  const toResolve = minutesBetween('dispatched_at', 'resolved_at');
  return ctx.db.query<UnitResponseTimes>(
    `SELECT unit, count(*)::int AS alerts, count(resolved_at)::int AS resolved,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${toAcknowledge}) AS "acknowledgeMedianMinutes",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${toDispatch}) AS "dispatchMedianMinutes",
            percentile_cont(0.9) WITHIN GROUP (ORDER BY ${toDispatch}) AS "dispatchP90Minutes",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${toResolve}) AS "resolveMedianMinutes"
       FROM alerts WHERE ${where.join(' AND ')} GROUP BY unit ORDER BY unit`,
    params,
  );
}
