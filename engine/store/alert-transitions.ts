// Stores alert transitions: every one in alert_events (once, keyed by content), and its effect on `alerts`.
// Engine transitions carry the detector's figures; people's (acknowledge, dispatch, resolve by hand) carry actor, note,
// unit.
import { createHash } from 'node:crypto';
import type { Alert, AlertEventType, AlertStatus } from '../../schemas/alert-event.ts';
import { pgJson } from './report-rows.ts';
import type { SqlSession } from './sql-client.ts';

export type PersonAlertEventType = 'alert.acknowledged' | 'alert.dispatched';

/** One transition of an alert: an engine AlertEvent, or an officer's action on it. */
export interface AlertTransition {
  readonly type: AlertEventType | PersonAlertEventType;
  /** The alert as the actor saw it after the transition. */
  readonly alert: Alert;
  /** Who acted; absent for the engine. */
  readonly actor?: string | null;
  readonly note?: string | null;
  /** Responsible unit the alert was dispatched to. */
  readonly unit?: string | null;
  /** ISO time of the transition; engine transitions default to the alert's updatedAt. */
  readonly at?: string;
}

const STATUS_BY_TYPE: Partial<Record<AlertTransition['type'], AlertStatus>> = {
  'alert.acknowledged': 'acknowledged',
  'alert.dispatched': 'dispatched',
  'alert.resolved': 'resolved',
};

/** A status only moves forward: open → acknowledged → dispatched → resolved. */
const RANK = `ARRAY['open','acknowledged','dispatched','resolved']`;
const FORWARD =
  `CASE WHEN array_position(${RANK}, EXCLUDED.status) > array_position(${RANK}, alerts.status) THEN ` +
  `EXCLUDED.status ELSE alerts.status END`;

const ENGINE_COLUMNS =
  `id, kind, district, topic, status, opened_at, updated_at, resolved_at, count, ` +
  `distinct_callers, expected, score, detector, summary, data`;

const UPSERT_FROM_ENGINE = `
  INSERT INTO alerts (${ENGINE_COLUMNS})
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
  ON CONFLICT (id) DO UPDATE SET
    kind = EXCLUDED.kind, district = EXCLUDED.district, topic = EXCLUDED.topic, status = ${FORWARD},
    opened_at = EXCLUDED.opened_at, updated_at = EXCLUDED.updated_at,
    resolved_at = COALESCE(alerts.resolved_at, EXCLUDED.resolved_at), count = EXCLUDED.count,
    distinct_callers = EXCLUDED.distinct_callers, expected = EXCLUDED.expected, score = EXCLUDED.score,
    detector = EXCLUDED.detector, summary = EXCLUDED.summary, data = EXCLUDED.data
  WHERE EXCLUDED.updated_at >= alerts.updated_at`;

const UPSERT_FROM_PERSON = `
  INSERT INTO alerts (${ENGINE_COLUMNS}, acknowledged_at, acknowledged_by, dispatched_at, dispatched_by, unit, note)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)
  ON CONFLICT (id) DO UPDATE SET
    status = ${FORWARD},
    resolved_at = COALESCE(alerts.resolved_at, EXCLUDED.resolved_at),
    acknowledged_at = COALESCE(alerts.acknowledged_at, EXCLUDED.acknowledged_at),
    acknowledged_by = COALESCE(alerts.acknowledged_by, EXCLUDED.acknowledged_by),
    dispatched_at = COALESCE(alerts.dispatched_at, EXCLUDED.dispatched_at),
    dispatched_by = COALESCE(alerts.dispatched_by, EXCLUDED.dispatched_by),
    unit = COALESCE(EXCLUDED.unit, alerts.unit), note = COALESCE(EXCLUDED.note, alerts.note)`;

const INSERT_EVENT = `
  INSERT INTO alert_events (key, alert_id, type, at, status, actor, note, unit, alert)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (key) DO NOTHING RETURNING seq`;

const LINK_INCIDENT =
  `UPDATE reports SET incident_id = $1 WHERE id = ANY($2::text[]) ` + `AND incident_id IS DISTINCT FROM $1`;

/** The status a transition leaves the alert in. */
export const statusAfter = (t: AlertTransition): AlertStatus => STATUS_BY_TYPE[t.type] ?? t.alert.status;

/** When the transition happened. */
export const transitionTime = (t: AlertTransition): string =>
  t.at ?? (t.type === 'alert.resolved' && t.alert.resolvedAt ? t.alert.resolvedAt : t.alert.updatedAt);

/** Content key: a redelivered transition has the same key and is stored once. */
export function transitionKey(t: AlertTransition): string {
  const body = JSON.stringify([t.type, transitionTime(t), t.actor ?? null, t.note ?? null, t.unit ?? null, t.alert]);
  return createHash('sha256').update(body).digest('base64url');
}

function engineValues(t: AlertTransition): unknown[] {
  const a = t.alert;
  const resolvedAt = t.type === 'alert.resolved' ? (a.resolvedAt ?? transitionTime(t)) : (a.resolvedAt ?? null);
  return [
    a.id,
    a.kind,
    a.district,
    a.topic,
    statusAfter(t),
    a.openedAt,
    a.updatedAt,
    resolvedAt,
    a.count,
    a.distinctCallers,
    a.expected,
    a.score,
    a.detector,
    a.summary,
    pgJson(a),
  ];
}

function personValues(t: AlertTransition): unknown[] {
  const at = transitionTime(t);
  const acted = (type: AlertTransition['type']) => (t.type === type ? [at, t.actor ?? null] : [null, null]);
  return [
    ...engineValues(t),
    ...acted('alert.acknowledged'),
    ...acted('alert.dispatched'),
    t.unit ?? null,
    t.note ?? null,
  ];
}

/** Store transitions in order inside the caller's transaction; true for each one not seen before. */
export async function applyTransitions(tx: SqlSession, transitions: readonly AlertTransition[]): Promise<boolean[]> {
  const fresh: boolean[] = [];
  for (const t of transitions) {
    const inserted = await tx.query(INSERT_EVENT, [
      transitionKey(t),
      t.alert.id,
      t.type,
      transitionTime(t),
      statusAfter(t),
      t.actor ?? null,
      t.note ?? null,
      t.unit ?? null,
      pgJson(t.alert),
    ]);
    fresh.push(inserted.length > 0);
    if (inserted.length === 0) continue; // seen before: its effect is already stored
    const byPerson = t.actor != null || t.type === 'alert.acknowledged' || t.type === 'alert.dispatched';
    if (byPerson) await tx.query(UPSERT_FROM_PERSON, personValues(t));
    else await tx.query(UPSERT_FROM_ENGINE, engineValues(t));
    if (!byPerson && t.alert.kind === 'incident' && t.alert.reportIds.length > 0)
      await tx.query(LINK_INCIDENT, [t.alert.id, t.alert.reportIds]);
  }
  return fresh;
}
