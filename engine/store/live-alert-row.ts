// An `alerts` row and the LiveAlert it holds: the engine's figures in `data`, the merged status and the workflow in
// columns of their own (the filters and the units view read them), times written back in the caller's zone.
import type { Alert, AlertStatus } from '../../schemas/alert-event.ts';
import type { DeadlineClass, LiveAlert } from '../../schemas/alert-workflow.ts';
import { pgJson } from './report-rows.ts';
import type { SqlSession } from './sql-client.ts';

/** Writes an epoch-ms time as ISO 8601 (the city's offset for answers; any offset for rows, read back as instants). */
export type FormatTime = (t: number) => string;

/** Columns of `alerts` as the store reads them. */
export interface AlertRow {
  readonly id: string;
  readonly data: Alert;
  readonly status: AlertStatus;
  readonly opened_at: Date;
  readonly resolved_at: Date | null;
  readonly acknowledged_at: Date | null;
  readonly acknowledged_by: string | null;
  readonly dispatched_at: Date | null;
  readonly dispatched_by: string | null;
  readonly unit: string | null;
  readonly deadline: DeadlineClass | null;
  readonly due_at: Date | null;
  readonly signed_at: Date | null;
  readonly signed_by: string | null;
  readonly resolved_by: string | null;
  readonly note: string | null;
  readonly quiet: boolean;
}

export const SELECT_ALERTS =
  `SELECT id, data, status, opened_at, resolved_at, acknowledged_at, acknowledged_by, dispatched_at, dispatched_by, ` +
  `unit, deadline, due_at, signed_at, signed_by, resolved_by, note, quiet FROM alerts`;

const COLUMNS = [
  'id',
  'kind',
  'district',
  'topic',
  'status',
  'opened_at',
  'updated_at',
  'resolved_at',
  'count',
  'distinct_callers',
  'expected',
  'score',
  'detector',
  'summary',
  'data',
  'acknowledged_at',
  'acknowledged_by',
  'dispatched_at',
  'dispatched_by',
  'unit',
  'deadline',
  'due_at',
  'signed_at',
  'signed_by',
  'resolved_by',
  'note',
  'quiet',
];

/** The whole row from a merged LiveAlert: the state machine decided it, the row only keeps it. */
const UPSERT_ALERT = `
  INSERT INTO alerts (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${COLUMNS.slice(1)
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ')}`;

/** The LiveAlert a row holds, its times written with `format`. */
export function liveAlertOf(r: AlertRow, format: FormatTime): LiveAlert {
  const iso = (d: Date | null) => (d === null ? null : format(new Date(d).getTime()));
  const { resolvedAt: _figure, ...figures } = r.data;
  const resolvedAt = iso(r.resolved_at);
  return {
    ...figures,
    status: r.status,
    ...(resolvedAt ? { resolvedAt } : {}),
    workflow: {
      acknowledgedAt: iso(r.acknowledged_at),
      acknowledgedBy: r.acknowledged_by,
      dispatchedAt: iso(r.dispatched_at),
      dispatchedBy: r.dispatched_by,
      unit: r.unit,
      deadline: r.deadline,
      dueAt: iso(r.due_at),
      signedAt: iso(r.signed_at),
      signedBy: r.signed_by,
      resolvedBy: r.resolved_by,
      note: r.note,
      quiet: r.quiet,
    },
  };
}

/** The alert with this id, its row locked until the transaction ends (two writers cannot both act on it). */
export async function lockAlert(tx: SqlSession, id: string, format: FormatTime): Promise<LiveAlert | undefined> {
  const [row] = await tx.query<AlertRow>(`${SELECT_ALERTS} WHERE id = $1 FOR UPDATE`, [id]);
  return row ? liveAlertOf(row, format) : undefined;
}

/** Store a LiveAlert as its row, inserting or replacing every column. */
export async function saveAlert(tx: SqlSession, a: LiveAlert): Promise<void> {
  const { workflow: w, ...figures } = a;
  await tx.query(UPSERT_ALERT, [
    a.id,
    a.kind,
    a.district,
    a.topic,
    a.status,
    a.openedAt,
    a.updatedAt,
    a.resolvedAt ?? null,
    a.count,
    a.distinctCallers,
    a.expected,
    a.score,
    a.detector,
    a.summary,
    pgJson(figures),
    w.acknowledgedAt,
    w.acknowledgedBy,
    w.dispatchedAt,
    w.dispatchedBy,
    w.unit,
    w.deadline,
    w.dueAt,
    w.signedAt,
    w.signedBy,
    w.resolvedBy,
    w.note,
    w.quiet,
  ]);
}
