// The wall's figures over REST, for a first paint and for anyone without a socket: today's summary, every
// district × topic cell against its past weeks (the heat grid), and a series with its expected band. "Now" and
// "today" are the feed clock's (the engine's event time in a replay or demo).
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { HOUR_MS, MINUTE_MS } from '../../engine/time/event-time.ts';
import { CellFigure, LiveKpis } from '../../schemas/live-events.ts';
import type { Gateway } from '../build-gateway.ts';
import type { GatewayContext } from '../gateway-context.ts';
import { asked, invalidField, profileCode } from '../query-input.ts';
import { BAND_DESCRIPTION, bandedSeries } from '../series-band.ts';

/** Intake channels as people name them; a channel the profile adds without a name here shows its code. */
const CHANNEL_NAMES: Record<string, string> = {
  hotline: '12345 热线',
  mailbox: '市长信箱',
  web: '网站留言',
  app: '移动应用',
  unknown: '未知',
};

const Tally = Type.Object({
  code: Type.String(),
  label: Type.String({ description: 'Chinese name with the code beside it' }),
  reports: Type.Integer(),
  callers: Type.Integer({ description: 'Distinct callers over the day' }),
});

const Summary = Type.Object({
  at: Type.String({ description: 'Feed time of the answer (event time in a replay or demo)' }),
  day: Type.String({ description: 'Local day, YYYY-MM-DD' }),
  kpis: LiveKpis,
  reports: Type.Integer({ description: 'Reports received today, late ones included' }),
  callers: Type.Integer(),
  late: Type.Integer({ description: 'Reports that arrived after their minute had closed' }),
  byTopic: Type.Array(Tally),
  byDistrict: Type.Array(Tally),
  byChannel: Type.Array(Tally),
  byHour: Type.Array(Type.Integer(), { description: 'Reports per local hour, 0–23' }),
});

const Weeks = Type.Integer({ minimum: 1, maximum: 8, default: 4, description: 'Past weeks making the expectation' });

const CellsQuery = Type.Object(
  {
    windowMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: 60 }),
    weeks: Weeks,
  },
  { additionalProperties: false },
);

const Cells = Type.Object({
  at: Type.String(),
  windowMinutes: Type.Integer(),
  weeks: Type.Integer(),
  cells: Type.Array(CellFigure, { description: 'Every district × topic of the profile, highest score first' }),
});

const SeriesQuery = Type.Object(
  {
    district: Type.Optional(Type.String({ description: 'Code or Chinese name; omit for every district' })),
    topic: Type.Optional(Type.String({ description: 'Code or Chinese name; omit for every topic' })),
    bucket: Type.Union([Type.Literal('minute'), Type.Literal('hour')], { default: 'minute' }),
    hours: Type.Integer({
      minimum: 1,
      maximum: 24 * 31,
      default: 3,
      description: 'How far back from now (at most 24 for minute buckets, 744 for hourly)',
    }),
    weeks: Weeks,
  },
  { additionalProperties: false },
);

const Series = Type.Object({
  district: Type.Union([Type.String(), Type.Null()]),
  topic: Type.Union([Type.String(), Type.Null()]),
  label: Type.String({ description: '高新区 (gaoxin) · 物业管理 (property), or 全市 (city)' }),
  bucketMinutes: Type.Integer(),
  weeks: Type.Integer(),
  band: Type.String({ description: 'How expected, low and high are made' }),
  points: Type.Array(
    Type.Object({
      t: Type.Number({ description: 'Bucket start, epoch ms' }),
      at: Type.String({ description: 'Bucket start, ISO with the city offset' }),
      reports: Type.Integer(),
      callers: Type.Integer({ description: "Sum of each minute's distinct callers" }),
      expectedReports: Type.Number(),
      expectedCallers: Type.Number(),
      low: Type.Number(),
      high: Type.Number(),
    }),
  ),
});

