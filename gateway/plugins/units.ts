// Response timeliness by responsible unit (GET /api/units): how many alerts each was dispatched, how many it
// acknowledged and resolved in time, how many are overdue now (feed time), and its median times. Every unit of the
// profile is listed, those never dispatched to with zeros, so a console sees who has had nothing as well.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { UnitResponseTimes } from '../../engine/store/queries/alert-query.ts';
import type { Gateway } from '../build-gateway.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { asked, invalidField } from '../query-input.ts';
import { responsibleUnits } from '../responsible-units.ts';

const Minutes = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

const UnitFigures = Type.Object({
  unit: Type.String(),
  topics: Type.Array(Type.String(), { description: 'Topics the profile gives the unit: 交通出行 (traffic), …' }),
  dispatched: Type.Integer({ description: 'Alerts dispatched to the unit (opened in the range)' }),
  acknowledgedInTime: Type.Integer({
    description: 'Of those, signed for by the unit (签收: acknowledged after the dispatch) no later than due',
  }),
  resolved: Type.Integer(),
  resolvedInTime: Type.Integer({ description: 'Resolved no later than due' }),
  overdueNow: Type.Integer({ description: 'Dispatched, not resolved, due before now (feed time)' }),
  acknowledgeMedianMinutes: Minutes('Median minutes from the dispatch to the unit signing for it (签收)'),
  dispatchMedianMinutes: Minutes('Median minutes from opening to dispatch'),
  resolveMedianMinutes: Minutes('Median minutes from dispatch to resolution'),
});

const UnitsQuery = Type.Object(
  {
    since: Type.Optional(Type.String({ format: 'date-time', description: 'Alerts opened at or after this time' })),
    until: Type.Optional(Type.String({ format: 'date-time', description: 'Alerts opened before this time' })),
  },
  { additionalProperties: false },
);

export const Units = Type.Object({
  at: Type.String({ description: 'Feed time "now" of the overdue count' }),
  units: Type.Array(UnitFigures, { description: "The profile's units in its order, then any other dispatched to" }),
});

const NOTHING = {
  dispatched: 0,
  acknowledgedInTime: 0,
  resolved: 0,
  resolvedInTime: 0,
  overdueNow: 0,
  acknowledgeMedianMinutes: null,
  dispatchMedianMinutes: null,
  resolveMedianMinutes: null,
};

async function units(fastify: FastifyInstance, ctx: GatewayContext): Promise<void> {
  const app = fastify as Gateway;
  const known = responsibleUnits(ctx.profile);

  app.get(
    '/api/units',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Response timeliness per responsible unit: dispatched, in time, overdue now, median times',
        tags: ['alert workflow'],
        security: [{ bearer: [] }],
        querystring: UnitsQuery,
        response: { 200: Units },
      },
    },
    async (request): Promise<Static<typeof Units>> => {
      const from = request.query.since === undefined ? undefined : Date.parse(request.query.since);
      const to = request.query.until === undefined ? undefined : Date.parse(request.query.until);
      if (from !== undefined && to !== undefined && to <= from) throw invalidField('until', 'must be after since');
      const now = ctx.feedClock.now();
      const rows = await asked(ctx.store.queries.responseTimes({ from, to, now }));
      const byUnit = new Map<string, UnitResponseTimes>(rows.map((r) => [r.unit, r]));
      const names = [...known.keys(), ...rows.map((r) => r.unit).filter((u) => !known.has(u))];
      return {
        at: ctx.clock.format(now),
        units: names.map((unit) => {
          const r = byUnit.get(unit);
          return {
            ...NOTHING,
            ...(r && {
              dispatched: r.dispatched,
              acknowledgedInTime: r.acknowledgedInTime,
              resolved: r.resolved,
              resolvedInTime: r.resolvedInTime,
              overdueNow: r.overdueNow ?? 0,
              acknowledgeMedianMinutes: r.acknowledgeMedianMinutes,
              dispatchMedianMinutes: r.dispatchMedianMinutes,
              resolveMedianMinutes: r.resolveMedianMinutes,
            }),
            unit,
            topics: (known.get(unit) ?? []).map((t) => ctx.profile.topicLabel(t)),
          };
        }),
      };
    },
  );
}

export default units;
