// Alerts as the duty console reads them: a filtered, paged list of LiveAlerts, one alert with its history and the
// reports behind it, response times by responsible unit.
import type { Alert, AlertKind, AlertStatus } from '../../../schemas/alert-event.ts';
import type { LiveAlert } from '../../../schemas/alert-workflow.ts';
import { liveAlertOf, SELECT_ALERTS, type AlertRow } from '../live-alert-row.ts';
import { QueryInputError } from '../store-errors.ts';
import { epochMs, equalities, wholeNumber, type QueryContext } from './query-context.ts';

export interface AlertListRequest {
  readonly status?: readonly AlertStatus[];
  readonly kind?: AlertKind;
  readonly district?: string;
  readonly topic?: string;
  /** Responsible unit it was dispatched to. */
  readonly unit?: string;
  /** true: dispatched, not resolved, due before `now`; false: every other alert. */
  readonly overdue?: boolean;
  /** "Now" for `overdue`, epoch ms (the feed's time in a replay or demo). */
  readonly now?: number;
  /** Opened in [from, to), epoch ms. */
  readonly from?: number;
  readonly to?: number;
  readonly limit?: number; // default 50, at most 500
  /** nextCursor of the previous page. */
  readonly cursor?: string;
}

export interface AlertPage {
  readonly items: LiveAlert[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
}

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

/** Dispatched, not resolved, and due before the time in parameter `now`. */
const OVERDUE = (now: string) => `(dispatched_at IS NOT NULL AND status <> 'resolved' AND due_at < ${now})`;

/** Newest first by opening time; keyset paging so pages stay stable while alerts arrive. */
export async function listAlerts(ctx: QueryContext, req: AlertListRequest = {}): Promise<AlertPage> {
  const limit = wholeNumber('limit', req.limit ?? 50, 1, 500);
  const params: unknown[] = [];
  const where = equalities({ kind: req.kind, district: req.district, topic: req.topic, unit: req.unit }, params);
  if (req.status && req.status.length > 0) where.push(`status = ANY($${params.push([...req.status])}::text[])`);
  if (req.overdue !== undefined) {
    const now = `$${params.push(new Date(epochMs('now', req.now)).toISOString())}::timestamptz`;
    where.push(req.overdue ? OVERDUE(now) : `${OVERDUE(now)} IS NOT TRUE`);
  }
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
    `${SELECT_ALERTS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY opened_at DESC, id DESC LIMIT ${limit + 1}`,
    params,
  );
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map((r) => liveAlertOf(r, (t) => ctx.clock.format(t))),
    nextCursor: rows.length > limit ? encodeCursor(new Date(last.opened_at).getTime(), last.id) : null,
  };
}

/** One alert as it stands, or null. */
export async function getAlert(ctx: QueryContext, id: string): Promise<LiveAlert | null> {
  const [row] = await ctx.db.query<AlertRow>(`${SELECT_ALERTS} WHERE id = $1`, [id]);
  return row ? liveAlertOf(row, (t) => ctx.clock.format(t)) : null;
}

export interface AlertReport {
  readonly id: string;
  /** Received, ISO with the city's offset. */
  readonly receivedAt: string;
  readonly channel: string | null;
  readonly text: string;
}

/**
 * Which text of a report a reader gets: `redacted` (identifiers replaced: every surface that is not officer-only)
 * or `raw` (an officer's; the redacted text once retention has emptied the raw one).
 */
export type TextView = 'raw' | 'redacted';

/** Shown for a report stored before redaction existed, until the engine's upkeep has redacted it. */
export const NOT_YET_REDACTED = '〔文本待脱敏〕';

/** The SQL expression of a report's text in a view: a redacted view never falls back to the raw text. */
export function textColumn(view: TextView, table = ''): string {
  return view === 'raw'
    ? `coalesce(${table}text, ${table}text_redacted, '')`
    : `coalesce(${table}text_redacted, '${NOT_YET_REDACTED}')`;
}

