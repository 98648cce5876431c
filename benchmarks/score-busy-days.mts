// `lizheng score` counts a district alert during a busy day as explained; this counts the rest of what district-wide
// busy days set off, and the district alerts over the whole feed.
// Run: npx tsx benchmarks/score-busy-days.mts --truth DIR/truth.json --alerts DIR/alerts.ndjson [--warmup-days N] [--json]
// (warm-up: by default the day injections start, truth.injectFrom; give `lizheng score` the same --warmup-days.)
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { MATCH_GRACE_MS, scoreAlerts, type AlertOutcome } from '../engine/score/score-alerts.ts';
import { readOpenedAlerts, readTruth } from '../engine/score/score-inputs.ts';
import { DAY_MS } from '../engine/time/event-time.ts';
import type { BusyDay } from './district-busy-days.mts';

const { values: args } = parseArgs({
  options: {
    truth: { type: 'string' },
    alerts: { type: 'string' },
    'warmup-days': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
if (!args.truth || !args.alerts) {
  process.stderr.write('usage: npx tsx benchmarks/score-busy-days.mts --truth truth.json --alerts alerts.ndjson\n');
  process.exit(2);
}

const truth = await readTruth(args.truth);
const busyDays = (JSON.parse(await readFile(args.truth, 'utf8')) as { busyDays?: BusyDay[] }).busyDays;
if (!busyDays) throw new Error(`${args.truth} has no busyDays: write it with benchmarks/district-busy-days.mts`);
const warmupDays =
  args['warmup-days'] !== undefined
    ? Number(args['warmup-days'])
    : Math.round((Date.parse(truth.injectFrom) - Date.parse(truth.start)) / DAY_MS);
const read = await readOpenedAlerts(args.alerts, (m) => process.stderr.write(`${args.alerts}: ${m}\n`));
const score = scoreAlerts(truth, read.opened, { warmupDays });
const from = Date.parse(score.scoredFrom);
const profile = loadProfile(truth.profile);

/** District alerts of the day's district opened in its window or up to an hour after (score's grace). */
const inWindow = (a: AlertOutcome, b: BusyDay) => {
  const t = Date.parse(a.openedAt);
  return (
    a.kind !== 'citywide' &&
    a.district === b.district &&
    t >= Date.parse(b.start) &&
    t <= Date.parse(b.end) + MATCH_GRACE_MS
  );
};

const days = busyDays
  .filter((b) => Date.parse(b.start) >= from)
  .map((b) => {
    const alerts = score.alerts.filter((a) => inWindow(a, b));
    const falseAlarms = alerts.filter((a) => a.verdict === 'false_alarm');
    return {
      id: b.id,
      kind: b.kind,
      district: b.district,
      day: b.day,
      hours: b.hours,
      factor: b.factor,
      reason: b.reason,
      alerts: alerts.length,
      onInjectedSurges: alerts.filter((a) => a.verdict === 'detection' || a.verdict === 'extra').length,
      falseAlarms: falseAlarms.length,
      // A district alert (topic null) is on every topic: it is counted in alerts, not listed as one.
      topics: [...new Set(alerts.flatMap((a) => (a.topic === null ? [] : [a.topic])))].sort(),
      falseAlarmTopics: [...new Set(falseAlarms.map((a) => a.topic ?? 'all'))].sort(),
      falseAlarmIds: falseAlarms.map((a) => a.id),
    };
  });
const busy = days.filter((d) => d.kind === 'busy');
const quiet = days.filter((d) => d.kind === 'quiet');
const inBusy = new Set(busy.flatMap((d) => d.falseAlarmIds));
const inQuiet = new Set(quiet.flatMap((d) => d.falseAlarmIds));
const outside = score.falseAlarms - inBusy.size - inQuiet.size;
const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
// District alerts over the whole feed, warm-up included: a busy day is a district's, so the first weeks count too.
const whole = scoreAlerts(truth, read.opened, { warmupDays: 0 });
const districtAlerts = whole.alerts.filter((a) => a.kind === 'district');
const result = {
  warmupDays,
  scoredFrom: score.scoredFrom,
  scoredTo: score.scoredTo,
  scoredDays: score.scoredDays,
  surges: { ...score.overall, byKind: score.byKind },
  falseAlarms: score.falseAlarms,
  falseAlarmsPerDay: score.falseAlarmsPerDay,
  busy: {
    days: busy.length,
    alerts: sum(busy.map((d) => d.alerts)),
    falseAlarms: inBusy.size,
    falseAlarmTopics: sum(busy.map((d) => d.falseAlarmTopics.length)),
    daysWithFalseAlarms: busy.filter((d) => d.falseAlarms > 0).length,
    daysWithFalseAlarmsOnTwoTopics: busy.filter((d) => d.falseAlarmTopics.length >= 2).length,
  },
  quiet: { days: quiet.length, alerts: sum(quiet.map((d) => d.alerts)), falseAlarms: inQuiet.size },
  falseAlarmsOutsideBusyDays: outside,
  falseAlarmsPerDayOutsideBusyDays: score.scoredDays > 0 ? outside / score.scoredDays : 0,
  districtAlerts: {
    opened: districtAlerts.length,
    busyDaysRaised: whole.busyDaysFound,
    outsideBusyDays: districtAlerts.filter((a) => a.verdict !== 'explained').map((a) => a.id),
  },
  days,
};

if (args.json) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)}%`);
  const kinds = Object.entries(score.byKind)
    .map(([k, s]) => `${k} ${s.detected}/${s.total}`)
    .join(', ');
  const line = (d: (typeof days)[number]) =>
    `  ${d.id} ${d.day} ${d.hours} ${profile.districtLabel(d.district)} ×${d.factor} ${d.reason}: ` +
    `${d.alerts} alert${d.alerts === 1 ? '' : 's'} (${d.falseAlarms} false${d.onInjectedSurges ? `, ${d.onInjectedSurges} on injected surges` : ''})` +
    `${d.topics.length ? `, topics ${d.topics.join(' ')}` : ''}\n`;
  process.stdout.write(
    `scored ${score.scoredFrom} → ${score.scoredTo} (${score.scoredDays.toFixed(1)} days, warm-up ${warmupDays})\n` +
      `injected surges found: ${score.overall.detected}/${score.overall.total} (${pct(score.overall.recall)}): ${kinds}\n` +
      `false alarms: ${score.falseAlarms} (${score.falseAlarmsPerDay.toFixed(2)}/day); outside busy and quiet days: ` +
      `${outside} (${result.falseAlarmsPerDayOutsideBusyDays.toFixed(2)}/day)\n` +
      `busy days: ${busy.length}; alerts in the busy district during the window (+60 min): ${result.busy.alerts}, ` +
      `of which false alarms ${result.busy.falseAlarms} on ${result.busy.falseAlarmTopics} district×topic cells; ` +
      `days with a false alarm ${result.busy.daysWithFalseAlarms}, on ≥ 2 topics ${result.busy.daysWithFalseAlarmsOnTwoTopics}\n` +
      busy.map(line).join('') +
      `quiet days: ${quiet.length}; alerts in the quiet district that day: ${result.quiet.alerts} ` +
      `(false alarms ${result.quiet.falseAlarms})\n` +
      quiet.map(line).join('') +
      `district alerts, whole feed (warm-up included): ${districtAlerts.length} opened; busy days raised ` +
      `${whole.busyDaysFound.found}/${whole.busyDaysFound.total}; outside busy days ` +
      `${result.districtAlerts.outsideBusyDays.length}${result.districtAlerts.outsideBusyDays.map((id) => ` ${id}`).join('')}\n`,
  );
}
