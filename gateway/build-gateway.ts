// Assembles the gateway: one Fastify instance, every feature a plugin given the same GatewayContext. The order
// is the request's path: errors and identity first, then limits and headers, the docs, and the features.
import Fastify, {
  LogController,
  type FastifyReply,
  type FastifyRequest,
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawServerDefault,
} from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from '../engine/log.ts';
import type { GatewayContext } from './gateway-context.ts';
import accessControl from './plugins/access-control.ts';
import alertWorkflow from './plugins/alert-workflow.ts';
import alertsRead from './plugins/alerts-read.ts';
import apiDocs from './plugins/api-docs.ts';
import cityProfile from './plugins/city-profile.ts';
import dashboardPages from './plugins/dashboard-pages.ts';
import errorReplies from './plugins/error-replies.ts';
import liveFigures from './plugins/live-figures.ts';
import liveSocket from './plugins/live-socket.ts';
import openData from './plugins/open-data.ts';
import open311GeoReport from './plugins/open311-georeport.ts';
import reportIntake from './plugins/report-intake.ts';
import securityHeaders from './plugins/security-headers.ts';
import serviceHealth from './plugins/service-health.ts';
import units from './plugins/units.ts';
import morningReports from './plugins/morning-reports.ts';

export interface GatewayOptions {
  /** Fastify's logger: one JSON line per request. Default: none (tests); `lizheng gateway` passes pino's. */
  readonly logger?: Logger | false;
  readonly version?: string;
  /** The built dashboard's directory (default: dist/dashboard). */
  readonly dashboardDir?: string;
}

/** A URL as it may be logged: the wall's kiosk token and Open311's api_key replaced, whatever else is kept. */
export const withoutSecrets = (url: string): string => url.replace(/([?&](?:token|api_key)=)[^&#]*/gi, '$1…');

/** One log line per request, written once it is answered, rather than Fastify's two (incoming and completed). */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      url: withoutSecrets(request.url),
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      who: request.principal?.name ?? null,
      ...(error ? { err: error } : {}),
    };
    request.log.info(line, 'request');
  }
}

/** The gateway's Fastify instance, typed for TypeBox route schemas. */
export type Gateway = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The gateway, ready to `listen()` or `inject()`; closing it closes the plugins' own resources, not the context's. */
export async function buildGateway(ctx: GatewayContext, options: GatewayOptions = {}): Promise<Gateway> {
  const app = Fastify({
    loggerInstance: (options.logger || undefined) as FastifyBaseLogger | undefined,
    bodyLimit: ctx.limits.bodyLimitBytes,
    // Every offending field is named, not only the first.
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
    return503OnClosing: true,
    logController: new OneLinePerRequest(),
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errorReplies);
  await app.register(accessControl, { access: ctx.access });
  await app.register(securityHeaders, { limits: ctx.limits });
  await app.register(apiDocs, { version: options.version ?? '0.0.0' });
  await app.register(serviceHealth, ctx);
  // Feature plugins (each under gateway/plugins/, each with its own test file named after the feature):
  await app.register(alertsRead, ctx);
  await app.register(alertWorkflow, ctx);
  await app.register(units, ctx);
  await app.register(morningReports, ctx);
  await app.register(liveSocket, ctx);
  await app.register(liveFigures, ctx);
  await app.register(reportIntake, ctx);
  await app.register(open311GeoReport, ctx);
  await app.register(openData, ctx);
  await app.register(cityProfile, ctx);
  await app.register(dashboardPages, { ...ctx, dashboardDir: options.dashboardDir });
  return app;
}
