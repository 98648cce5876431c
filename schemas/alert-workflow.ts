// The officer workflow on an alert (the seed's 派单 → 签收 → 办结) and the alert as people see it: the engine's
// figures merged with what people did. Shared by the store, the gateway's REST and sockets, and the dashboard.
import { Type, type Static } from '@sinclair/typebox';
import { Alert, AlertEventType } from './alert-event.ts';

export const WorkflowAction = Type.Union([
  Type.Literal('acknowledge'),
  Type.Literal('dispatch'),
  Type.Literal('resolve'),
  Type.Literal('reopen'),
]);
export type WorkflowAction = Static<typeof WorkflowAction>;

/** How soon the responsible unit must answer a dispatch. */
export const DEADLINE_CLASSES = { '1h': 3_600_000, '2h': 7_200_000, '24h': 86_400_000, '5d': 432_000_000 } as const;
// Spelt out (not mapped from the keys) so the route type provider infers the four literals, not null.
export const DeadlineClass = Type.Union([
  Type.Literal('1h'),
  Type.Literal('2h'),
  Type.Literal('24h'),
  Type.Literal('5d'),
]);
export type DeadlineClass = keyof typeof DEADLINE_CLASSES;

const Iso = Type.String({ description: 'ISO 8601 time with the city offset (feed time in a replay or demo)' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** What people did to an alert; null fields: not (yet) done. */
export const AlertWorkflow = Type.Object({
  acknowledgedAt: Nullable(Iso),
  acknowledgedBy: Nullable(Type.String()),
  dispatchedAt: Nullable(Iso),
  dispatchedBy: Nullable(Type.String()),
  unit: Nullable(Type.String({ description: 'Responsible unit the alert was dispatched to' })),
  deadline: Nullable(DeadlineClass),
  dueAt: Nullable(Iso),
  signedAt: Nullable(Type.String({ description: 'When the responsible unit signed for the dispatch (签收), ISO' })),
  signedBy: Nullable(Type.String()),
  resolvedBy: Nullable(Type.String({ description: 'Who resolved it: an officer, or "engine" (quiet again)' })),
  note: Nullable(Type.String()),
  /** The engine saw the cell go quiet while people still held the alert (it does not close it for them). */
  quiet: Type.Boolean(),
});
export type AlertWorkflow = Static<typeof AlertWorkflow>;

/** An alert as the console and the wall show it: the engine's contract, its merged status, and the workflow. */
export const LiveAlert = Type.Intersect([Alert, Type.Object({ workflow: AlertWorkflow })], {
  $id: 'LiveAlert',
  title: 'Alert with its workflow',
});
export type LiveAlert = Static<typeof LiveAlert>;

/** A change of a live alert: an engine event, or an officer's action (with who, when and why). */
export const LiveAlertChange = Type.Object(
  {
    type: Type.Union([AlertEventType, Type.Literal('alert.workflow')]),
    action: Type.Optional(WorkflowAction),
    actor: Type.Optional(Type.String()),
    at: Iso,
    alert: LiveAlert,
  },
  { $id: 'LiveAlertChange', title: 'Alert change' },
);
export type LiveAlertChange = Static<typeof LiveAlertChange>;