async function liveFigures(fastify: FastifyInstance, ctx: GatewayContext): Promise<void> {
  const app = fastify as Gateway;
  const { profile, clock, store } = ctx;

  app.get(
    '/api/summary',
    {
      config: { access: 'viewer' },
      schema: {
        summary: "Today's figures: totals, last hour, by topic, district and channel, open alerts",
        tags: ['live figures'],
        security: [{ bearer: [] }],
        response: { 200: Summary },
      },
    },
    async (): Promise<Static<typeof Summary>> => {
      const now = ctx.feedClock.now();
      const totals = await asked(store.queries.dailyTotals(clock.localDay(now)));
      const tally = (label: (code: string) => string) => (t: { key: string; reports: number; callers: number }) => ({
        code: t.key,
        label: label(t.key),
        reports: t.reports,
        callers: t.callers,
      });
      return {
        at: clock.format(now),
        day: totals.day,
        kpis: app.live.builder.kpis(now),
        reports: totals.reports,
        callers: totals.callers,
        late: totals.late,
        byTopic: totals.byTopic.map(tally((c) => profile.topicLabel(c))),
        byDistrict: totals.byDistrict.map(tally((c) => profile.districtLabel(c))),
        byChannel: totals.byChannel.map(tally((c) => (CHANNEL_NAMES[c] ? `${CHANNEL_NAMES[c]} (${c})` : c))),
        byHour: totals.byHour,
      };
    },
  );

  app.get(
    '/api/cells',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'Every district × topic: the last window against the same window of past weeks (the heat grid)',
        tags: ['live figures'],
        security: [{ bearer: [] }],
        querystring: CellsQuery,
        response: { 200: Cells },
      },
    },
    async (request): Promise<Static<typeof Cells>> => {
      const { windowMinutes, weeks } = request.query;
      const now = ctx.feedClock.now();
      const rows = await asked(store.queries.cells({ at: now, windowMinutes, weeks }));
      const byKey = new Map(rows.map((r) => [`${r.district}.${r.topic}`, r]));
      const cells: CellFigure[] = [];
      const add = (district: string, topic: string) => {
        const r = byKey.get(`${district}.${topic}`);
        byKey.delete(`${district}.${topic}`);
        const zero = { reports: 0, callers: 0, expectedReports: 0, expectedCallers: 0, score: 0 };
        cells.push({
          ...zero,
          ...r,
          district,
          topic,
          districtLabel: profile.districtLabel(district),
          topicLabel: profile.topicLabel(topic),
        });
      };
      for (const d of profile.districtCodes) for (const t of profile.topicCodes) add(d, t);
      for (const r of [...byKey.values()]) add(r.district, r.topic); // unsettled ('unknown') cells
      cells.sort((a, b) => b.score - a.score || a.district.localeCompare(b.district) || a.topic.localeCompare(b.topic));
      return { at: clock.format(now), windowMinutes, weeks, cells };
    },
  );

  app.get(
    '/api/series',
    {
      config: { access: 'viewer' },
      schema: {
        summary: 'A cell, a district, a topic or the city: minute or hourly buckets with the expected band',
        description: BAND_DESCRIPTION,
        tags: ['live figures'],
        security: [{ bearer: [] }],
        querystring: SeriesQuery,
        response: { 200: Series },
      },
    },
    async (request): Promise<Static<typeof Series>> => {
      const q = request.query;
      const district = profileCode(ctx, 'district', q.district);
      const topic = profileCode(ctx, 'topic', q.topic);
      if (q.bucket === 'minute' && q.hours > 24) {
        throw invalidField('hours', 'at most 24 with minute buckets (use bucket=hour for longer)');
      }
      const bucketMinutes = q.bucket === 'minute' ? 1 : 60;
      const to = Math.floor(ctx.feedClock.now() / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
      const from = to - q.hours * HOUR_MS;
      const points = await asked(bandedSeries(store.queries, { district, topic, from, to, bucketMinutes }, q.weeks));
      const label =
        district === null && topic === null
          ? profile.districtLabel(null)
          : [district && profile.districtLabel(district), topic && profile.topicLabel(topic)]
              .filter(Boolean)
              .join(' · ');
      return {
        district,
        topic,
        label,
        bucketMinutes,
        weeks: q.weeks,
        band: BAND_DESCRIPTION,
        points: points.map((p) => ({ ...p, at: clock.format(p.t) })),
      };
    },
  );
}

export default liveFigures;
