// Builds the morning report's figures from the store: every number the HTML prints comes from here, read with the
// store's queries, so `lizheng report`, the midnight schedule and the gateway print the same report of a day.
import type { LiveAlert } from '../../schemas/alert-workflow.ts';
import type { Breakdown, DayCount, MorningReport, ReportAlert } from '../../schemas/morning-report.ts';
import type { Profile } from '../profile/city-profile.ts';
import type { DailyTotals, StoreQueries, Tally } from '../store/index.ts';
import { localMidnight } from '../generate/feed-calendar.ts';
import type { CityClock } from '../time/event-time.ts';
import { MINUTE_MS } from '../time/event-time.ts';
import { districtsSentence, hoursSentence, overviewSentence, topicsSentence } from './analyst-sentences.ts';
import { eventScopes, type KnownEventEntry } from './known-events.ts';
import { recurringHotspots } from './recurring-hotspots.ts';
import { reportDefinitions } from './report-definitions.ts';
import { addDays, weekdayName } from './report-days.ts';
import { reportNames, type ReportNames } from './report-names.ts';
import { rankTopIssues, type IssueCandidate } from './top-issues.ts';
import { rankUnits, UNIT_RANKING_DEFAULTS, type UnitRankingOptions } from './unit-responsiveness.ts';

export interface GatherOptions {
  /** The local day reported on, YYYY-MM-DD. */
  readonly day: string;
  /** When it is generated, epoch ms (the feed's time in a replay). */
  readonly now: number;
  readonly source: MorningReport['source'];
  /** How many issues 需重点关注的问题 lists (default 7). */
  readonly top?: number;
  readonly events?: readonly KnownEventEntry[];
  readonly units?: UnitRankingOptions;
  /** Alerts on at least this many of the last 30 days make a recurring hotspot (default 3). */
  readonly hotspotDays?: number;
}

/** Days the trend, the unit ranking and the hotspots look back over, the reported day included. */
export const LOOKBACK_DAYS = 30;
/** Weeks of the same weekday averaged into the usual hour-of-day curve (as the engine's seasonal baseline). */
export const USUAL_WEEKS = 4;
/** Alerts opened this many days before the reported day and still unresolved are candidates for the top issues. */
const CARRY_OVER_DAYS = 6;

export async function gatherReport(
  queries: StoreQueries,
  profile: Profile,
  clock: CityClock,
  options: GatherOptions,
): Promise<MorningReport> {
  const { day } = options;
  const names = reportNames(profile);
  const dayStart = localMidnight(day, clock);
  const dayEnd = localMidnight(addDays(day, 1), clock);
  const [today, previousDay, ...sameWeekdays] = await Promise.all([
    queries.dailyTotals(day),
    queries.dailyTotals(addDays(day, -1)),
    ...Array.from({ length: USUAL_WEEKS }, (_, w) => queries.dailyTotals(addDays(day, -7 * (w + 1)))),
  ]);
  const measured = (t: DailyTotals) => (t.reports > 0 ? t : null);
  const prev = measured(previousDay);
  const week = measured(sameWeekdays[0]);
  const usualDays = sameWeekdays.filter((t) => t.reports > 0);
  const usual =
    usualDays.length > 0
      ? Array.from({ length: 24 }, (_, h) => usualDays.reduce((s, t) => s + t.byHour[h], 0) / usualDays.length)
      : null;
  const lookbackStart = localMidnight(addDays(day, 1 - LOOKBACK_DAYS), clock);
  const [daily, recentAlerts, unitTimes] = await Promise.all([
    queries.dailyCounts({ from: addDays(day, 1 - LOOKBACK_DAYS), to: day }),
    allAlerts(queries, lookbackStart, dayEnd),
    queries.responseTimes({ from: lookbackStart, to: dayEnd }),
  ]);
  // The day's alerts are the last day of the 30 already read.
  const dayAlerts = recentAlerts.filter((a) => Date.parse(a.openedAt) >= dayStart);
  const carried = recentAlerts.filter(
    (a) =>
      a.status !== 'resolved' &&
      Date.parse(a.openedAt) < dayStart &&
      Date.parse(a.openedAt) >= localMidnight(addDays(day, -CARRY_OVER_DAYS), clock),
  );
  const candidates = await Promise.all(
    [...dayAlerts, ...carried].map((a) => candidateOf(queries, a, names, profile, clock)),
  );
  const count = (t: DailyTotals | null): DayCount | null =>
    t ? { day: t.day, reports: t.reports, callers: t.callers } : null;
  const channels = breakdown(today.byChannel, prev?.byChannel, week?.byChannel, today.reports, names.channel);
  const topics = breakdown(today.byTopic, prev?.byTopic, week?.byTopic, today.reports, names.topic);
  const districts = breakdown(today.byDistrict, prev?.byDistrict, week?.byDistrict, today.reports, (c) =>
    names.district(c),
  ).map((row) => {
    const population = profile.district(row.code)?.population;
    return { ...row, per10k: population ? Math.round((row.reports / population) * 1e6) / 100 : null };
  });
  const codes = eventScopes(profile);
  const events = (options.events ?? [])
    .filter((e) => e.date >= daily[0].day && e.date <= day && codes.has(e.scope))
    .map((e) => ({
      ...e,
      scopeName:
        e.scope === 'city' ? '全市' : profile.district(e.scope) ? names.district(e.scope) : names.topic(e.scope),
    }))
    .sort((a, b) => a.date.localeCompare(b.date));
  return {
    version: 1,
    city: profile.data.city,
    profile: profile.data.code,
    timezone: clock.timezone,
    day,
    weekday: weekdayName(day),
    generatedAt: clock.format(options.now),
    source: options.source,
    hasData: today.reports > 0,
    overview: {
      reports: today.reports,
      callers: today.callers,
      late: today.late,
      previousDay: count(prev),
      weekBefore: count(week),
      channels,
      sentence: today.reports > 0 ? overviewSentence(today, count(prev), count(week), channels) : '该日无来件数据。',
    },
    topics: { rows: topics, sentence: today.reports > 0 ? topicsSentence(topics) : '' },
    districts: {
      rows: districts,
      sentence: today.reports > 0 ? districtsSentence(districts) : '',
      populationKnown: profile.data.districts.some((d) => d.population !== undefined),
    },
    hours: {
      observed: today.byHour,
      usual,
      usualDays: usualDays.map((t) => t.day),
      sentence: today.reports > 0 ? hoursSentence(today.byHour, usual) : '',
    },
    daily,
    events,
    alerts: dayAlerts
      .map((a) => reportAlert(a, names, profile, clock))
      .sort((a, b) => a.openedAt.localeCompare(b.openedAt)),
    topIssues: rankTopIssues(candidates, options.top ?? 7),
    units: rankUnits(unitTimes, options.units ?? UNIT_RANKING_DEFAULTS),
    hotspots: recurringHotspots(
      recentAlerts.map((a) => ({ ...a, day: clock.localDay(Date.parse(a.openedAt)), place: a.place ?? null })),
      names,
      options.hotspotDays ?? 3,
    ),
    definitions: reportDefinitions(profile),
  };
}

