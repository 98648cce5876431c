// The city as the dashboard draws it (GET /api/profile): districts with their Chinese names, weights and tile-map
// squares, topics with their responsible units; and who the caller is (GET /api/whoami), so a page shows only what
// its token may do.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../build-gateway.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { GatewayError } from '../gateway-errors.ts';

const ProfileView = Type.Object({
  city: Type.String({ description: '成都市' }),
  code: Type.String(),
  timezone: Type.String(),
  districts: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String({ description: 'Chinese name: 高新区' }),
      weight: Type.Number({ description: 'Relative share of intake (population-like)' }),
      cartogram: Type.Union([Type.Object({ row: Type.Integer(), col: Type.Integer() }), Type.Null()], {
        description: "Square on the wall's tile map; null when the profile gives none",
      }),
    }),
  ),
  topics: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String({ description: 'Chinese name: 物业管理' }),
      unit: Type.String({ description: 'Responsible unit' }),
    }),
  ),
});

const WhoAmI = Type.Object({
  name: Type.String(),
  // Spelt out (not mapped from ROLES) so the route type provider infers the three literals.
  role: Type.Union([Type.Literal('viewer'), Type.Literal('officer'), Type.Literal('admin')]),
});

async function cityProfile(fastify: FastifyInstance, ctx: GatewayContext): Promise<void> {
  const app = fastify as Gateway;
  const { data } = ctx.profile;
  const view: Static<typeof ProfileView> = {
    city: data.city,
    code: data.code,
    timezone: data.timezone,
    districts: data.districts.map((d) => ({
      code: d.code,
      name: d.name,
      weight: d.weight,
      cartogram: d.cartogram ?? null,
    })),
    topics: data.topics.map((t) => ({ code: t.code, name: t.name, unit: t.unit })),
  };

  app.get(
    '/api/profile',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "The city's districts (with tile-map squares) and topics (with responsible units), for labels",
        tags: ['live figures'],
        security: [{ bearer: [] }],
        response: { 200: ProfileView },
      },
    },
    async () => view,
  );

  app.get(
    '/api/whoami',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "The caller's name and role (viewer, officer, admin)",
        tags: ['live figures'],
        security: [{ bearer: [] }],
        response: { 200: WhoAmI },
      },
    },
    async (request): Promise<Static<typeof WhoAmI>> => {
      const p = request.principal;
      if (p?.kind !== 'token') throw new GatewayError('LZ_FORBIDDEN', 'this needs a person’s token, not an API key');
      return { name: p.name, role: p.role };
    },
  );
}

export default cityProfile;
