// Open311 GeoReport v2 under /open311/v2/, so the 311 apps a city already has can post reports and read them back
// unchanged: topics are services, a topic's responsible unit the agency, and our alert workflow the open/closed
// status. Reports come in through the same submitter as /api/reports; errors are the specification's
// [{code, description}] with the catalogue's HTTP status.
import { randomUUID } from 'node:crypto';
import formbody from '@fastify/formbody';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from '../../engine/log.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { GatewayError, type FieldError } from '../gateway-errors.ts';
import { channelRule } from '../intake/report-problems.ts';
import { ReportSubmitter } from '../intake/report-submitter.ts';
import { MAX_REQUESTS, ServiceRequest, ServiceRequests, type RequestFilter } from '../intake/service-requests.ts';
import { textViewOf } from './access-control.ts';
import { asGatewayError } from './error-replies.ts';

const BASE = '/open311/v2';
const SPECIFICATION = 'http://wiki.open311.org/GeoReport_v2';
/** The longest span GET requests.json reads, as the specification bounds it. */
const MAX_SPAN_MS = 90 * 86_400_000;

const Open311Errors = Type.Array(Type.Object({ code: Type.Integer(), description: Type.String() }));
/** Every answer that is not a success: the specification's error list. */
const ERRORS = { '4xx': Open311Errors, '5xx': Open311Errors };

/** Our field paths as the Open311 fields a client sent (a report built from a form names the form's fields). */
const OPEN311_FIELDS: Record<string, string> = {
  '/text': 'description',
  '/topic': 'service_code',
  '/location/lat': 'lat',
  '/location/lon': 'long',
  '/location/address': 'address_string',
  '/channel': 'api_key',
};

/** An error as the specification writes it: one {code, description} per offending field, code the HTTP status. */
function open311Errors(err: GatewayError): Array<{ code: number; description: string }> {
  if (!err.errors || err.errors.length === 0) return [{ code: err.statusCode, description: err.message }];
  return err.errors.map((e) => ({ code: err.statusCode, description: `${fieldName(e)}: ${e.message}` }));
}

