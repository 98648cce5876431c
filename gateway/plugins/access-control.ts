// Who is asking, and may they: every route under /api, /open311, /open-data and /reports declares `config.access` (a role,
// `intake` for channel API keys, or `public`), and a route that forgets is refused at start-up rather than left open.
// Secrets come as `Authorization: Bearer …`, `X-Api-Key`, or (the wall's kiosk URL, Open311 clients) a query or
// form field `token` / `api_key`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { TextView } from '../../engine/store/queries/alert-query.ts';
import { AccessTokens, type Principal, type Role } from '../access-tokens.ts';
import { GatewayError } from '../gateway-errors.ts';

/** What a route requires: a person's role, an intake channel's API key (or an officer), or nothing. */
export type Access = Role | 'intake' | 'public';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** Who sent the request, once identified; null when no (valid) secret came with it. */
    principal: Principal | null;
  }
}

const GUARDED = /^\/(api|open311|open-data|reports)(\/|$)/;
/** Where a client without headers (the wall's kiosk URL, an Open311 app) puts its secret. */
const SECRET_FIELDS = ['token', 'api_key'] as const;

/** The secret a request carries, wherever the client put it. */
export function secretOf(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (typeof auth === 'string' && /^bearer /i.test(auth)) return auth.slice(7).trim();
  const key = request.headers['x-api-key'];
  if (typeof key === 'string') return key;
  const query = request.query as Record<string, unknown> | undefined;
  const body = request.body as Record<string, unknown> | undefined;
  for (const source of [query, body])
    for (const name of SECRET_FIELDS) if (source && typeof source[name] === 'string') return source[name] as string;
  return null;
}

/**
 * Which texts a request may read: an officer's the reports as stored (`raw`), anyone else — the wall's viewer, the
 * public — them redacted, with locations coarsened (engine/privacy/redact-text.ts).
 */
export function textViewOf(request: FastifyRequest): TextView {
  return AccessTokens.allows(request.principal, 'officer') ? 'raw' : 'redacted';
}

function allowed(principal: Principal | null, access: Access): boolean {
  if (access === 'public') return true;
  if (access === 'intake') return principal?.kind === 'apiKey' || AccessTokens.allows(principal, 'officer');
  return AccessTokens.allows(principal, access);
}

async function accessControl(app: FastifyInstance, opts: { access: AccessTokens }): Promise<void> {
  app.decorateRequest('principal', null);
  app.addHook('onRoute', (route) => {
    if (GUARDED.test(route.url) && route.config?.access === undefined)
      throw new Error(`route ${route.method} ${route.url} declares no config.access`);
  });
  // Identified as soon as the request arrives (the rate limit counts per principal), again once a form body
  // is parsed (Open311 sends api_key in it).
  const identify = async (request: FastifyRequest) => {
    const secret = secretOf(request);
    request.principal = secret === null ? null : opts.access.identify(secret);
  };
  app.addHook('onRequest', async (request) => {
    await identify(request);
    // A secret in the URL is spent here: routes' query schemas need not list it, and no handler sees it.
    const query = request.query as Record<string, unknown> | undefined;
    if (query) for (const name of SECRET_FIELDS) delete query[name];
  });
  app.addHook('preValidation', async (request) => {
    if (request.principal === null) await identify(request);
    const access = request.routeOptions.config?.access;
    if (access === undefined || allowed(request.principal, access)) return;
    if (request.principal === null)
      throw new GatewayError('LZ_UNAUTHORIZED', 'a valid bearer token or API key is required');
    throw new GatewayError(
      'LZ_FORBIDDEN',
      `this needs ${access === 'intake' ? 'an intake API key' : `the ${access} role`}`,
    );
  });
}

export default fp(accessControl, { name: 'access-control' });
