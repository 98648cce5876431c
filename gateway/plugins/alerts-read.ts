// Alerts for the duty console: a filtered, paged list of LiveAlerts, and one alert with everything a person needs to
// act on it — its stored transitions, the minutes around it against the expected band, the reports behind it with
// near-duplicates grouped, the unit the profile makes responsible, and what people did.
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { groupNearDuplicates } from '../../engine/alerts/near-duplicates.ts';
import { HOUR_MS, MINUTE_MS } from '../../engine/time/event-time.ts';
import { AlertKind, AlertStatus } from '../../schemas/alert-event.ts';
import { LiveAlert } from '../../schemas/alert-workflow.ts';
import type { Gateway } from '../build-gateway.ts';
import { textViewOf } from './access-control.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { GatewayError } from '../gateway-errors.ts';
import { asked, invalidField, profileCode } from '../query-input.ts';
import { responsibleUnits, suggestedUnit } from '../responsible-units.ts';
import { BAND_DESCRIPTION, bandedSeries } from '../series-band.ts';

/** The series shows this long before the opening minute, so the rise is seen against what came before. */
const SERIES_LEAD_MS = 2 * HOUR_MS;
/** At most a day of minutes after the start: a long-open alert shows its first day. */
const SERIES_MAX_MS = 24 * HOUR_MS;
const BAND_WEEKS = 4;
const SAMPLE_REPORTS = 200;
const SAMPLE_GROUPS = 20;

const Iso = (description: string) => Type.String({ format: 'date-time', description });

