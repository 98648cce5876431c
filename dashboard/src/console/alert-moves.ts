// Which workflow moves the console offers on an alert, decided by the same state machine the gateway refuses with,
// and what the acknowledge button means there: the duty officer's 受理 on an open alert, the unit's 签收 once
// dispatched.
import { ALLOWED_FROM } from '../../../engine/alerts/alert-workflow.ts';
import type { LiveAlert, WorkflowAction } from '../../../schemas/alert-workflow.ts';

export const MOVES: readonly WorkflowAction[] = ['acknowledge', 'dispatch', 'resolve', 'reopen'];

/**
 * Whether the state machine allows the move now. The console still lets an officer press a move it does not
 * expect to pass (another console may have moved the alert a moment ago): the gateway decides, and its refusal
 * is shown; this only marks which moves are the natural next ones.
 */
export function moveExpected(alert: LiveAlert, action: WorkflowAction): boolean {
  if (!ALLOWED_FROM[action].includes(alert.status)) return false;
  // A unit signs for a dispatch once; a second 签收 is refused until the alert is dispatched again.
  return !(action === 'acknowledge' && alert.status === 'dispatched' && alert.workflow.signedAt !== null);
}

/** The string key of the acknowledge button: 签收 for a dispatched alert, 受理 otherwise. */
export const acknowledgeKey = (alert: LiveAlert): 'action.sign' | 'action.acknowledge' =>
  alert.status === 'dispatched' ? 'action.sign' : 'action.acknowledge';
