// Stores alert transitions: every one in alert_events (once, keyed by content), and its effect on `alerts` as the
// merged state machine (engine/alerts/alert-workflow.ts) decides it, with the alert's row locked meanwhile: the
// engine's updates never overwrite a person's status, and two gateways cannot both acknowledge one alert.
import { createHash } from 'node:crypto';
import type { Alert, AlertEventType, AlertStatus } from '../../schemas/alert-event.ts';
import type { DeadlineClass, LiveAlert, WorkflowAction } from '../../schemas/alert-workflow.ts';
import {
  applyAction,
  EMPTY_WORKFLOW,
  mergeEngineEvent,
  type ActionRequest,
  type Refusal,
} from '../alerts/alert-workflow.ts';
import { lockAlert, saveAlert, type FormatTime } from './live-alert-row.ts';
import { pgJson } from './report-rows.ts';
import { inTransaction, type SqlClient, type SqlSession } from './sql-client.ts';

export type PersonAlertEventType = 'alert.acknowledged' | 'alert.dispatched' | 'alert.reopened';

/** One transition of an alert: an engine AlertEvent, or a person's action on it (with an actor). */
export interface AlertTransition {
  readonly type: AlertEventType | PersonAlertEventType;
  /** Engine: the alert after the event. A person's action: the alert acted on (the stored one is what counts). */
  readonly alert: Alert;
  /** Who acted; absent for the engine. */
  readonly actor?: string | null;
  readonly note?: string | null;
  /** Responsible unit the alert was dispatched to. */
  readonly unit?: string | null;
  /** Deadline class of a dispatch (default 24h). */
  readonly deadline?: DeadlineClass;
  /** ISO time of the transition; engine transitions default to the alert's updatedAt. */
  readonly at?: string;
}

/** The event type a person's action is stored under (a person's resolve shares the engine's `alert.resolved`). */
export const TYPE_OF_ACTION: Record<WorkflowAction, AlertTransition['type']> = {
  acknowledge: 'alert.acknowledged',
  dispatch: 'alert.dispatched',
  resolve: 'alert.resolved',
  reopen: 'alert.reopened',
};
const ACTION_OF_TYPE = new Map(Object.entries(TYPE_OF_ACTION).map(([a, t]) => [t, a as WorkflowAction]));

const byPerson = (t: AlertTransition): boolean =>
  t.actor != null || (t.type !== 'alert.resolved' && ACTION_OF_TYPE.has(t.type));

const INSERT_EVENT = `
  INSERT INTO alert_events (key, alert_id, type, at, status, actor, note, unit, alert)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
  ON CONFLICT (key) DO NOTHING RETURNING seq`;

const LINK_INCIDENT =
  `UPDATE reports SET incident_id = $1 WHERE id = ANY($2::text[]) ` + `AND incident_id IS DISTINCT FROM $1`;

/** Rows keep instants, so the writer's own intermediate times need no zone. */
const utc: FormatTime = (t) => new Date(t).toISOString();

/** When the transition happened. */
export const transitionTime = (t: AlertTransition): string =>
  t.at ?? (t.type === 'alert.resolved' && t.alert.resolvedAt ? t.alert.resolvedAt : t.alert.updatedAt);

/** Content key: a redelivered transition has the same key and is stored once. */
export function transitionKey(t: AlertTransition): string {
  const body = JSON.stringify([
    t.type,
    transitionTime(t),
    t.actor ?? null,
    t.note ?? null,
    t.unit ?? null,
    t.alert,
    // appended only when set, so keys of transitions stored before deadlines existed stay the same
    ...(t.deadline ? [t.deadline] : []),
  ]);
  return createHash('sha256').update(body).digest('base64url');
}

/** What one transition did: the alert after it, or the state machine's refusal of a person's action. */
type Outcome = { readonly fresh: boolean; readonly key: string; readonly alert: LiveAlert } | Refusal;