const ListQuery = Type.Object(
  {
    status: Type.Optional(
      Type.Array(AlertStatus, { description: 'Repeat the parameter or give a comma list: status=open,acknowledged' }),
    ),
    kind: Type.Optional(AlertKind),
    district: Type.Optional(Type.String({ description: 'Code or Chinese name' })),
    topic: Type.Optional(Type.String({ description: 'Code or Chinese name' })),
    unit: Type.Optional(Type.String({ description: 'Responsible unit it was dispatched to (a unit of the profile)' })),
    overdue: Type.Optional(
      Type.Boolean({ description: 'true: dispatched, not resolved, due before now (feed time); false: the others' }),
    ),
    since: Type.Optional(Iso('Opened at or after this time')),
    until: Type.Optional(Iso('Opened before this time')),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    cursor: Type.Optional(Type.String({ description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

export const AlertList = Type.Object({
  items: Type.Array(LiveAlert),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as cursor for the next, older page' }),
});

const TimelineEntry = Type.Object({
  type: Type.String({
    description: 'alert.opened/updated/resolved (engine), alert.acknowledged/dispatched/… (people)',
  }),
  at: Type.String(),
  status: AlertStatus,
  actor: Type.Union([Type.String(), Type.Null()], { description: 'Who acted; null for the engine' }),
  note: Type.Union([Type.String(), Type.Null()]),
  unit: Type.Union([Type.String(), Type.Null()]),
  count: Type.Integer({ description: 'Reports in the alert window at that moment' }),
  distinctCallers: Type.Integer(),
  expected: Type.Number(),
});

export const AlertDetail = Type.Object({
  alert: LiveAlert,
  districtLabel: Type.String({ description: '高新区 (gaoxin), or 全市 (city)' }),
  topicLabel: Type.String(),
  suggestedUnit: Type.Union([Type.String(), Type.Null()], { description: "The profile's unit for the alert's topic" }),
  timeline: Type.Array(TimelineEntry, { description: 'Every stored transition, engine and people, oldest first' }),
  workflowHistory: Type.Array(TimelineEntry, { description: "People's actions only, oldest first" }),
  series: Type.Object({
    from: Type.String(),
    to: Type.String(),
    bucketMinutes: Type.Integer(),
    weeks: Type.Integer(),
    band: Type.String({ description: 'How expected, low and high are made' }),
    points: Type.Array(
      Type.Object({
        t: Type.Number({ description: 'Minute start, epoch ms' }),
        at: Type.String(),
        reports: Type.Integer(),
        callers: Type.Integer(),
        expectedReports: Type.Number(),
        expectedCallers: Type.Number(),
        low: Type.Number(),
        high: Type.Number(),
      }),
    ),
  }),
  samples: Type.Object({
    reports: Type.Integer({ description: 'Reports read (the newest of the alert, at most 200)' }),
    groups: Type.Array(
      Type.Object({
        text: Type.String({ description: 'The newest text of the group' }),
        count: Type.Integer(),
        reportIds: Type.Array(Type.String()),
        latestAt: Type.String(),
      }),
      { description: 'Near-duplicate texts grouped (MinHash similarity ≥ 0.5), largest first' },
    ),
  }),
});

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

/** `status=open,acknowledged` or `status=open&status=acknowledged`: one list either way, before validation. */
function splitCommaList(query: Record<string, unknown>, field: string): void {
  const value = query[field];
  if (value === undefined) return;
  query[field] = [value]
    .flat()
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

async function alertsRead(fastify: FastifyInstance, ctx: GatewayContext): Promise<void> {
  const app = fastify as Gateway;
  const { profile, clock, store } = ctx;
  const format = (t: number) => clock.format(t);
  const units = responsibleUnits(profile);

  app.get(
    '/api/alerts',
    {
      config: { access: 'viewer' },
      preValidation: async (request) => splitCommaList(request.query as Record<string, unknown>, 'status'),
      schema: {
        summary: 'Alerts with their workflow, newest first, filtered and paged',
        tags: ['alerts'],
        security: [{ bearer: [] }],
        querystring: ListQuery,
        response: { 200: AlertList },
      },
    },
    async (request): Promise<Static<typeof AlertList>> => {
      const q = request.query;
      if (q.unit !== undefined && !units.has(q.unit))
        throw invalidField(
          'unit',
          `unknown unit ${JSON.stringify(q.unit)}: expected one of ${[...units.keys()].join('、')}`,
        );
      const from = q.since === undefined ? undefined : Date.parse(q.since);
      const to = q.until === undefined ? undefined : Date.parse(q.until);
      if (from !== undefined && to !== undefined && to <= from) throw invalidField('until', 'must be after since');
      return asked(
        store.queries.listAlerts({
          status: q.status,
          kind: q.kind,
          district: profileCode(ctx, 'district', q.district) ?? undefined,
          topic: profileCode(ctx, 'topic', q.topic) ?? undefined,
          unit: q.unit,
          overdue: q.overdue,
          now: ctx.feedClock.now(),
          from,
          to,
          limit: q.limit,
          cursor: q.cursor,
        }),
      );
    },
  );

  app.get(
    '/api/alerts/:id',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'One alert: timeline, minutes against the expected band, grouped report texts, unit, workflow',
        description: `${BAND_DESCRIPTION} Report texts are redacted (identifiers replaced by [电话], [姓名]…) unless the caller has the officer role.`,
        tags: ['alerts'],
        security: [{ bearer: [] }],
        params: IdParams,
        response: { 200: AlertDetail },
      },
    },
    async (request): Promise<Static<typeof AlertDetail>> => {
      const alert = await store.queries.getAlert(request.params.id);
      if (!alert) throw new GatewayError('LZ_ALERT_NOT_FOUND', `no alert ${JSON.stringify(request.params.id)}`);
      const [history, series, reports] = await Promise.all([
        store.queries.alertHistory(alert.id),
        seriesAround(alert),
        // Citizens' own words, identifiers and all, are an officer's; a viewer (the wall) reads them redacted.
        store.queries.alertReports({
          reportIds: alert.reportIds,
          limit: SAMPLE_REPORTS,
          text: textViewOf(request),
        }),
      ]);
      const timeline = history.map((h) => ({
        type: h.type,
        at: h.at,
        status: h.status,
        actor: h.actor,
        note: h.note,
        unit: h.unit,
        count: h.alert.count,
        distinctCallers: h.alert.distinctCallers,
        expected: h.alert.expected,
      }));
      const groups = groupNearDuplicates(reports).slice(0, SAMPLE_GROUPS);
      return {
        alert,
        districtLabel: profile.districtLabel(alert.district),
        topicLabel: profile.topicLabel(alert.topic),
        suggestedUnit: suggestedUnit(profile, alert.topic),
        timeline,
        workflowHistory: timeline.filter((e) => e.actor !== null),
        series,
        samples: {
          reports: reports.length,
          groups: groups.map((g) => ({
            text: g.first.text,
            count: g.members.length,
            reportIds: g.members.map((r) => r.id),
            latestAt: g.first.receivedAt,
          })),
        },
      };
    },
  );

  /** Minutes from two hours before the opening to the resolution (or now), against the past weeks' same minutes. */
  async function seriesAround(alert: LiveAlert) {
    const opened = Math.floor(Date.parse(alert.openedAt) / MINUTE_MS) * MINUTE_MS;
    const from = opened - SERIES_LEAD_MS;
    const end = alert.resolvedAt ? Date.parse(alert.resolvedAt) : ctx.feedClock.now();
    const to = Math.min(from + SERIES_MAX_MS, Math.max(opened, Math.floor(end / MINUTE_MS) * MINUTE_MS) + MINUTE_MS);
    const points = await bandedSeries(
      store.queries,
      { district: alert.district, topic: alert.topic, from, to, bucketMinutes: 1 },
      BAND_WEEKS,
    );
    return {
      from: format(from),
      to: format(to),
      bucketMinutes: 1,
      weeks: BAND_WEEKS,
      band: BAND_DESCRIPTION,
      points: points.map((p) => ({ ...p, at: format(p.t) })),
    };
  }
}

export default alertsRead;
