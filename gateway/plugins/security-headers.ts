// The web's usual defences, from the Fastify plugins that own them: security headers (helmet), CORS limited to
// the configured origins, and a per-principal rate limit (429 with Retry-After) so one key cannot starve others.
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { GatewayLimits } from '../gateway-context.ts';
import { GatewayError } from '../gateway-errors.ts';

async function securityHeaders(app: FastifyInstance, opts: { limits: GatewayLimits }): Promise<void> {
  // The API docs page runs Swagger UI's own script and styles; everything else is JSON.
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { 'script-src': ["'self'"], 'style-src': ["'self'", 'https:', "'unsafe-inline'"] },
    },
  });
  await app.register(cors, { origin: opts.limits.corsOrigins.length > 0 ? [...opts.limits.corsOrigins] : false });
  await app.register(rateLimit, {
    max: opts.limits.rateLimitPerMinute,
    timeWindow: 60_000,
    // Per token or key (identified in onRequest by access-control), else per address.
    keyGenerator: (request) => (request.principal ? `${request.principal.kind}:${request.principal.name}` : request.ip),
    errorResponseBuilder: (_request, context) =>
      new GatewayError(
        'LZ_RATE_LIMITED',
        `rate limit of ${context.max} requests a minute reached; retry in ${context.after}`,
      ),
  });
}

export default fp(securityHeaders, { name: 'security-headers', dependencies: ['access-control'] });
