// The morning report (网络理政日报) as data: every figure the HTML and PDF show, so others can build on the JSON.
// Written by engine/report/gather-report.ts, drawn by engine/report/render-report-html.ts, served by the gateway.
import { type Static, Type } from '@sinclair/typebox';
import { AlertKind, AlertStatus } from './alert-event.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'Local calendar day, YYYY-MM-DD' });
const Iso = Type.String({ description: 'ISO 8601 time with the city offset' });
const Minutes = Nullable(Type.Number({ minimum: 0 }));

/** A day's count beside the day it is compared with. */
export const DayCount = Type.Object({ day: Day, reports: Type.Integer(), callers: Type.Integer() });
export type DayCount = Static<typeof DayCount>;

/** One row of a breakdown (channel, topic, district) with its comparisons; null: that day had no data at all. */
export const Breakdown = Type.Object({
  code: Type.String(),
  name: Type.String({ description: 'Chinese name from the profile (the code when the profile has none)' }),
  reports: Type.Integer(),
  callers: Type.Integer({ description: 'Distinct callers over the day' }),
  share: Type.Number({ description: "Share of the day's reports, 0–1" }),
  previousDay: Nullable(Type.Integer()),
  weekBefore: Nullable(Type.Integer()),
  /** Relative change against the same weekday a week earlier; null when that day had none of it or no data. */
  changeWeek: Nullable(Type.Number()),
  per10k: Type.Optional(Nullable(Type.Number({ description: 'Districts: reports per 10,000 residents' }))),
});
export type Breakdown = Static<typeof Breakdown>;

export const KnownEvent = Type.Object({
  date: Day,
  title: Type.String(),
  scope: Type.String({ description: 'city, a district code or a topic code' }),
  scopeName: Type.String(),
});
export type KnownEvent = Static<typeof KnownEvent>;

/** Response times of one alert, in minutes from its opening (null: not (yet) done). */
export const ResponseMinutes = Type.Object({ acknowledge: Minutes, dispatch: Minutes, resolve: Minutes });

export const ReportAlert = Type.Object({
  id: Type.String(),
  kind: AlertKind,
  district: Nullable(Type.String()),
  districtName: Nullable(Type.String()),
  topic: Nullable(Type.String()),
  topicName: Type.String(),
  place: Nullable(Type.String()),
  openedAt: Iso,
  status: AlertStatus,
  resolvedBy: Nullable(
    Type.String({
      description: 'Who resolved it: an officer, or "engine" (the reports went quiet; 已平息, not 已办结)',
    }),
  ),
  count: Type.Integer(),
  people: Type.Integer({ description: 'Distinct callers in the alert window' }),
  expected: Type.Number(),
  summary: Type.String(),
  unit: Nullable(Type.String({ description: 'The unit it was dispatched to, else the suggested one' })),
  unitSuggested: Type.Boolean({ description: 'true: not dispatched yet, the profile suggests this unit' }),
  response: ResponseMinutes,
});
export type ReportAlert = Static<typeof ReportAlert>;

export const TopIssue = Type.Object({
  rank: Type.Integer({ minimum: 1 }),
  alertId: Type.String(),
  title: Type.String({ description: 'The place, or the district and topic' }),
  kind: AlertKind,
  people: Type.Integer(),
  reports: Type.Integer(),
  since: Iso,
  growth: Type.Number({ description: 'Observed ÷ expected in the alert window' }),
  urgency: Type.Integer({ description: 'Urgency points the reports share (trapped, elderly, many people…)' }),
  urgentSignals: Type.Array(Type.String()),
  unresolved: Type.Boolean(),
  score: Type.Number({ description: 'The ranking score (definitions: 重点问题排序)' }),
  caseSummary: Type.String({ description: 'A short case summary in Chinese built from its reports' }),
  quotes: Type.Array(Type.String(), { description: 'The most repeated complaints, cut to 80 characters' }),
  unit: Nullable(Type.String()),
  unitSuggested: Type.Boolean({ description: 'true: not dispatched yet, the profile suggests this unit' }),
});
export type TopIssue = Static<typeof TopIssue>;

export const UnitRow = Type.Object({
  unit: Type.String(),
  cases: Type.Integer({ description: 'Alerts dispatched to the unit over the 30 days up to the day' }),
  resolvedInTime: Type.Integer(),
  rate: Nullable(Type.Number({ description: 'Raw share resolved in time' })),
  shrunkRate: Nullable(Type.Number({ description: 'Rate shrunk toward the city rate (the stated method)' })),
  acknowledgeMedianMinutes: Minutes,
  resolveMedianMinutes: Minutes,
  ranked: Type.Boolean({ description: 'false: fewer cases than the minimum, listed but not ranked' }),
  rank: Nullable(Type.Integer()),
});
export type UnitRow = Static<typeof UnitRow>;

export const Hotspot = Type.Object({
  kind: Type.Union([Type.Literal('cell'), Type.Literal('place')]),
  title: Type.String(),
  district: Nullable(Type.String()),
  topic: Nullable(Type.String()),
  place: Nullable(Type.String()),
  days: Type.Integer({ description: 'Days of the last 30 with an alert there' }),
  dates: Type.Array(Day),
  alerts: Type.Integer(),
});
export type Hotspot = Static<typeof Hotspot>;

export const MorningReport = Type.Object(
  {
    version: Type.Literal(1),
    city: Type.String(),
    profile: Type.String(),
    timezone: Type.String(),
    day: Day,
    weekday: Type.String({ description: 'Chinese weekday name, 星期一…星期日' }),
    generatedAt: Iso,
    source: Type.Union([Type.Literal('store'), Type.Literal('feed')]),
    /** false: no report was stored for the day; every figure below is then absent rather than zero. */
    hasData: Type.Boolean(),
    overview: Type.Object({
      reports: Type.Integer(),
      callers: Type.Integer(),
      late: Type.Integer({ description: 'Reports that arrived after their minute had closed' }),
      previousDay: Nullable(DayCount),
      weekBefore: Nullable(DayCount),
      channels: Type.Array(Breakdown),
      sentence: Type.String(),
    }),
    topics: Type.Object({ rows: Type.Array(Breakdown), sentence: Type.String() }),
    districts: Type.Object({
      rows: Type.Array(Breakdown),
      sentence: Type.String(),
      populationKnown: Type.Boolean(),
    }),
    hours: Type.Object({
      observed: Type.Array(Type.Integer(), { minItems: 24, maxItems: 24 }),
      usual: Nullable(Type.Array(Type.Number(), { minItems: 24, maxItems: 24 })),
      usualDays: Type.Array(Day, { description: 'The same weekdays averaged for the usual curve' }),
      sentence: Type.String(),
    }),
    daily: Type.Array(DayCount, { description: 'The 30 days up to the day, for the trend with known events' }),
    events: Type.Array(KnownEvent),
    alerts: Type.Array(ReportAlert),
    topIssues: Type.Array(TopIssue),
    units: Type.Object({
      minimumCases: Type.Integer(),
      cityRate: Nullable(Type.Number()),
      priorWeight: Type.Number({ description: 'Pseudo-cases of the city rate added to each unit' }),
      method: Type.String(),
      rows: Type.Array(UnitRow),
    }),
    hotspots: Type.Array(Hotspot),
    definitions: Type.Array(Type.Object({ term: Type.String(), text: Type.String() })),
  },
  { $id: 'MorningReport', title: 'Morning report (网络理政日报)' },
);
export type MorningReport = Static<typeof MorningReport>;
