// The published datasets, one definition each: their columns with definitions (the catalogue prints them), and how
// store rows become records — small cells withheld (engine/privacy/open-data-cube.ts), codes with their Chinese
// names, times ISO 8601 with the city's offset. The catalogue, the CSV and the JSON all read these, so they agree.
import { suppressCube, type PublishedRow } from '../../engine/privacy/open-data-cube.ts';
import { redactText } from '../../engine/privacy/redact-text.ts';
import type { Profile } from '../../engine/profile/city-profile.ts';
import { ALERT_KIND_ZH } from '../../engine/report/report-labels.ts';
import type { OpenDataRow, PublicAlert } from '../../engine/store/queries/open-data-query.ts';
import type { CityClock } from '../../engine/time/event-time.ts';

/** Fewer distinct people than this in a row and its counts are withheld. */
export const MIN_PEOPLE = 3;

export type OpenRecord = Record<string, string | number | boolean | null>;

export interface OpenColumn {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime';
  readonly description: string;
}

export interface OpenDataset {
  readonly id: 'daily' | 'hourly' | 'alerts';
  readonly title: string;
  readonly description: string;
  readonly accrualPeriodicity: string;
  readonly columns: readonly OpenColumn[];
}

const LEVEL_COLUMN = (periodWord: string): OpenColumn => ({
  name: 'level',
  type: 'string',
  description:
    `cell = one district × topic${periodWord === 'day' ? ' × channel' : ''}; district, topic` +
    `${periodWord === 'day' ? ', channel' : ''} = the total of one (the other codes empty); ${periodWord} = the ` +
    `${periodWord}'s total. A total counts distinct people over the whole group, so it is not the sum of its cells' people`,
});

const COUNT_COLUMNS: readonly OpenColumn[] = [
  { name: 'reports', type: 'integer', description: 'reports received (来件数); empty when suppressed' },
  {
    name: 'people',
    type: 'integer',
    description: 'distinct callers (来件人数), a report without a caller id counted as its own; empty when suppressed',
  },
  {
    name: 'suppressed',
    type: 'boolean',
    description:
      `true when the counts are withheld: fewer than ${MIN_PEOPLE} people, or withheld beside such a row so that it ` +
      'cannot be worked out from a total (complementary suppression)',
  },
];

const CODE_COLUMNS = (withChannel: boolean): OpenColumn[] =>
  [
    { name: 'district', type: 'string', description: 'district code of the city profile; unknown = not placed' },
    { name: 'district_name', type: 'string', description: 'district name (区县); 未定位 for unknown' },
    { name: 'topic', type: 'string', description: 'topic code of the city profile; unknown = not classified' },
    { name: 'topic_name', type: 'string', description: 'topic name (诉求类别); 未分类 for unknown' },
    ...(withChannel
      ? [
          {
            name: 'channel',
            type: 'string',
            description: 'intake channel (hotline, mailbox, web, app…); unknown if none',
          },
        ]
      : []),
  ] as OpenColumn[];

export const DATASETS: readonly OpenDataset[] = [
  {
    id: 'daily',
    title: '市民诉求每日统计 Daily citizen reports by district, topic and channel',
    description:
      'Reports and distinct people per local day by district × topic × channel, with the totals of each district, ' +
      `topic, channel and day. Rows of fewer than ${MIN_PEOPLE} people are suppressed, with complementary suppression.`,
    accrualPeriodicity: 'daily',
    columns: [
      { name: 'date', type: 'date', description: "local day, YYYY-MM-DD, in the city's time zone" },
      LEVEL_COLUMN('day'),
      ...CODE_COLUMNS(true),
      ...COUNT_COLUMNS,
    ],
  },
  {
    id: 'hourly',
    title: '市民诉求每小时统计 Hourly citizen reports by district and topic (last 90 days)',
    description:
      'Reports and distinct people per hour by district × topic, with the totals of each district, topic and hour, ' +
      `over the last 90 days. Rows of fewer than ${MIN_PEOPLE} people are suppressed, with complementary suppression.`,
    accrualPeriodicity: 'hourly',
    columns: [
      { name: 'hour', type: 'datetime', description: "start of the hour, ISO 8601 with the city's UTC offset" },
      LEVEL_COLUMN('hour'),
      ...CODE_COLUMNS(false),
      ...COUNT_COLUMNS,
    ],
  },
  {
    id: 'alerts',
    title: '已办结预警 Resolved alerts',
    description:
      'Alerts once resolved: what rose where, how many reports and people, and how fast it was acknowledged, ' +
      'dispatched and resolved. Never a report text, a report id or a caller.',
    accrualPeriodicity: 'continuous',
    columns: [
      { name: 'alert_id', type: 'string', description: 'alert id' },
      {
        name: 'kind',
        type: 'string',
        description:
          'surge, incident, citywide (one topic across the city: no district) or district (every topic of one ' +
          'district together: no topic, topic_name 各类诉求)',
      },
      { name: 'kind_name', type: 'string', description: '突增, 事件, 全市 or 全区' },
      ...CODE_COLUMNS(false),
      { name: 'summary', type: 'string', description: "the alert's summary as the duty officers saw it (redacted)" },
      { name: 'reports', type: 'integer', description: 'reports behind the alert' },
      { name: 'people', type: 'integer', description: 'distinct people behind the alert' },
      { name: 'expected', type: 'number', description: 'reports expected in the same window on a usual day' },
      { name: 'opened_at', type: 'datetime', description: 'when the alert opened, ISO 8601 with offset' },
      { name: 'acknowledged_at', type: 'datetime', description: 'when a duty officer acknowledged it (empty: never)' },
      { name: 'dispatched_at', type: 'datetime', description: 'when it was dispatched to a unit (empty: never)' },
      { name: 'resolved_at', type: 'datetime', description: 'when it was resolved' },
      { name: 'minutes_to_acknowledge', type: 'number', description: 'opened → acknowledged, minutes' },
      { name: 'minutes_to_dispatch', type: 'number', description: 'opened → dispatched, minutes' },
      { name: 'minutes_to_resolve', type: 'number', description: 'opened → resolved, minutes' },
      { name: 'unit', type: 'string', description: 'the unit it was dispatched to (承办单位)' },
    ],
  },
];