function personRequest(t: AlertTransition): ActionRequest {
  return {
    action: ACTION_OF_TYPE.get(t.type)!,
    actor: t.actor ?? 'unknown',
    at: Date.parse(transitionTime(t)),
    ...(t.note != null ? { note: t.note } : {}),
    ...(t.unit != null ? { unit: t.unit } : {}),
    ...(t.deadline ? { deadline: t.deadline } : {}),
  };
}

/** The engine's alert with its resolution time filled in from the transition when the engine left it out. */
function engineAlert(t: AlertTransition): Alert {
  return t.type === 'alert.resolved' && !t.alert.resolvedAt ? { ...t.alert, resolvedAt: transitionTime(t) } : t.alert;
}

/** Record one transition against the alert as stored (`previous`, locked by the caller's transaction). */
async function record(
  tx: SqlSession,
  t: AlertTransition,
  previous: LiveAlert | undefined,
  format: FormatTime,
): Promise<Outcome> {
  const person = byPerson(t);
  let next: LiveAlert | Refusal;
  if (person) next = applyAction(previous ?? { ...t.alert, workflow: EMPTY_WORKFLOW }, personRequest(t), format);
  else if (previous && Date.parse(t.alert.updatedAt) < Date.parse(previous.updatedAt))
    next = previous; // an engine event older than what is stored: kept in the history, the state stays
  else next = mergeEngineEvent(previous, { type: t.type as AlertEventType, alert: engineAlert(t) });
  if ('refused' in next) return next;
  const key = transitionKey(t);
  // Engine events keep the engine's own verdict and alert; a person's action, the merged alert it produced.
  const status: AlertStatus = person ? next.status : t.type === 'alert.resolved' ? 'resolved' : t.alert.status;
  const inserted = await tx.query(INSERT_EVENT, [
    key,
    t.alert.id,
    t.type,
    transitionTime(t),
    status,
    person ? (t.actor ?? 'unknown') : null,
    t.note ?? null,
    t.unit ?? null,
    pgJson(person ? next : t.alert),
  ]);
  if (inserted.length === 0) return { fresh: false, key, alert: previous ?? next }; // seen before: already applied
  if (next !== previous) await saveAlert(tx, next);
  if (!person && t.alert.kind === 'incident' && t.alert.reportIds.length > 0)
    await tx.query(LINK_INCIDENT, [t.alert.id, t.alert.reportIds]);
  return { fresh: true, key, alert: next };
}

/**
 * Store transitions in order inside the caller's transaction; true for each one not seen before. A person's action
 * the state machine refuses (acknowledging a dispatched alert) is not stored and counts as not new.
 */
export async function applyTransitions(tx: SqlSession, transitions: readonly AlertTransition[]): Promise<boolean[]> {
  const fresh: boolean[] = [];
  for (const t of transitions) {
    const outcome = await record(tx, t, await lockAlert(tx, t.alert.id, utc), utc);
    fresh.push('fresh' in outcome && outcome.fresh);
  }
  return fresh;
}

/** A person's action as the gateway asks for it. */
export interface AlertAction extends ActionRequest {
  readonly alertId: string;
}

/** The action's result: the merged alert and the stored event's key (the Nats-Msg-Id of its announcement). */
export type ActionOutcome = { readonly alert: LiveAlert; readonly key: string } | Refusal | null;

/**
 * Apply a person's action in one transaction holding the alert's row lock, so of two racing actions the second
 * sees the first's result. Null: no such alert. Times in the answer are written with `format` (the city's zone).
 */
export function actOnAlert(client: SqlClient, action: AlertAction, format: FormatTime): Promise<ActionOutcome> {
  return client.withSession((session) =>
    inTransaction(session, async (tx) => {
      const previous = await lockAlert(tx, action.alertId, format);
      if (!previous) return null;
      const { workflow: _w, ...alert } = previous;
      const outcome = await record(
        tx,
        {
          type: TYPE_OF_ACTION[action.action],
          alert,
          actor: action.actor,
          note: action.note ?? null,
          unit: action.unit ?? null,
          ...(action.deadline ? { deadline: action.deadline } : {}),
          at: format(action.at),
        },
        previous,
        format,
      );
      return 'refused' in outcome ? outcome : { alert: outcome.alert, key: outcome.key };
    }),
  );
}