/** Every alert opened in [from, to), through the list's pages. */
async function allAlerts(queries: StoreQueries, from: number, to: number): Promise<LiveAlert[]> {
  const out: LiveAlert[] = [];
  let cursor: string | undefined;
  do {
    const page = await queries.listAlerts({ from, to, limit: 500, cursor });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** A breakdown's rows, largest first, with the comparison days' counts of the same keys. */
function breakdown(
  today: readonly Tally[],
  previousDay: readonly Tally[] | undefined,
  weekBefore: readonly Tally[] | undefined,
  total: number,
  name: (code: string) => string,
): Breakdown[] {
  const lookup = (tallies: readonly Tally[] | undefined, key: string) =>
    tallies ? (tallies.find((t) => t.key === key)?.reports ?? 0) : null;
  return today.map((t) => {
    const week = lookup(weekBefore, t.key);
    return {
      code: t.key,
      name: name(t.key),
      reports: t.reports,
      callers: t.callers,
      share: total > 0 ? t.reports / total : 0,
      previousDay: lookup(previousDay, t.key),
      weekBefore: week,
      changeWeek: week ? (t.reports - week) / week : null,
    };
  });
}

const minutesSince = (openedAt: string, at: string | null | undefined) =>
  at ? Math.max(0, Math.round((Date.parse(at) - Date.parse(openedAt)) / MINUTE_MS)) : null;

function reportAlert(a: LiveAlert, names: ReportNames, profile: Profile, clock: CityClock): ReportAlert {
  const unit = a.workflow.unit ?? (a.topic === null ? null : profile.topic(a.topic)?.unit) ?? null;
  return {
    id: a.id,
    kind: a.kind,
    district: a.district,
    districtName: a.district === null ? null : names.district(a.district),
    topic: a.topic,
    topicName: names.topic(a.topic),
    place: a.place ?? null,
    // Printed times carry the city's offset, whatever offset the stored alert was written with.
    openedAt: clock.format(Date.parse(a.openedAt)),
    status: a.status,
    resolvedBy: a.status === 'resolved' ? (a.workflow.resolvedBy ?? 'engine') : null,
    count: a.count,
    people: a.distinctCallers,
    expected: Math.round(a.expected * 10) / 10,
    summary: a.summary,
    unit,
    unitSuggested: a.workflow.unit === null && unit !== null,
    response: {
      acknowledge: minutesSince(a.openedAt, a.workflow.acknowledgedAt),
      dispatch: minutesSince(a.openedAt, a.workflow.dispatchedAt),
      resolve: minutesSince(a.openedAt, a.status === 'resolved' ? a.resolvedAt : null),
    },
  };
}

/** Where an alert's handling stands, in the words of the case summary. */
export function workflowState(a: LiveAlert): string {
  if (a.status === 'resolved')
    return a.workflow.resolvedBy === 'engine' || a.workflow.resolvedBy === null
      ? a.workflow.dispatchedAt
        ? '来件已平息，承办单位尚未办结'
        : '来件已平息，尚未处置'
      : '已办结';
  if (a.status === 'dispatched') return `已派单${a.workflow.signedAt ? '并签收' : '，待签收'}，办理中`;
  return a.status === 'acknowledged' ? '已签收，待派单' : '尚未处置';
}

async function candidateOf(
  queries: StoreQueries,
  a: LiveAlert,
  names: ReportNames,
  profile: Profile,
  clock: CityClock,
): Promise<IssueCandidate> {
  const reports = await queries.alertReports({ reportIds: a.reportIds, limit: 200 });
  const where = names.cell(a.district, a.topic);
  return {
    alertId: a.id,
    kind: a.kind,
    title: a.place ? `${names.district(a.district)}·${a.place}` : where,
    people: a.distinctCallers,
    reports: a.count,
    expected: a.expected,
    since: clock.format(Date.parse(a.openedAt)),
    unresolved: a.status !== 'resolved' || a.workflow.resolvedBy === 'engine' || a.workflow.resolvedBy === null,
    state: workflowState(a),
    unit: a.workflow.unit ?? (a.topic === null ? null : profile.topic(a.topic)?.unit) ?? null,
    unitSuggested: a.workflow.unit === null,
    incidentIds: a.incidentIds,
    texts: reports.map((r) => r.text),
  };
}
