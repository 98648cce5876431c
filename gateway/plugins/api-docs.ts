// The OpenAPI 3 document, generated from the route schemas (so it cannot drift from what the routes check),
// served as JSON at /docs/json and browsable at /docs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

async function apiDocs(app: FastifyInstance, opts: { version: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Lizheng (理政) gateway',
        version: opts.version,
        description:
          'Intake of citizen reports, alerts and the officer workflow (派单 → 签收 → 办结), live figures and ' +
          'Open311 GeoReport v2. Errors are {code, message, errors?}; codes are listed in gateway/gateway-errors.ts.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'viewer, officer or admin token' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'an intake channel key' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
}

export default fp(apiDocs, { name: 'api-docs' });
