// The dashboard in the browser: the wall (/wall) and the duty console (/console) as small HTML shells, and their
// bundled scripts under /dashboard/ (built by scripts/build-dashboard.mjs into dist/dashboard). The pages carry no
// data and no inline script, so they are public and helmet's CSP holds; the data comes from /api with a token.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../build-gateway.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { GatewayError } from '../gateway-errors.ts';

/** Where the built dashboard is: beside the compiled gateway in dist/, or in dist/ when it runs from source. */
export const BUILT_DASHBOARD = [
  fileURLToPath(new URL('../../dashboard/', import.meta.url)),
  fileURLToPath(new URL('../../dist/dashboard/', import.meta.url)),
];

export interface DashboardPagesOptions extends GatewayContext {
  /** Serve the bundle from here instead (tests, a bundle built elsewhere). */
  readonly dashboardDir?: string;
}

async function dashboardPages(fastify: FastifyInstance, opts: DashboardPagesOptions): Promise<void> {
  const app = fastify as Gateway;
  const candidates = opts.dashboardDir ? [opts.dashboardDir] : BUILT_DASHBOARD;
  // Looked up per request, so a gateway started before `npm run build` serves the bundle once it is there.
  const bundle = (): string => {
    const dir = candidates.find((d) => existsSync(join(d, 'wall.js')));
    if (dir === undefined)
      throw new GatewayError(
        'LZ_DASHBOARD_NOT_BUILT',
        `the dashboard is not built (looked in ${candidates.join(', ')}): run \`npm run build\``,
      );
    return dir;
  };
  await app.register(fastifyStatic, { root: candidates[0], serve: false });

  for (const page of ['wall', 'console'] as const) {
    app.get(
      `/${page}`,
      { schema: { hide: true } },
      // The kiosk URL carries ?token=; the page's script takes it out of the address bar.
      async (_request, reply) => reply.header('cache-control', 'no-cache').sendFile(`${page}.html`, bundle()),
    );
  }

  app.get(
    '/dashboard/*',
    { schema: { hide: true, params: Type.Object({ '*': Type.String({ pattern: '^[\\w-]+(\\.[\\w-]+)+$' }) }) } },
    async (request, reply) => {
      const dir = bundle();
      const file = request.params['*'];
      if (!existsSync(join(dir, file))) throw new GatewayError('LZ_NOT_FOUND', `no dashboard file ${file}`);
      return reply.header('cache-control', 'no-cache').sendFile(file, dir);
    },
  );
}

export default dashboardPages;
