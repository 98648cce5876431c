// The city's open data (公共数据开放) under /open-data/v1/: a DCAT catalogue, daily and hourly counts with small cells
// suppressed, and resolved alerts — for anyone, without a token, rate-limited per address, cached with ETags, as CSV
// (optionally with a BOM for Excel) or JSON that pandas and R read as they are. Nothing here ever reads a report's text,
// id or caller: only aggregates and alert figures leave.
import etag from '@fastify/etag';
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { addDays } from '../../engine/report/report-days.ts';
import { toCsv } from '../../engine/privacy/csv-table.ts';
import { localMidnight } from '../../engine/generate/feed-calendar.ts';
import { DAY_MS, HOUR_MS } from '../../engine/time/event-time.ts';
import type { Gateway } from '../build-gateway.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { asked, invalidField } from '../query-input.ts';
import { catalogue } from '../open-data/open-data-catalogue.ts';
import {
  alertRecords,
  dailyRecords,
  dataset,
  hourlyRecords,
  type OpenDataset,
  type OpenRecord,
} from '../open-data/open-data-sets.ts';

export const OPEN_DATA_BASE = '/open-data/v1';
/** The most days one daily request may span, and how far back the hourly data reaches. */
const MAX_DAILY_SPAN = 366;
const HOURLY_DAYS = 90;
/** The hourly table's default span: 90 days of hours is 300,000 rows and seconds of work, asked for by name. */
const HOURLY_DEFAULT_DAYS = 7;
/** Answers kept, by URL, for as long as a client may keep them: a popular table is built once per window. */
const CACHED_ANSWERS = 64;
/** How long a client (or a proxy) may keep an answer before asking again with its ETag. */
const MAX_AGE_S = 300;

const Format = Type.Union([Type.Literal('csv'), Type.Literal('json')]);
const Params = Type.Object({ format: Format });
const Bom = Type.Optional(Type.Boolean({ description: 'CSV only: start with a UTF-8 byte order mark, for Excel' }));
const DailyQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'first local day, YYYY-MM-DD (default: 30 days before to)' })),
    to: Type.Optional(Type.String({ description: 'last local day, YYYY-MM-DD (default: yesterday)' })),
    bom: Bom,
  },
  { additionalProperties: false },
);
const SpanQuery = Type.Object(
  {
    from: Type.Optional(
      Type.String({ description: 'ISO 8601 time (default: hourly 7 days, alerts 30 days before to)' }),
    ),
    to: Type.Optional(Type.String({ description: 'ISO 8601 time (default: now, whole hours)' })),
    bom: Bom,
  },
  { additionalProperties: false },
);

async function openData(fastify: FastifyInstance, ctx: GatewayContext): Promise<void> {
  const app = fastify as Gateway;
  const { profile, clock, store } = ctx;
  // ETags over the body: an unchanged table answers 304 without sending it again.
  await app.register(etag, { algorithm: 'sha1' });
  const config = {
    access: 'public' as const,
    // Per address: the public has no token to be counted by.
    rateLimit: { max: ctx.limits.openDataPerMinute, timeWindow: 60_000, keyGenerator: (r: { ip: string }) => r.ip },
  };
  const tags = ['open data'];
  const answers = new AnswerCache(CACHED_ANSWERS, MAX_AGE_S * 1000);
  const today = () => clock.format(ctx.feedClock.now()).slice(0, 10);

  app.get(
    `${OPEN_DATA_BASE}/`,
    {
      config,
      schema: { tags, summary: 'The open-data catalogue (DCAT): datasets, columns with definitions, licence' },
    },
    async (request, reply) => {
      cacheable(reply, 'application/ld+json; charset=utf-8');
      return catalogue(profile, `${request.protocol}://${request.host}${OPEN_DATA_BASE}`);
    },
  );

  app.get(
    `${OPEN_DATA_BASE}/daily.:format`,
    {
      config,
      schema: {
        tags,
        summary: 'Reports and people per day by district × topic × channel, small cells suppressed',
        description: dataset('daily').description,
        params: Params,
        querystring: DailyQuery,
      },
    },
    async (request, reply) =>
      answers.answer(request.url, reply, async () => {
        const q = request.query as Static<typeof DailyQuery>;
        const to = q.to ?? addDays(today(), -1);
        const from = q.from ?? addDays(to, -29);
        for (const [field, day] of [
          ['from', from],
          ['to', to],
        ] as const)
          if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))
            throw invalidField(field, `expected a date YYYY-MM-DD, got ${JSON.stringify(day)}`);
        if (from > to) throw invalidField('from', `${from} is after to (${to})`);
        if (to > today()) throw invalidField('to', `${to} has not come yet (today is ${today()})`);
        if (Date.parse(to) - Date.parse(from) >= MAX_DAILY_SPAN * DAY_MS)
          throw invalidField('from', `at most ${MAX_DAILY_SPAN} days in one request`);
        const rows = await asked(store.queries.dailyOpenData({ from, to }));
        return send(reply, dataset('daily'), dailyRecords(rows, profile), request.params, q.bom, `${from}_${to}`);
      }),
  );

  app.get(
    `${OPEN_DATA_BASE}/hourly.:format`,
    {
      config,
      schema: {
        tags,
        summary: `Reports and people per hour by district × topic over the last ${HOURLY_DAYS} days, suppressed`,
        description: dataset('hourly').description,
        params: Params,
        querystring: SpanQuery,
      },
    },
    async (request, reply) =>
      answers.answer(request.url, reply, async () => {
        const q = request.query as Static<typeof SpanQuery>;
        const now = Math.floor(ctx.feedClock.now() / HOUR_MS) * HOUR_MS;
        const earliest = now - HOURLY_DAYS * DAY_MS;
        const to = hourOf('to', q.to, now);
        const from = hourOf('from', q.from, Math.max(earliest, to - HOURLY_DEFAULT_DAYS * DAY_MS));
        if (from >= to) throw invalidField('from', 'must be before to');
        if (from < earliest)
          throw invalidField('from', `hourly data covers the last ${HOURLY_DAYS} days: from ${clock.format(earliest)}`);
        if (to > now) throw invalidField('to', `only whole hours that have passed: at most ${clock.format(now)}`);
        const rows = await asked(store.queries.hourlyOpenData({ from, to }));
        const name = `${clock.format(from).slice(0, 13)}_${clock.format(to).slice(0, 13)}`;
        return send(reply, dataset('hourly'), hourlyRecords(rows, profile), request.params, q.bom, name);
      }),
  );

  app.get(
    `${OPEN_DATA_BASE}/alerts.:format`,
    {
      config,
      schema: {
        tags,
        summary: 'Resolved alerts: summary, counts, district, topic, response times — never a report text or id',
        params: Params,
        querystring: SpanQuery,
      },
    },
    async (request, reply) =>
      answers.answer(request.url, reply, async () => {
        const q = request.query as Static<typeof SpanQuery>;
        const now = ctx.feedClock.now();
        const to = q.to === undefined ? now : timeOf('to', q.to);
        const from = q.from === undefined ? localMidnight(addDays(today(), -29), clock) : timeOf('from', q.from);
        if (from >= to) throw invalidField('from', 'must be before to');
        if (to - from > MAX_DAILY_SPAN * DAY_MS)
          throw invalidField('from', `at most ${MAX_DAILY_SPAN} days in one request`);
        const alerts = await asked(store.queries.resolvedAlerts({ from, to }));
        return send(reply, dataset('alerts'), alertRecords(alerts, profile, clock), request.params, q.bom, 'resolved');
      }),
  );
}

