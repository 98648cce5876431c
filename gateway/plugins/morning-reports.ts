// The archived morning reports (网络理政日报): GET /reports lists the days, GET /reports/:day(.html|.pdf|.json) serves
// one as it was generated at 00:05 (the figures, the page; the print made on first request and kept). Readable with a
// viewer token, as the wall.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../build-gateway.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { GatewayError } from '../gateway-errors.ts';
import { asked } from '../query-input.ts';
import { printPdfOnce } from '../../engine/report/produce-report.ts';
import type { ChromiumMissingError } from '../../engine/report/render-report-pdf.ts';

/** Chromium's driver is loaded with the first print, so the module is known here by its error's code only. */
const chromiumMissing = (err: unknown): err is ChromiumMissingError =>
  (err as { code?: unknown }).code === 'CHROMIUM_MISSING';

const FILE = /^(\d{4}-\d{2}-\d{2})(?:\.(html|pdf|json))?$/;

const ReportLinks = Type.Object({
  day: Type.String({ description: 'Local day reported on, YYYY-MM-DD' }),
  html: Type.String(),
  pdf: Type.String(),
  json: Type.String(),
});

export const ReportList = Type.Object({
  profile: Type.String(),
  reports: Type.Array(ReportLinks, { description: 'Newest first' }),
});

async function morningReports(fastify: FastifyInstance, ctx: GatewayContext): Promise<void> {
  const app = fastify as Gateway;
  const profile = ctx.profile.data.code;

  app.get(
    '/reports',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Archived morning reports, newest first, with the address of each format',
        tags: ['morning report'],
        security: [{ bearer: [] }],
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 60 })) },
          { additionalProperties: false },
        ),
        response: { 200: ReportList },
      },
    },
    async (request): Promise<Static<typeof ReportList>> => {
      const days = await asked(ctx.store.archive.days(profile, request.query.limit ?? 60));
      return {
        profile,
        reports: days.map((day) => ({
          day,
          html: `/reports/${day}.html`,
          pdf: `/reports/${day}.pdf`,
          json: `/reports/${day}.json`,
        })),
      };
    },
  );

  app.get(
    '/reports/:file',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'One morning report: YYYY-MM-DD.html (default), .pdf (A4) or .json (every figure)',
        tags: ['morning report'],
        security: [{ bearer: [] }],
        params: Type.Object({ file: Type.String({ pattern: FILE.source, description: 'e.g. 2026-02-02.pdf' }) }),
      },
    },
    async (request, reply) => {
      const [, day, format = 'html'] = FILE.exec(request.params.file)!;
      const report = await asked(ctx.store.archive.get(profile, day));
      if (!report)
        throw new GatewayError(
          'LZ_REPORT_NOT_FOUND',
          `no morning report archived for ${day}: it is generated at the configured time after the day ends, or ` +
            `with lizheng report --date ${day}`,
        );
      reply.header('cache-control', 'private, max-age=300');
      if (format === 'json') return reply.type('application/json; charset=utf-8').send(report.summary);
      if (format === 'html') return reply.type('text/html; charset=utf-8').send(report.html);
      let pdf: Uint8Array;
      try {
        pdf = await printPdfOnce(ctx.store, report);
      } catch (err) {
        if (!chromiumMissing(err)) throw err;
        throw new GatewayError(
          'LZ_PDF_UNAVAILABLE',
          `the PDF of ${day} is printed on first request, which needs Chromium at ${err.executablePath} (apt-get ` +
            `install -y chromium, or set CHROMIUM_BIN); /reports/${day}.html prints the same pages from a browser`,
          undefined,
          { cause: err },
        );
      }
      return reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="lizheng-${profile}-${day}.pdf"`)
        .send(Buffer.from(pdf));
    },
  );
}

export default morningReports;