function fieldName(e: FieldError): string {
  return OPEN311_FIELDS[e.path] ?? (e.path.replace(/^\//, '') || 'request');
}

const PostRequest = Type.Object(
  {
    api_key: Type.Optional(Type.String({ description: 'An intake channel key (or send X-Api-Key)' })),
    service_code: Type.String({ minLength: 1, description: 'A service_code from services.json (a topic)' }),
    description: Type.String({ minLength: 1, description: 'What the citizen reports (required here)' }),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    long: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    address_string: Type.Optional(Type.String()),
    address_id: Type.Optional(Type.String()),
    media_url: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    device_id: Type.Optional(Type.String()),
    account_id: Type.Optional(Type.String()),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
  },
  { additionalProperties: true, title: 'Open311 POST requests.json' },
);
type PostRequest = typeof PostRequest.static;

const ListQuery = Type.Object({
  service_request_id: Type.Optional(Type.String({ description: 'Comma-separated ids; then the rest is ignored' })),
  service_code: Type.Optional(Type.String({ description: 'Comma-separated service codes' })),
  start_date: Type.Optional(Type.String({ description: 'W3C date-time; default end_date − 90 days' })),
  end_date: Type.Optional(Type.String({ description: 'W3C date-time; default now (feed time in a replay)' })),
  status: Type.Optional(Type.String({ description: 'open, closed, or both comma-separated' })),
});
type ListQuery = typeof ListQuery.static;

/** Split a comma-separated parameter; null when absent. */
function list(value: string | undefined): string[] | null {
  if (value === undefined) return null;
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return items.length > 0 ? items : null;
}

const invalid = (field: string, message: string) =>
  new GatewayError('LZ_INVALID_REQUEST', `${field}: ${message}`, [{ path: `/${field}`, message }]);

export default async function open311GeoReport(app: FastifyInstance, ctx: GatewayContext): Promise<void> {
  // Form bodies are Open311's own: parsed for these routes only.
  await app.register(formbody);
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const answer = asGatewayError(err);
    if (answer.statusCode >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: answer.code, reason: answer.message }, 'request refused');
    reply.code(answer.statusCode).send(open311Errors(answer));
  });

  const submitter = new ReportSubmitter(ctx, app.log as unknown as Logger);
  const requests = new ServiceRequests(ctx.store.sql, ctx.profile, ctx.clock);
  const topics = ctx.profile.data.topics;
  const service = (code: string) => {
    const topic = ctx.profile.topic(code);
    return topic?.code === code ? topic : undefined;
  };
  const tags = ['open311'];

  app.get(
    `${BASE}/discovery.json`,
    { config: { access: 'public' }, schema: { tags, summary: 'Where the GeoReport v2 endpoint is' } },
    async (request) => ({
      changeset: '2026-12-01T00:00:00Z',
      contact: `${ctx.profile.data.city} 12345 市民热线 (Lizheng gateway)`,
      key_service: 'API keys are issued by the operator (lizheng start prints them); send one as api_key',
      endpoints: [
        {
          specification: SPECIFICATION,
          url: `${request.protocol}://${request.host}${BASE}`,
          changeset: '2026-12-01T00:00:00Z',
          type: 'production',
          formats: ['application/json'],
        },
      ],
    }),
  );

  app.get(
    `${BASE}/services.json`,
    { config: { access: 'public' }, schema: { tags, summary: 'The services: one per topic of the city profile' } },
    async () =>
      topics.map((t) => ({
        service_code: t.code,
        service_name: t.name,
        description: `${t.name} (${t.code})：${t.unit}`,
        metadata: false,
        type: 'realtime',
        keywords: t.aliases.join(','),
        group: t.unit,
      })),
  );

  app.get(
    `${BASE}/services/:code.json`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'A service definition (no extra attributes)',
        params: Type.Object({ code: Type.String() }),
        response: ERRORS,
      },
    },
    async (request) => {
      const { code } = request.params as { code: string };
      if (!service(code)) throw new GatewayError('LZ_NOT_FOUND', `no service "${code}" (see services.json)`);
      return { service_code: code, attributes: [] };
    },
  );

  app.post(
    `${BASE}/requests.json`,
    {
      config: { access: 'intake' },
      schema: {
        tags,
        summary: 'Create a service request (form-encoded or JSON): 201 once JetStream stored it',
        description:
          'Needs a location (lat and long, or address_string) and a description. The answer’s service_request_id ' +
          'is the report id; GET requests/{id}.json finds it once the engine has stored the report.',
        body: PostRequest,
        response: {
          ...ERRORS,
          201: Type.Array(Type.Object({ service_request_id: Type.String(), service_notice: Type.String() })),
        },
      },
    },
    async (request, reply) => {
      const form = request.body as PostRequest;
      const hasPoint = form.lat !== undefined && form.long !== undefined;
      if (!hasPoint && !form.address_string && !form.address_id)
        throw invalid('lat', 'a location is required: lat and long, or address_string');
      if (!service(form.service_code)) throw invalid('service_code', `unknown service "${form.service_code}"`);
      const [result] = await submitter.submit([reportOf(form, request)], channelRule(request.principal), () => '');
      if (result.status !== 'accepted')
        throw new GatewayError('LZ_INVALID_REPORT', 'the request was not taken in', result.errors);
      reply.code(201);
      return [{ service_request_id: result.id, service_notice: '已受理 (accepted): 12345 市民热线' }];
    },
  );

  app.get(
    `${BASE}/requests.json`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: `Service requests, newest first (at most ${MAX_REQUESTS}, over at most 90 days)`,
        description:
          'Without a token: the redacted description (identifiers replaced by [电话], [姓名]…), the location rounded ' +
          'to about 100 m and the address cut back to its building; never a caller field. With an officer token: ' +
          'the record as stored.',
        querystring: ListQuery,
        response: { ...ERRORS, 200: Type.Array(ServiceRequest) },
      },
    },
    async (request) =>
      requests.find(listFilter(request.query as ListQuery, ctx.feedClock.now(), service), textViewOf(request)),
  );

  app.get(
    `${BASE}/requests/:id.json`,
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'One service request',
        description:
          'Without a token: the redacted description (identifiers replaced by [电话], [姓名]…), the location rounded ' +
          'to about 100 m and the address cut back to its building; never a caller field. With an officer token: ' +
          'the record as stored.',
        params: Type.Object({ id: Type.String() }),
        response: { ...ERRORS, 200: Type.Array(ServiceRequest) },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const found = await requests.find({ ids: [id] }, textViewOf(request));
      if (found.length === 0)
        throw new GatewayError(
          'LZ_NOT_FOUND',
          `no service request "${id}" (one accepted moments ago is found once the engine has stored it)`,
        );
      return found;
    },
  );

  /** The intake report a form describes: the report id is ours, the time the feed's now, contact details hashed. */
  function reportOf(form: PostRequest, request: FastifyRequest): Record<string, unknown> {
    const contact = form.email ?? form.phone ?? form.account_id ?? form.device_id;
    const location = {
      ...(form.address_string ? { address: form.address_string } : {}),
      ...(form.lat !== undefined && form.long !== undefined ? { lat: form.lat, lon: form.long } : {}),
    };
    return {
      id: `311-${randomUUID()}`,
      receivedAt: ctx.clock.format(ctx.feedClock.now()),
      text: form.description,
      topic: form.service_code,
      // A person's token names no channel: the report came through Open311.
      ...(request.principal?.kind === 'apiKey' ? {} : { channel: 'open311' }),
      // People, not calls: the same contact is one caller, and the same phone as the hotline's caller id. The intake
      // keeps only its keyed hash (engine/privacy/hash-caller.ts); the contact itself is never stored.
      ...(contact?.trim() ? { callerId: contact.trim() } : {}),
      location,
      ...(form.media_url ? { mediaUrl: form.media_url } : {}),
    };
  }
}

/** GET requests.json's parameters as a filter, each refused one named. */
function listFilter(q: ListQuery, now: number, service: (code: string) => unknown): RequestFilter {
  const ids = list(q.service_request_id);
  if (ids) return { ids };
  const time = (field: 'start_date' | 'end_date', fallback: number) => {
    const value = q[field];
    if (value === undefined) return fallback;
    const t = Date.parse(value);
    if (Number.isNaN(t)) throw invalid(field, `not a W3C date-time: ${JSON.stringify(value)}`);
    return t;
  };
  const to = time('end_date', now);
  const from = time('start_date', to - MAX_SPAN_MS);
  if (from > to) throw invalid('start_date', 'is after end_date');
  if (to - from > MAX_SPAN_MS) throw invalid('start_date', 'start_date to end_date spans more than 90 days');
  const serviceCodes = list(q.service_code);
  const unknown = serviceCodes?.find((code) => !service(code));
  if (unknown !== undefined) throw invalid('service_code', `unknown service "${unknown}"`);
  const statuses = new Set(list(q.status) ?? ['open', 'closed']);
  for (const s of statuses) if (s !== 'open' && s !== 'closed') throw invalid('status', `"${s}" is not open or closed`);
  const status = statuses.size === 2 ? null : ([...statuses][0] as 'open' | 'closed');
  return { from, to, serviceCodes, status };
}