/**
 * Built answers by URL for `ttlMs`, at most `size` of them (the oldest goes first): a table asked for again within
 * the time a client may keep it is sent from here, with the headers it was built with.
 */
class AnswerCache {
  private readonly answers = new Map<string, { at: number; body: string; headers: Record<string, string> }>();

  constructor(
    private readonly size: number,
    private readonly ttlMs: number,
  ) {}

  async answer(url: string, reply: FastifyReply, build: () => Promise<string>): Promise<string> {
    const kept = this.answers.get(url);
    if (kept && Date.now() - kept.at < this.ttlMs) {
      reply.headers(kept.headers);
      return kept.body;
    }
    const body = await build();
    const headers = Object.fromEntries(
      ['content-type', 'cache-control', 'access-control-allow-origin', 'content-disposition']
        .map((h) => [h, reply.getHeader(h)])
        .filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    this.answers.delete(url);
    this.answers.set(url, { at: Date.now(), body, headers });
    if (this.answers.size > this.size) this.answers.delete(this.answers.keys().next().value as string);
    return body;
  }
}

/** An ISO time parameter as epoch ms, or a 400 naming it. */
function timeOf(field: string, value: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalidField(field, `expected an ISO 8601 time, got ${JSON.stringify(value)}`);
  return t;
}

/** An ISO time parameter rounded down to its hour, or `fallback`. */
function hourOf(field: string, value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : Math.floor(timeOf(field, value) / HOUR_MS) * HOUR_MS;
}

function cacheable(reply: FastifyReply, type: string): void {
  reply.header('content-type', type);
  reply.header('cache-control', `public, max-age=${MAX_AGE_S}`);
  // Open data is for any site to fetch.
  reply.header('access-control-allow-origin', '*');
}

/** A dataset's records as CSV (columns in the catalogue's order) or as a JSON array of records. */
function send(
  reply: FastifyReply,
  set: OpenDataset,
  records: readonly OpenRecord[],
  params: unknown,
  bom: boolean | undefined,
  name: string,
): string {
  const { format } = params as Static<typeof Params>;
  const columns = set.columns.map((c) => c.name);
  if (format === 'json') {
    cacheable(reply, 'application/json; charset=utf-8');
    return JSON.stringify(records.map((r) => Object.fromEntries(columns.map((c) => [c, r[c] ?? null]))));
  }
  cacheable(reply, 'text/csv; charset=utf-8; header=present');
  reply.header('content-disposition', `inline; filename="${set.id}_${name}.csv"`);
  return toCsv(
    columns,
    records.map((r) => columns.map((c) => r[c] ?? null)),
    { bom: bom === true },
  );
}

export default openData;
