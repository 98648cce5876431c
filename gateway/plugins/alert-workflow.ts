// The officer workflow over REST (the seed's 派单 → 签收 → 办结): acknowledge, dispatch, resolve and reopen an alert.
// The merged state machine decides, the store keeps the action in one transaction holding the alert's row lock, and
// the change is announced on `alerts.workflow` so every gateway's sockets and the engine see it.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { actOnAlert, type AlertAction } from '../../engine/store/alert-transitions.ts';
import { isTransient } from '../../engine/store/transient-error.ts';
import { SUBJECTS } from '../../engine/stream/nats-names.ts';
import { DeadlineClass, LiveAlertChange, type WorkflowAction } from '../../schemas/alert-workflow.ts';
import type { Gateway } from '../build-gateway.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { GatewayError } from '../gateway-errors.ts';
import { invalidField } from '../query-input.ts';
import { responsibleUnits } from '../responsible-units.ts';

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

const ACTIONS: Record<WorkflowAction, string> = {
  acknowledge: 'Acknowledge (签收) an open alert: a person takes it up',
  dispatch: 'Dispatch (派单) to a responsible unit with a deadline class; again to re-assign',
  resolve: 'Resolve (办结) the alert',
  reopen: 'Reopen a resolved alert',
};

async function alertWorkflow(fastify: FastifyInstance, ctx: GatewayContext): Promise<void> {
  const app = fastify as Gateway;
  const units = responsibleUnits(ctx.profile);
  const Note = Type.Optional(Type.String({ maxLength: ctx.limits.maxTextChars, description: 'Why, for the record' }));
  const bodies: Record<WorkflowAction, ReturnType<typeof Type.Object>> = {
    acknowledge: Type.Object({ note: Note }, { additionalProperties: false }),
    dispatch: Type.Object(
      {
        unit: Type.String({ minLength: 1, description: `A unit of the city profile: ${[...units.keys()].join('、')}` }),
        deadline: Type.Optional(DeadlineClass), // how soon the unit must answer; 24h when not given
        note: Note,
      },
      { additionalProperties: false },
    ),
    resolve: Type.Object({ note: Note }, { additionalProperties: false }),
    reopen: Type.Object({ note: Note }, { additionalProperties: false }),
  };

  for (const action of Object.keys(ACTIONS) as WorkflowAction[]) {
    app.post(
      `/api/alerts/:id/${action}`,
      {
        config: { access: 'officer' },
        // A body is optional where every field is: `POST …/acknowledge` with nothing is an acknowledgement.
        preValidation: async (request) => {
          request.body ??= {};
        },
        schema: {
          summary: ACTIONS[action],
          description: 'Refused with 409 LZ_TRANSITION_REFUSED when the alert is in a status the action cannot leave.',
          tags: ['alert workflow'],
          security: [{ bearer: [] }],
          params: IdParams,
          body: bodies[action],
          response: { 200: LiveAlertChange },
        },
      },
      async (request): Promise<Static<typeof LiveAlertChange>> => {
        const body = request.body as { note?: string; unit?: string; deadline?: DeadlineClass };
        if (body.unit !== undefined && !units.has(body.unit))
          throw invalidField(
            'unit',
            `unknown unit ${JSON.stringify(body.unit)}: expected one of ${[...units.keys()].join('、')}`,
          );
        const at = ctx.feedClock.now();
        const actor = request.principal?.name ?? 'unknown';
        return act(ctx, { alertId: request.params.id, action, actor, at, ...body });
      },
    );
  }
}

/** Store the action, then announce it; the answer is the announced change. */
async function act(ctx: GatewayContext, action: AlertAction): Promise<Static<typeof LiveAlertChange>> {
  const format = (t: number) => ctx.clock.format(t);
  const outcome = await actOnAlert(ctx.store.sql, action, format).catch((err: unknown) => {
    if (!isTransient(err)) throw err;
    throw new GatewayError('LZ_STORE_UNAVAILABLE', 'the database is unreachable; nothing was done', undefined, {
      cause: err,
    });
  });
  if (outcome === null) throw new GatewayError('LZ_ALERT_NOT_FOUND', `no alert ${JSON.stringify(action.alertId)}`);
  if ('refused' in outcome)
    throw new GatewayError('LZ_TRANSITION_REFUSED', `alert ${action.alertId} is ${outcome.status}: ${outcome.message}`);
  const change: Static<typeof LiveAlertChange> = {
    type: 'alert.workflow',
    action: action.action,
    actor: action.actor,
    at: format(action.at),
    alert: outcome.alert,
  };
  try {
    // The stored event's key as Nats-Msg-Id: a retried announcement of the same action is kept once.
    await ctx.publisher.publish(
      SUBJECTS.workflow,
      new TextEncoder().encode(JSON.stringify(change)),
      `workflow-${outcome.key}`,
    );
    await ctx.publisher.flush();
  } catch (err) {
    throw new GatewayError(
      'LZ_STREAM_UNAVAILABLE',
      `the ${action.action} is stored but could not be announced on NATS; other consoles see it on reload`,
      undefined,
      { cause: err },
    );
  }
  return change;
}

export default alertWorkflow;
