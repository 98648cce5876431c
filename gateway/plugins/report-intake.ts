// POST /api/reports (one) and /api/reports/batch (up to limits.batchMax): the intake channels' door. 202 means
// JetStream stored the report; a refused report names every offending field; a batch answers item by item, so one
// bad report never costs the good ones beside it.
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { IntakeReport } from '../../schemas/intake-report.ts';
import type { Logger } from '../../engine/log.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { GatewayError } from '../gateway-errors.ts';
import { channelRule } from '../intake/report-problems.ts';
import { ReportSubmitter, type SubmitResult } from '../intake/report-submitter.ts';

const FieldErrors = Type.Array(Type.Object({ path: Type.String(), message: Type.String() }));
const ErrorAnswer = Type.Object({ code: Type.String(), message: Type.String(), errors: Type.Optional(FieldErrors) });
const Nullable = (description: string) => Type.Union([Type.String(), Type.Null()], { description });

const Accepted = Type.Object({
  id: Type.String(),
  status: Type.Literal('accepted'),
  duplicate: Type.Boolean({ description: 'JetStream already held this id: stored and counted once' }),
  district: Nullable('District code the edge settled; null when neither the report nor its text says'),
  topic: Nullable('Topic code the edge settled'),
  districtLabel: Nullable('高新区 (gaoxin)'),
  topicLabel: Nullable('物业管理 (property)'),
});

const ItemResult = Type.Object({
  index: Type.Integer({ description: 'Position of the report in `reports`' }),
  id: Nullable('The report id, when it had a usable one'),
  status: Type.Union([Type.Literal('accepted'), Type.Literal('invalid'), Type.Literal('quarantined')]),
  duplicate: Type.Optional(Type.Boolean()),
  district: Type.Optional(Nullable('District code (accepted reports)')),
  topic: Type.Optional(Nullable('Topic code (accepted reports)')),
  errors: Type.Optional(FieldErrors),
});

const BatchAnswer = Type.Object({
  accepted: Type.Integer({ description: 'Stored in INTAKE (duplicates included)' }),
  duplicates: Type.Integer(),
  invalid: Type.Integer({ description: 'Refused, nothing published' }),
  quarantined: Type.Integer({ description: 'Impossible times live: kept in intake.dead, never counted' }),
  results: Type.Array(ItemResult),
});

/** Route schemas document the contract; the submitter checks it (every field, the same words for one or many). */
const documentedOnly = () => () => true;

export default async function reportIntake(app: FastifyInstance, ctx: GatewayContext): Promise<void> {
  const submitter = new ReportSubmitter(ctx, app.log as unknown as Logger);
  const Report = Type.Object(
    { ...IntakeReport.properties, text: Type.String({ minLength: 1, maxLength: ctx.limits.maxTextChars }) },
    { additionalProperties: true, title: 'Intake report' },
  );
  const label = (code: string | null, of: (c: string) => string) => (code === null ? null : of(code));

  app.post(
    '/api/reports',
    {
      config: { access: 'intake' },
      validatorCompiler: documentedOnly,
      schema: {
        tags: ['intake'],
        summary: 'Take in one report (202 once JetStream stored it)',
        description:
          'An intake key fills `channel` when the report has none and refuses another. The same id again answers ' +
          '202 with `duplicate: true` and is counted once. Live, a time more than the gate’s reach ahead of now ' +
          'or beyond its horizon behind answers 422 and is kept in intake.dead.',
        security: [{ apiKey: [] }, { bearer: [] }],
        body: Report,
        response: { 202: Accepted, 400: ErrorAnswer, 422: ErrorAnswer },
      },
    },
    async (request, reply) => {
      const [result] = await submitter.submit([request.body], channelRule(request.principal), () => '');
      if (result.status === 'invalid')
        throw new GatewayError('LZ_INVALID_REPORT', `invalid report: ${paths(result)}`, result.errors);
      if (result.status === 'quarantined')
        throw new GatewayError('LZ_REPORT_QUARANTINED', `report ${result.id} quarantined for its time`, result.errors);
      reply.code(202);
      return {
        ...result,
        districtLabel: label(result.district, (c) => ctx.profile.districtLabel(c)),
        topicLabel: label(result.topic, (c) => ctx.profile.topicLabel(c)),
      };
    },
  );

  app.post(
    '/api/reports/batch',
    {
      config: { access: 'intake' },
      validatorCompiler: documentedOnly,
      schema: {
        tags: ['intake'],
        summary: `Take in up to ${ctx.limits.batchMax} reports, answered item by item`,
        description:
          '202 when every report was stored; 207 otherwise, with one result per report in order: the valid ones are ' +
          'stored all the same, refused ones name their fields (`/reports/3/text`).',
        security: [{ apiKey: [] }, { bearer: [] }],
        body: Type.Object({ reports: Type.Array(Report, { minItems: 1, maxItems: ctx.limits.batchMax }) }),
        response: { 202: BatchAnswer, 207: BatchAnswer, 400: ErrorAnswer },
      },
    },
    async (request, reply) => {
      const reports = (request.body as { reports?: unknown } | null)?.reports;
      if (!Array.isArray(reports) || reports.length === 0)
        throw new GatewayError('LZ_INVALID_REQUEST', 'a batch is {"reports": [report, …]} with at least one', [
          { path: '/reports', message: 'expected a non-empty array of reports' },
        ]);
      if (reports.length > ctx.limits.batchMax)
        throw new GatewayError('LZ_BATCH_TOO_LARGE', `at most ${ctx.limits.batchMax} reports a batch`, [
          { path: '/reports', message: `${reports.length} reports, over the ${ctx.limits.batchMax} a batch may hold` },
        ]);
      const results = await submitter.submit(reports, channelRule(request.principal), (i) => `/reports/${i}`);
      const count = (test: (r: SubmitResult) => boolean) => results.filter(test).length;
      const accepted = count((r) => r.status === 'accepted');
      reply.code(accepted === results.length ? 202 : 207);
      return {
        accepted,
        duplicates: count((r) => r.status === 'accepted' && r.duplicate),
        invalid: count((r) => r.status === 'invalid'),
        quarantined: count((r) => r.status === 'quarantined'),
        results: results.map((r, index) => ({ index, ...r })),
      };
    },
  );
}

function paths(result: { errors: readonly { path: string }[] }): string {
  return result.errors.map((e) => e.path).join(', ');
}