/** Reports of an alert (its reportIds), newest first, at most `limit` (default 200); redacted texts by default. */
export async function alertReports(
  ctx: QueryContext,
  req: { reportIds: readonly string[]; limit?: number; text?: TextView },
): Promise<AlertReport[]> {
  const limit = wholeNumber('limit', req.limit ?? 200, 1, 1000);
  if (req.reportIds.length === 0) return [];
  const rows = await ctx.db.query<{ id: string; received_at: Date; channel: string | null; text: string }>(
    `SELECT id, received_at, channel, ${textColumn(req.text ?? 'redacted')} AS text FROM reports
      WHERE id = ANY($1::text[]) ORDER BY received_at DESC, id LIMIT ${limit}`,
    [[...req.reportIds]],
  );
  return rows.map((r) => ({
    id: r.id,
    receivedAt: ctx.clock.format(new Date(r.received_at).getTime()),
    channel: r.channel,
    text: r.text,
  }));
}

export interface AlertHistoryEntry {
  readonly type: string;
  /** When it happened, ISO with the city's offset. */
  readonly at: string;
  readonly status: AlertStatus;
  readonly actor: string | null;
  readonly note: string | null;
  readonly unit: string | null;
  /** The engine's alert for its events; for a person's action, the merged alert it produced (with `workflow`). */
  readonly alert: Alert | LiveAlert;
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
  /** Alerts dispatched to the unit (its latest dispatch, when one was re-assigned). */
  readonly dispatched: number;
  /** Signed for by the unit (签收, an acknowledgement after the dispatch) no later than due. */
  readonly acknowledgedInTime: number;
  readonly resolved: number;
  /** Resolved no later than due. */
  readonly resolvedInTime: number;
  /** Dispatched, not resolved, due before `now` (null when no `now` was given). */
  readonly overdueNow: number | null;
  /** Minutes from the dispatch to the unit signing for it (签收). */
  readonly acknowledgeMedianMinutes: number | null;
  readonly dispatchMedianMinutes: number | null;
  readonly dispatchP90Minutes: number | null;
  /** Minutes from dispatch to resolution. */
  readonly resolveMedianMinutes: number | null;
}

const minutesBetween = (a: string, b: string) => `extract(epoch FROM ${b} - ${a})::float8 / 60`;

/**
 * Response times of dispatched alerts per responsible unit, optionally for alerts opened in [from, to); `now`
 * (epoch ms, the feed's time) counts the ones overdue at that moment.
 */
export async function responseTimes(
  ctx: QueryContext,
  req: { from?: number; to?: number; now?: number } = {},
): Promise<UnitResponseTimes[]> {
  const params: unknown[] = [];
  const where = ['unit IS NOT NULL', 'dispatched_at IS NOT NULL'];
  if (req.from !== undefined)
    where.push(`opened_at >= $${params.push(new Date(epochMs('from', req.from)).toISOString())}`);
  if (req.to !== undefined) where.push(`opened_at < $${params.push(new Date(epochMs('to', req.to)).toISOString())}`);
  const now = req.now === undefined ? null : `$${params.push(new Date(epochMs('now', req.now)).toISOString())}`;
  const overdue = now === null ? 'NULL::int' : `count(*) FILTER (WHERE ${OVERDUE(`${now}::timestamptz`)})::int`;
  const toAcknowledge = minutesBetween('dispatched_at', 'signed_at');
  const toDispatch = minutesBetween('opened_at', 'dispatched_at');
  const toResolve = minutesBetween('dispatched_at', 'resolved_at');
  return ctx.db.query<UnitResponseTimes>(
    `SELECT unit, count(*)::int AS dispatched,
            count(*) FILTER (WHERE signed_at <= due_at)::int AS "acknowledgedInTime",
            count(resolved_at)::int AS resolved,
            count(*) FILTER (WHERE resolved_at <= due_at)::int AS "resolvedInTime",
            ${overdue} AS "overdueNow",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${toAcknowledge}) AS "acknowledgeMedianMinutes",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${toDispatch}) AS "dispatchMedianMinutes",
            percentile_cont(0.9) WITHIN GROUP (ORDER BY ${toDispatch}) AS "dispatchP90Minutes",
            percentile_cont(0.5) WITHIN GROUP (ORDER BY ${toResolve}) AS "resolveMedianMinutes"
       FROM alerts WHERE ${where.join(' AND ')} GROUP BY unit ORDER BY unit`,
    params,
  );
}