export const dataset = (id: OpenDataset['id']): OpenDataset => DATASETS.find((d) => d.id === id)!;

/** Names beside codes: the profile's, 未定位 / 未分类 for what the engine could not settle. */
function names(profile: Profile, district: string | null, topic: string | null) {
  const districtName =
    district === null ? null : district === 'unknown' ? '未定位' : (profile.district(district)?.name ?? district);
  const topicName = topic === null ? null : topic === 'unknown' ? '未分类' : (profile.topic(topic)?.name ?? topic);
  return { district, district_name: districtName, topic, topic_name: topicName };
}

/** The daily table as published. */
export function dailyRecords(rows: readonly OpenDataRow[], profile: Profile): OpenRecord[] {
  return suppressCube(rows, MIN_PEOPLE).map((r) => ({
    date: r.day,
    level: r.level,
    ...names(profile, r.district, r.topic),
    channel: r.channel,
    ...counts(r),
  }));
}

/**
 * The hourly table as published. It has no channel dimension: each hour is given one channel holding everything, so
 * the cube's relations are those of district × topic, and that stand-in total is left out of what is published.
 */
export function hourlyRecords(rows: readonly OpenDataRow[], profile: Profile): OpenRecord[] {
  const withChannel = rows.flatMap((r) =>
    r.level === 'cell'
      ? [{ ...r, channel: 'all' }]
      : r.level === 'day'
        ? [r, { ...r, level: 'channel' as const, channel: 'all' }]
        : [r],
  );
  return suppressCube(withChannel, MIN_PEOPLE)
    .filter((r) => r.level !== 'channel')
    .map((r) => ({
      hour: r.day,
      level: r.level === 'day' ? 'hour' : r.level,
      ...names(profile, r.district, r.topic),
      ...counts(r),
    }));
}

function counts(r: PublishedRow) {
  return { reports: r.reports, people: r.people, suppressed: r.suppressed };
}

/** Resolved alerts as published: figures, names, times with the city's offset, minutes between them. */
export function alertRecords(alerts: readonly PublicAlert[], profile: Profile, clock: CityClock): OpenRecord[] {
  const at = (t: number | null) => (t === null ? null : clock.format(t));
  const minutes = (from: number, to: number | null) => (to === null ? null : Math.round((to - from) / 600) / 100);
  return alerts.map((a) => ({
    alert_id: a.id,
    kind: a.kind,
    kind_name: ALERT_KIND_ZH[a.kind] ?? a.kind,
    // A citywide alert has no district: it is the whole city's; a district alert has no topic: it is all of them.
    ...names(profile, a.district, a.topic),
    ...(a.district === null ? { district_name: '全市' } : {}),
    ...(a.topic === null ? { topic_name: '各类诉求' } : {}),
    summary: redactText(a.summary).text,
    reports: a.reports,
    people: a.people,
    expected: Math.round(a.expected * 10) / 10,
    opened_at: at(a.openedAt),
    acknowledged_at: at(a.acknowledgedAt),
    dispatched_at: at(a.dispatchedAt),
    resolved_at: at(a.resolvedAt),
    minutes_to_acknowledge: minutes(a.openedAt, a.acknowledgedAt),
    minutes_to_dispatch: minutes(a.openedAt, a.dispatchedAt),
    minutes_to_resolve: minutes(a.openedAt, a.resolvedAt),
    unit: a.unit,
  }));
}
