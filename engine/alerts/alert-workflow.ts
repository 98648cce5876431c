// The merged state machine of an alert: people move it (acknowledge, dispatch, resolve, reopen), the engine
// updates its figures and may close it only while nobody has taken it up. Pure functions, no clock and no I/O:
// the store, the gateway and the dashboard all decide with these, so they cannot disagree.
import type { AlertEvent, AlertStatus } from '../../schemas/alert-event.ts';
import {
  DEADLINE_CLASSES,
  type AlertWorkflow,
  type DeadlineClass,
  type LiveAlert,
  type WorkflowAction,
} from '../../schemas/alert-workflow.ts';

export const EMPTY_WORKFLOW: AlertWorkflow = {
  acknowledgedAt: null,
  acknowledgedBy: null,
  dispatchedAt: null,
  dispatchedBy: null,
  unit: null,
  deadline: null,
  dueAt: null,
  signedAt: null,
  signedBy: null,
  resolvedBy: null,
  note: null,
  quiet: false,
};

/**
 * From which statuses each action may start. Acknowledging an open alert is the duty officer's (受理); acknowledging
 * a dispatched one is the responsible unit signing for it (签收), once per dispatch. Dispatching again re-assigns
 * the unit, which must sign again.
 */
export const ALLOWED_FROM: Record<WorkflowAction, readonly AlertStatus[]> = {
  acknowledge: ['open', 'dispatched'],
  dispatch: ['open', 'acknowledged', 'dispatched'],
  resolve: ['open', 'acknowledged', 'dispatched'],
  reopen: ['resolved'],
};

export interface ActionRequest {
  readonly action: WorkflowAction;
  readonly actor: string;
  /** Epoch ms of the action (feed time in a replay or demo). */
  readonly at: number;
  readonly note?: string;
  readonly unit?: string;
  readonly deadline?: DeadlineClass;
}

/** Why an action was refused: the alert's status does not allow it (the gateway answers 409). */
export interface Refusal {
  readonly refused: true;
  readonly status: AlertStatus;
  readonly message: string;
}

const STATUS_AFTER: Record<WorkflowAction, AlertStatus> = {
  acknowledge: 'acknowledged',
  dispatch: 'dispatched',
  resolve: 'resolved',
  reopen: 'open',
};

/**
 * The alert after a person's action, or the refusal. `format` writes an epoch-ms time as the city's ISO time.
 *
 * @example
 * applyAction(alert, { action: 'acknowledge', actor: 'duty-1', at: t }, format).status // 'acknowledged'
 */
export function applyAction(alert: LiveAlert, req: ActionRequest, format: (t: number) => string): LiveAlert | Refusal {
  if (!ALLOWED_FROM[req.action].includes(alert.status))
    return {
      refused: true,
      status: alert.status,
      message:
        `cannot ${req.action} an alert that is ${alert.status} ` +
        `(allowed from: ${ALLOWED_FROM[req.action].join(', ')})`,
    };
  const w = alert.workflow;
  const signing = req.action === 'acknowledge' && alert.status === 'dispatched';
  if (signing && w.signedAt !== null)
    return {
      refused: true,
      status: alert.status,
      message: `the unit ${w.unit ?? ''} already signed for this dispatch at ${w.signedAt} (签收)`,
    };
  const at = format(req.at);
  const note = req.note ?? w.note;
  const next: AlertWorkflow = { ...w, note };
  if (signing) {
    next.signedAt = at;
    next.signedBy = req.actor;
    return { ...alert, workflow: next };
  }
  // Dispatching or reopening takes the alert up too: from then on the engine may no longer close it (a reopened
  // alert the engine could resolve again would undo the person's reopening).
  const takesUp = req.action === 'dispatch' || req.action === 'reopen';
  if (req.action === 'acknowledge' || (takesUp && w.acknowledgedAt === null)) {
    next.acknowledgedAt = at;
    next.acknowledgedBy = req.actor;
  }
  if (req.action === 'dispatch') {
    const deadline = req.deadline ?? '24h';
    Object.assign(next, {
      dispatchedAt: at,
      dispatchedBy: req.actor,
      unit: req.unit ?? w.unit,
      deadline,
      dueAt: format(req.at + DEADLINE_CLASSES[deadline]),
      signedAt: null,
      signedBy: null,
    });
  }
  if (req.action === 'resolve') next.resolvedBy = req.actor;
  if (req.action === 'reopen') Object.assign(next, { resolvedBy: null, quiet: false });
  const resolvedAt = req.action === 'resolve' ? at : req.action === 'reopen' ? undefined : alert.resolvedAt;
  const { resolvedAt: _dropped, ...rest } = alert;
  return {
    ...rest,
    ...(resolvedAt ? { resolvedAt } : {}),
    status: STATUS_AFTER[req.action],
    workflow: next,
  };
}

/** True once a person has taken the alert up (acknowledged, dispatched or resolved it by hand). */
export const heldByPeople = (w: AlertWorkflow): boolean =>
  w.acknowledgedAt !== null || w.dispatchedAt !== null || (w.resolvedBy !== null && w.resolvedBy !== 'engine');

/**
 * The alert after an engine event. The engine's figures always win (more people, a new expected); its status
 * wins only while no person holds the alert: an engine "resolved" on an alert people hold marks it quiet instead,
 * and an engine update never reopens one a person resolved.
 */
export function mergeEngineEvent(previous: LiveAlert | undefined, event: AlertEvent): LiveAlert {
  const w = previous?.workflow ?? EMPTY_WORKFLOW;
  if (!previous || !heldByPeople(w)) {
    const resolvedByEngine = event.type === 'alert.resolved';
    return {
      ...event.alert,
      workflow: { ...w, resolvedBy: resolvedByEngine ? 'engine' : null, quiet: resolvedByEngine },
    };
  }
  const { resolvedAt: engineResolvedAt, ...figures } = event.alert;
  const personResolved = previous.status === 'resolved';
  return {
    ...figures,
    ...(personResolved && previous.resolvedAt ? { resolvedAt: previous.resolvedAt } : {}),
    status: previous.status,
    workflow: { ...w, quiet: w.quiet || event.type === 'alert.resolved' || engineResolvedAt !== undefined },
  };
}
