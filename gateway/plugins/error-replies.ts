// Every error the gateway answers has one shape, {code, message, errors?}, with the status from the catalogue;
// no stack trace reaches a client. Unknown routes answer JSON 404, known routes with the wrong method 405.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { ERROR_CODES, GatewayError, type ErrorCode, type FieldError } from '../gateway-errors.ts';

/** Fastify's own error codes that are the client's fault, and the catalogue code each becomes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'LZ_PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'LZ_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'LZ_INVALID_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'LZ_INVALID_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'LZ_INVALID_REQUEST',
  FST_ERR_VALIDATION: 'LZ_INVALID_REQUEST',
};

/** Ajv's `/items/0/text` or, for a missing property, the property under its parent. */
function fieldPath(v: { instancePath: string; params?: Record<string, unknown> }): string {
  const missing = v.params?.missingProperty ?? v.params?.additionalProperty;
  return typeof missing === 'string' ? `${v.instancePath}/${missing}` : v.instancePath || '/';
}

/** The GatewayError a thrown error answers as. */
export function asGatewayError(err: FastifyError | Error): GatewayError {
  if (err instanceof GatewayError) return err;
  const e = err as FastifyError;
  if (e.validation) {
    const errors: FieldError[] = e.validation.map((v) => ({ path: fieldPath(v), message: v.message ?? 'invalid' }));
    const where = e.validationContext ?? 'request';
    return new GatewayError('LZ_INVALID_REQUEST', `invalid ${where}: ${errors.map((x) => x.path).join(', ')}`, errors);
  }
  const code = e.code ? FASTIFY_CODES[e.code] : undefined;
  if (code) return new GatewayError(code, e.message, undefined, { cause: err });
  if (e.statusCode === 429) return new GatewayError('LZ_RATE_LIMITED', e.message, undefined, { cause: err });
  return new GatewayError('LZ_INTERNAL', 'internal error', undefined, { cause: err });
}

async function errorReplies(app: FastifyInstance): Promise<void> {
  // A second router holding only which methods each route has, so a wrong method can answer 405, not 404.
  const methods = FindMyWay();
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD' || method === 'OPTIONS') continue;
      try {
        methods.on(method as HTTPMethod, route.url, () => undefined);
      } catch {
        // the same method and path twice (a route and its HEAD twin): once is enough here
      }
    }
  });

  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const answer = asGatewayError(err);
    if (answer.statusCode >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: answer.code, reason: answer.message }, 'request refused');
    reply.code(answer.statusCode).send(answer.body());
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allowed = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).filter(
      (m) => m !== request.method && methods.find(m, path) !== null,
    );
    const answer =
      allowed.length > 0
        ? new GatewayError('LZ_METHOD_NOT_ALLOWED', `${request.method} is not allowed on ${path}`)
        : new GatewayError('LZ_NOT_FOUND', `no route ${request.method} ${path}`);
    if (allowed.length > 0) reply.header('allow', allowed.join(', '));
    reply.code(ERROR_CODES[answer.code]).send(answer.body());
  });
}

export default fp(errorReplies, { name: 'error-replies' });
