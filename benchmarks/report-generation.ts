// The morning report's generation time (issue 16) for a 6,000-report day and a 100,000-report day (a crisis), each as a
// ratio to one `SELECT count(*)` of that day's reports through the same store in the same run, on PostgreSQL
// (DATABASE_URL, a fresh schema dropped at the end) and on the embedded PGlite (in memory).
//
// Data: the generated Chengdu feed for the 30 days up to the reported day (6,800 reports a weekday, fewer at weekends:
// ≈ 6,000 a day; repeat callers, injected incidents, slow burns and citywide rises), texts enriched as the engine
// stores them, the reported day thinned evenly to exactly 6,000. The crisis day adds 94,000 reports of a storm (water,
// power and traffic, five districts weighted up) to the same day, for 100,000. Alerts: the feed's injected surges
// with their real report ids, four surges on the day (its busiest cell also on three earlier days), 22 more on the
// crisis day; most acknowledged, dispatched to their unit, signed for and resolved (or resolved by the engine), so the
// unit ranking, the hotspots and the top issues all have data.
//
// Timed, in rounds after one warm-up round: the count(*) baseline, gatherReport alone, gatherReport + HTML; then
// gatherReport + PDF (real Chromium) a few times; then the gather's parts one by one, to say where its time goes. On
// PostgreSQL the count is also taken with parallel workers off (their start-up can cost more than the scan). Before
// all that, and before ANALYZE, the gather three times as the store stands right after loading.
//   npx tsx benchmarks/report-generation.ts [--runs 5] [--pdf 2] [--backends postgres,pglite] [--explain]
import { parseArgs } from 'node:util';
import seedrandom from 'seedrandom';
import { alertId, summarize } from '../engine/decide/alert-text.ts';
import { createEnricher } from '../engine/enrich/enricher.ts';
import { localMidnight } from '../engine/generate/feed-calendar.ts';
import { SyntheticFeed } from '../engine/generate/synthetic-feed.ts';
import { normalizeReport } from '../engine/intake/normalize-report.ts';
import type { Report } from '../engine/intake/report.ts';
import { loadProfile, Profile } from '../engine/profile/city-profile.ts';
import { gatherReport, LOOKBACK_DAYS, USUAL_WEEKS } from '../engine/report/gather-report.ts';
import type { KnownEventEntry } from '../engine/report/known-events.ts';
import { produceReport } from '../engine/report/produce-report.ts';
import { renderReportHtml } from '../engine/report/render-report-html.ts';
import { addDays, weekdayOf } from '../engine/report/report-days.ts';
import { openStore, type AlertTransition, type Store } from '../engine/store/index.ts';
import { CityClock, MINUTE_MS } from '../engine/time/event-time.ts';
import type { Alert, AlertKind } from '../schemas/alert-event.ts';
import type { IntakeReport } from '../schemas/intake-report.ts';
import type { MorningReport } from '../schemas/morning-report.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    pdf: { type: 'string', default: '2' },
    backends: { type: 'string', default: 'postgres,pglite' },
    explain: { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const PDF_RUNS = Number(args.pdf);
const BACKENDS = args.backends.split(',') as Array<'postgres' | 'pglite'>;
const PG_URL = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/test';

/** The reported day: a Thursday, printed at 00:05 on the Friday. */
const DAY = '2026-12-03';
const FIRST = addDays(DAY, 1 - LOOKBACK_DAYS);
const ORDINARY_DAY = 6_000;
const CRISIS_DAY = 100_000;
/** PGlite gets the crisis day only if loading it takes less than this. */
const PGLITE_LOAD_LIMIT_MS = 120_000;

const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);
const DAY_START = localMidnight(DAY, clock);
const DAY_END = localMidnight(addDays(DAY, 1), clock);
const NOW = DAY_END + 5 * MINUTE_MS;
const EVENTS: KnownEventEntry[] = [
  { date: addDays(DAY, -20), title: '燃气价格调整听证会', scope: 'utilities' },
  { date: addDays(DAY, -9), title: '地铁8号线二期试运营', scope: 'traffic' },
  { date: DAY, title: '暴雨红色预警', scope: 'city' },
];

// ---------------------------------------------------------------------------------------------------------------
// Data

interface BenchData {
  /** The feed's reports, 29 days of history and the reported day itself, in arrival order. */
  readonly reports: Report[];
  /** The crisis day's extra reports. */
  readonly crisis: Report[];
  /** Each alert's transitions, opened first. */
  readonly alerts: AlertTransition[][];
  readonly crisisAlerts: AlertTransition[][];
  readonly dayReports: number;
}

const enricher = createEnricher(profile);

/** Intake reports as the engine stores them: fields settled to codes, district and topic settled from the text. */
function settle(intake: readonly IntakeReport[], as: Profile): Report[] {
  const reports = intake.map((r) => normalizeReport(r, as, clock));
  for (let i = 0; i < reports.length; i += 5_000) enricher.enrichAll(reports.slice(i, i + 5_000));
  for (const r of reports) r.enrichment = undefined; // not stored
  return reports;
}

const onDay = (r: Report) => r.t >= DAY_START && r.t < DAY_END;

/** The storm: Chengdu with water, power, traffic and sanitation weighted up in five low-lying districts. */
function stormProfile(volume: number): Profile {
  const data = structuredClone(profile.data);
  const topics: Record<string, number> = { utilities: 10, traffic: 3, sanitation: 3, housing: 2, property: 2 };
  const districts: Record<string, number> = { chenghua: 4, jinjiang: 3, wuhou: 3, shuangliu: 3, pidu: 2 };
  data.topics = data.topics.map((t) => ({ ...t, share: t.share * (topics[t.code] ?? 1) }));
  data.districts = data.districts.map((d) => ({ ...d, weight: d.weight * (districts[d.code] ?? 1) }));
  data.dailyVolume = Math.ceil(volume / data.weekdayFactors[weekdayOf(DAY)]);
  return new Profile(data);
}

function generate(): BenchData {
  // Chengdu at 6,800 a weekday (its profile says 5,809; weekends 0.55–0.6 of that): ≈ 6,000 a day over a week, and
  // the reported Thursday has at least ORDINARY_DAY.
  const data = structuredClone(profile.data);
  data.dailyVolume = 6_800;
  const feed = new SyntheticFeed({
    profile: new Profile(data),
    seed: 'report-bench',
    days: LOOKBACK_DAYS,
    start: FIRST,
    surges: true,
  });
  const generated: Report[] = [];
  for (const batch of feed.batches()) generated.push(...settle(batch.reports, profile));
  // The day thinned evenly to exactly ORDINARY_DAY, every injected report kept.
  const injected = new Set([...feed.idsByInjection.values()].flat());
  const thinnable = generated.filter((r) => onDay(r) && !injected.has(r.id));
  const surplus = generated.filter(onDay).length - ORDINARY_DAY;
  if (surplus < 0)
    throw new Error(`the feed gave ${ORDINARY_DAY + surplus} reports on ${DAY}, fewer than ${ORDINARY_DAY}`);
  const dropped = new Set(
    Array.from({ length: surplus }, (_, i) => thinnable[Math.floor(((i + 0.5) * thinnable.length) / surplus)].id),
  );
  const reports = generated.filter((r) => !dropped.has(r.id));
  const dayReports = reports.filter(onDay).length;

  // The crisis: ~30 % more generated than needed, thinned evenly to exactly CRISIS_DAY for the day.
  const needed = CRISIS_DAY - dayReports;
  const storm = new SyntheticFeed({
    profile: stormProfile(needed * 1.3),
    seed: 'report-bench-storm',
    days: 1,
    start: DAY,
    surges: false,
  });
  const stormIntake = [...storm.batches()].flatMap((b) => b.reports);
  if (stormIntake.length < needed) throw new Error(`the storm gave ${stormIntake.length} reports, ${needed} needed`);
  const kept = Array.from({ length: needed }, (_, i) => stormIntake[Math.floor((i * stormIntake.length) / needed)]);
  const crisis = settle(
    kept.map((r) => ({ ...r, id: r.id.replace(/-(\d+)$/, '-X$1') })),
    profile,
  );

  const byId = new Map(reports.map((r) => [r.id, r]));
  const used = new Set<string>();
  const alerts: AlertTransition[][] = [];
  for (const inj of feed.injections) {
    const ids = feed.idsByInjection.get(inj.id) ?? [];
    if (inj.kind === 'repeat_caller' || inj.kind === 'morning_peak' || inj.topic === null || ids.length === 0) continue;
    const kind: AlertKind = inj.kind === 'citywide' ? 'citywide' : inj.kind === 'slow_burn' ? 'surge' : 'incident';
    const window = inj.kind === 'slow_burn' ? 360 : 60;
    alerts.push(
      story(
        alertOf(
          kind,
          inj.district,
          inj.topic,
          ids.map((id) => byId.get(id)!),
          window,
          inj.place,
          used,
        ),
      ),
    );
  }
  // A few ordinary surges on the day: the busiest hour of its four busiest cells.
  const dayCells = busiestCells(reports.filter(onDay), 4);
  for (const cell of dayCells)
    alerts.push(story(alertOf('surge', cell.district, cell.topic, cell.reports, 60, null, used)));
  // The day's busiest cell alerted on three earlier days too: a recurring hotspot.
  for (const back of [3, 8, 15]) {
    const [start, end] = [localMidnight(addDays(DAY, -back), clock), localMidnight(addDays(DAY, 1 - back), clock)];
    const [cell] = busiestCells(
      reports.filter(
        (r) => r.t >= start && r.t < end && r.district === dayCells[0].district && r.topic === dayCells[0].topic,
      ),
      1,
    );
    alerts.push(story(alertOf('surge', cell.district, cell.topic, cell.reports, 60, null, used)));
  }
  // The crisis: its twenty busiest cells, and citywide alerts for water and traffic.
  const crisisDay = [...reports.filter(onDay), ...crisis];
  const crisisAlerts = busiestCells(crisisDay, 20).map((cell) =>
    story(alertOf('surge', cell.district, cell.topic, cell.reports, 60, null, used)),
  );
  for (const topic of ['utilities', 'traffic']) {
    const [city] = busiestCells(
      crisisDay.filter((r) => r.topic === topic).map((r) => ({ ...r, district: null })),
      1,
    );
    crisisAlerts.push(story(alertOf('citywide', null, topic, city.reports.slice(0, 500), 60, null, used)));
  }
  return { reports, crisis, alerts, crisisAlerts, dayReports };
}

/** The `n` cells with most reports, each with its reports in its busiest local hour. */
function busiestCells(reports: readonly Report[], n: number) {
  const cells = new Map<string, Report[]>();
  for (const r of reports) {
    const key = `${r.district}|${r.topic}`;
    const list = cells.get(key) ?? [];
    list.push(r);
    cells.set(key, list);
  }
  return [...cells.values()]
    .filter((list) => list[0].topic !== null)
    .sort((a, b) => b.length - a.length)
    .slice(0, n)
    .map((list) => {
      const hours = new Map<number, Report[]>();
      for (const r of list) {
        const h = Math.floor(r.t / 3_600_000);
        const hour = hours.get(h) ?? [];
        hour.push(r);
        hours.set(h, hour);
      }
      const busiest = [...hours.values()].sort((a, b) => b.length - a.length)[0];
      return { district: list[0].district, topic: list[0].topic!, reports: busiest };
    });
}

/** An engine alert over `reports` (real stored ones), opened when the fifth of them came in. */
function alertOf(
  kind: AlertKind,
  district: string | null,
  topic: string,
  reports: readonly Report[],
  windowMinutes: number,
  place: string | null,
  used: Set<string>,
): Alert {
  const times = reports.map((r) => r.t).sort((a, b) => a - b);
  const opened = Math.floor(times[Math.min(4, times.length - 1)] / MINUTE_MS) * MINUTE_MS;
  const people = new Set(reports.map((r) => r.caller)).size;
  const expected = Math.max(0.5, Math.round((people / (kind === 'surge' ? 3 : 8)) * 10) / 10);
  let id = alertId(kind, district, topic, opened, clock);
  for (let k = 2; used.has(id); k++) id = alertId(kind, district, topic, opened, clock, String(k));
  used.add(id);
  const facts = { district, topic, count: reports.length, distinctCallers: people, expected, minutes: windowMinutes };
  return {
    id,
    kind,
    district,
    topic,
    openedAt: clock.format(opened),
    updatedAt: clock.format(Math.max(opened, times[times.length - 1])),
    count: reports.length,
    distinctCallers: people,
    expected,
    ratio: Math.round((people / expected) * 10) / 10,
    windowMinutes,
    pValue: 1e-9,
    score: 9,
    detector: kind === 'incident' ? 'incident' : kind === 'citywide' ? 'citywide' : 'window-nb',
    status: 'open',
    summary: summarize(profile, { ...facts, detail: 'p=1.0e-9' }),
    reportIds: reports.map((r) => r.id),
    ...(place ? { place } : {}),
  };
}

const DEADLINES = ['2h', '24h', '24h', '5d'] as const;

/**
 * What happened to an alert: acknowledged by the duty officer (80 %), dispatched to its topic's unit (80 % of those),
 * signed for by the unit (75 %) and resolved by the duty officer (70 %); one nobody dispatched is resolved by the
 * engine when it goes quiet (60 %). Only what happened before the report is printed.
 */
function story(alert: Alert): AlertTransition[] {
  const rng = seedrandom(alert.id);
  const t0 = Date.parse(alert.openedAt);
  const steps: Array<Omit<AlertTransition, 'alert'> & { t: number }> = [];
  const unit = alert.topic === null ? undefined : profile.topic(alert.topic)?.unit;
  let m = 0;
  let dispatched = false;
  if (rng() < 0.8) {
    steps.push({ type: 'alert.acknowledged', actor: 'duty', t: (m += 3 + rng() * 25) });
    if (unit && rng() < 0.8) {
      dispatched = true;
      const deadline = DEADLINES[Math.floor(rng() * DEADLINES.length)];
      steps.push({ type: 'alert.dispatched', actor: 'duty', unit, deadline, t: (m += 5 + rng() * 40) });
      if (rng() < 0.75)
        steps.push({ type: 'alert.acknowledged', actor: `unit-${alert.topic}`, t: (m += 10 + rng() * 150) });
      if (rng() < 0.7) steps.push({ type: 'alert.resolved', actor: 'duty', t: (m += 60 + rng() * 1_800) });
    }
  }
  const out: AlertTransition[] = [{ type: 'alert.opened', alert }];
  for (const { t, ...s } of steps)
    if (t0 + t * MINUTE_MS < NOW) out.push({ ...s, alert, at: new Date(t0 + t * MINUTE_MS).toISOString() });
  const quiet = Math.max(Date.parse(alert.updatedAt), t0 + (m + 120 + rng() * 300) * MINUTE_MS);
  if (!dispatched && rng() < 0.6 && quiet < NOW) {
    const at = clock.format(quiet);
    out.push({ type: 'alert.resolved', alert: { ...alert, status: 'resolved', updatedAt: at, resolvedAt: at } });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Loading

const ms = (t0: number) => performance.now() - t0;

/** Store reports (every 200th as late, as the engine stores the few that missed their minute) and alerts. */
async function load(store: Store, reports: readonly Report[], alerts: readonly AlertTransition[][]) {
  const t0 = performance.now();
  for (let i = 0; i < reports.length; i += 10_000) {
    const chunk = reports.slice(i, i + 10_000);
    await Promise.all([
      store.writer.writeReports(chunk.filter((_, j) => (i + j) % 200 !== 199)),
      store.writer.writeReports(
        chunk.filter((_, j) => (i + j) % 200 === 199),
        { late: true },
      ),
    ]);
  }
  let events = 0;
  for (const story of alerts) events += await store.writer.writeAlertEvents(story);
  await store.writer.flush();
  return { ms: ms(t0), events };
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const min = (xs: readonly number[]) => Math.min(...xs);

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const value = await fn();
  return [ms(t0), value];
}

const COUNT_DAY = 'SELECT count(*)::int AS n FROM reports WHERE received_at >= $1 AND received_at < $2';
const countDay = async (store: Store) =>
  (
    await store.sql.query<{ n: number }>(COUNT_DAY, [
      new Date(DAY_START).toISOString(),
      new Date(DAY_END).toISOString(),
    ])
  )[0].n;
/**
 * The same count with parallel workers off: PostgreSQL plans a parallel scan for the 100,000-report day, and starting
 * its two workers can cost more than the scan. Null on PGlite, which has no workers.
 */
const countDaySerial = (store: Store) =>
  store.engine === 'pglite'
    ? Promise.resolve(null)
    : store.sql.withSession(async (session) => {
        await session.exec('SET max_parallel_workers_per_gather = 0');
        try {
          const params = [new Date(DAY_START).toISOString(), new Date(DAY_END).toISOString()];
          return (await session.query<{ n: number }>(COUNT_DAY, params))[0].n;
        } finally {
          await session.exec('RESET max_parallel_workers_per_gather');
        }
      });
const gather = (store: Store) =>
  gatherReport(store.queries, profile, clock, { day: DAY, now: NOW, source: 'store', events: EVENTS });

interface Measured {
  readonly backend: string;
  readonly scenario: string;
  readonly reports: number;
  readonly loadMs: number;
  readonly staleGather: number[];
  readonly count: number[];
  readonly countSerial: number[];
  readonly gather: number[];
  readonly html: number[];
  readonly pdf: number[];
  readonly pdfBytes: number;
  readonly htmlBytes: number;
  readonly parts: Array<[string, number]>;
  readonly summary: string;
}

async function measure(store: Store, backend: string, scenario: string, loadMs: number): Promise<Measured> {
  const log = (line: string) => process.stderr.write(`  ${backend} ${scenario}: ${line}\n`);
  // As the store stands after loading: a test server with autovacuum off, or PGlite (which never analyzes), would
  // print the report on these statistics. One run first (caches, hint bits of the freshly copied rows), not counted.
  const staleGather: number[] = [];
  for (let i = 0; i <= 3; i++) {
    const [t] = await timed(() => gather(store));
    if (i > 0) staleGather.push(t);
  }
  if (args.explain) await explain(store, (line) => log(`before ANALYZE: ${line}`));
  await store.sql.exec('ANALYZE');
  const count: number[] = [];
  const countSerial: number[] = [];
  const gathered: number[] = [];
  const html: number[] = [];
  let reports = 0;
  let htmlBytes = 0;
  let report: MorningReport | undefined;
  for (let round = 0; round <= RUNS; round++) {
    const [c, n] = await timed(() => countDay(store));
    const [cs, serial] = await timed(() => countDaySerial(store));
    const [g, r] = await timed(() => gather(store));
    const [h, page] = await timed(async () => produceReport(await gather(store), 'html'));
    if (round === 0) continue; // warm-up
    count.push(c);
    if (serial !== null) countSerial.push(cs);
    gathered.push(g);
    html.push(h);
    reports = n;
    report = r;
    htmlBytes = Buffer.byteLength(page as string);
  }
  log(
    `count ${median(count).toFixed(1)} ms, gather ${median(gathered).toFixed(0)} ms, +html ${median(html).toFixed(0)} ms`,
  );
  const pdf: number[] = [];
  let pdfBytes = 0;
  for (let i = 0; i < PDF_RUNS; i++) {
    const [p, file] = await timed(async () => produceReport(await gather(store), 'pdf'));
    pdf.push(p);
    pdfBytes = (file as Uint8Array).byteLength;
  }
  if (PDF_RUNS > 0) log(`+pdf ${median(pdf).toFixed(0)} ms (${pdfBytes} bytes)`);
  const parts = await gatherParts(store, report!);
  if (args.explain) await explain(store, log);
  const summary =
    `${report!.overview.reports} reports, ${report!.overview.callers} callers, ${report!.overview.late} late; ` +
    `${report!.alerts.length} alerts on the day, ${report!.topIssues.length} top issues, ` +
    `${report!.units.rows.filter((u) => u.ranked).length} units ranked, ${report!.hotspots.length} hotspots`;
  return {
    backend,
    scenario,
    reports,
    loadMs,
    staleGather,
    count,
    countSerial,
    gather: gathered,
    html,
    pdf,
    pdfBytes,
    htmlBytes,
    parts,
    summary,
  };
}

/**
 * The gather's queries as it runs them (its three phases, each in parallel), then each query alone, and the HTML
 * rendering alone: medians of three rounds.
 */
async function gatherParts(store: Store, report: MorningReport): Promise<Array<[string, number]>> {
  const q = store.queries;
  const lookbackStart = localMidnight(addDays(DAY, 1 - LOOKBACK_DAYS), clock);
  const alertsIn = async (from: number, to: number) => {
    const out = [];
    let cursor: string | undefined;
    do {
      const page = await q.listAlerts({ from, to, limit: 500, cursor });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  };
  const totalsDays = [
    DAY,
    addDays(DAY, -1),
    ...Array.from({ length: USUAL_WEEKS }, (_, w) => addDays(DAY, -7 * (w + 1))),
  ];
  const recent = await alertsIn(lookbackStart, DAY_END);
  const candidates = recent.filter(
    (a) =>
      Date.parse(a.openedAt) >= DAY_START ||
      (a.status !== 'resolved' && Date.parse(a.openedAt) >= localMidnight(addDays(DAY, -6), clock)),
  );
  const parts: Array<[string, () => Promise<unknown>]> = [
    ['phase 1: dailyTotals × 6, in parallel', () => Promise.all(totalsDays.map((d) => q.dailyTotals(d)))],
    [
      'phase 2: trend, alerts, units, in parallel',
      () =>
        Promise.all([
          q.dailyCounts({ from: addDays(DAY, 1 - LOOKBACK_DAYS), to: DAY }),
          alertsIn(DAY_START, DAY_END),
          alertsIn(lookbackStart, DAY_END),
          q.responseTimes({ from: lookbackStart, to: DAY_END }),
        ]),
    ],
    [
      `phase 3: alertReports × ${candidates.length}, in parallel`,
      () => Promise.all(candidates.map((a) => q.alertReports({ reportIds: a.reportIds, limit: 200 }))),
    ],
    ['alone: dailyTotals(day)', () => q.dailyTotals(DAY)],
    ['alone: dailyTotals(day before)', () => q.dailyTotals(addDays(DAY, -1))],
    ['alone: dailyCounts(30 days)', () => q.dailyCounts({ from: addDays(DAY, 1 - LOOKBACK_DAYS), to: DAY })],
    ['alone: listAlerts(30 days)', () => alertsIn(lookbackStart, DAY_END)],
    ['alone: responseTimes(30 days)', () => q.responseTimes({ from: lookbackStart, to: DAY_END })],
    [
      'alone: alertReports, one after another',
      async () => {
        for (const a of candidates) await q.alertReports({ reportIds: a.reportIds, limit: 200 });
      },
    ],
    ['alone: renderReportHtml', async () => renderReportHtml(report)],
  ];
  const times = new Map<string, number[]>();
  for (let round = 0; round < 3; round++)
    for (const [name, fn] of parts) times.set(name, [...(times.get(name) ?? []), (await timed(fn))[0]]);
  return parts.map(([name]) => [name, median(times.get(name)!)]);
}

/**
 * EXPLAIN ANALYZE of the baseline and of the statements behind the two largest parts, dailyTotals(day) and
 * dailyCounts(30 days), caught as the store's queries send them (the database's own account of where the time goes).
 */
async function explain(store: Store, log: (line: string) => void) {
  const sent: Array<[string, readonly unknown[] | undefined]> = [];
  const query = store.sql.query;
  store.sql.query = (async (sql: string, params?: readonly unknown[]) => {
    sent.push([sql, params]);
    return query(sql, params);
  }) as typeof query;
  try {
    await store.queries.dailyTotals(DAY);
    await store.queries.dailyCounts({ from: addDays(DAY, 1 - LOOKBACK_DAYS), to: DAY });
  } finally {
    store.sql.query = query;
  }
  sent.unshift([COUNT_DAY, [new Date(DAY_START).toISOString(), new Date(DAY_END).toISOString()]]);
  for (const [sql, params] of sent) {
    log(`EXPLAIN ANALYZE ${sql.replace(/\s+/g, ' ').slice(0, 60)}…`);
    const rows = await store.sql.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    for (const r of rows) log(`  ${Object.values(r)[0]}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Running

async function runBackend(backend: 'postgres' | 'pglite', data: BenchData): Promise<Measured[]> {
  const schema = `bench_report_${process.pid}`;
  const store = await openStore({
    databaseUrl: backend === 'postgres' ? PG_URL : null,
    dataDir: null,
    schema,
    timezone: profile.timezone,
    now: () => NOW,
    maintainEveryMs: null,
    retention: { reportsDays: null },
    log: () => undefined,
  });
  const name = backend === 'postgres' ? 'PostgreSQL' : 'PGlite';
  const out: Measured[] = [];
  try {
    const base = await load(store, data.reports, data.alerts);
    process.stderr.write(
      `${name}: loaded ${data.reports.length} reports and ${base.events} alert events in ${(base.ms / 1000).toFixed(1)} s\n`,
    );
    out.push(await measure(store, name, 'ordinary day', base.ms));
    const crisis = await load(store, data.crisis, data.crisisAlerts);
    process.stderr.write(
      `${name}: loaded the crisis's ${data.crisis.length} reports and ${crisis.events} alert events in ` +
        `${(crisis.ms / 1000).toFixed(1)} s\n`,
    );
    if (backend === 'pglite' && crisis.ms > PGLITE_LOAD_LIMIT_MS)
      process.stderr.write(
        `${name}: the crisis day took over ${PGLITE_LOAD_LIMIT_MS / 1000} s to load; not measured\n`,
      );
    else out.push(await measure(store, name, 'crisis day', crisis.ms));
  } finally {
    if (backend === 'postgres') await store.sql.exec(`DROP SCHEMA ${schema} CASCADE`);
    await store.close();
  }
  return out;
}

const started = performance.now();
const tGen = performance.now();
const data = generate();
const dayCallers = new Set(data.reports.filter(onDay).map((r) => r.caller)).size;
process.stderr.write(
  `generated ${data.reports.length} reports over ${LOOKBACK_DAYS} days (${data.dayReports} on ${DAY}, ` +
    `${dayCallers} callers), ${data.crisis.length} crisis reports, ${data.alerts.length} + ` +
    `${data.crisisAlerts.length} alerts in ${(ms(tGen) / 1000).toFixed(1)} s\n`,
);
const results: Measured[] = [];
for (const backend of BACKENDS) results.push(...(await runBackend(backend, data)));

const f = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en') : x.toFixed(1));
const pair = (xs: readonly number[], base: number) =>
  xs.length === 0 ? '—' : `${f(median(xs))} / ${f(min(xs))} ms (${(median(xs) / base).toFixed(0)}×)`;
console.log(`\nmorning report of ${DAY}: medians / minima of ${RUNS} rounds after a warm-up; PDF ${PDF_RUNS} runs`);
for (const m of results) {
  console.log(`\n${m.backend}, ${m.scenario} (${m.reports.toLocaleString('en')} reports): ${m.summary}`);
  console.log(`  loaded in ${(m.loadMs / 1000).toFixed(1)} s; HTML ${m.htmlBytes} bytes, PDF ${m.pdfBytes} bytes`);
  const base = median(m.count);
  console.log(`  count(*) of the day (baseline)     ${f(median(m.count))} / ${f(min(m.count))} ms`);
  if (m.countSerial.length > 0) {
    const serial = median(m.countSerial);
    console.log(
      `  count(*), no parallel workers      ${f(serial)} / ${f(min(m.countSerial))} ms ` +
        `(gather ${(median(m.gather) / serial).toFixed(0)}× this)`,
    );
  }
  console.log(`  gatherReport, before ANALYZE       ${pair(m.staleGather, base)}`);
  console.log(`  gatherReport                       ${pair(m.gather, base)}`);
  console.log(`  gatherReport + HTML                ${pair(m.html, base)}`);
  console.log(`  gatherReport + PDF                 ${pair(m.pdf, base)}`);
  for (const [name, t] of m.parts) console.log(`    ${name.padEnd(48)} ${f(t).padStart(8)} ms`);
}
console.log('\n| backend | day | count(*) ms | gather ms (× count) | gather + HTML ms (×) | gather + PDF ms (×) |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const m of results) {
  const base = median(m.count);
  const cell = (xs: readonly number[]) =>
    xs.length === 0 ? '—' : `${f(median(xs))} / ${f(min(xs))} (${(median(xs) / base).toFixed(0)}×)`;
  console.log(
    `| ${m.backend} | ${m.reports.toLocaleString('en')} | ${f(base)} / ${f(min(m.count))} | ${cell(m.gather)} | ` +
      `${cell(m.html)} | ${cell(m.pdf)} |`,
  );
}
console.log(`\nwhole run ${(ms(started) / 1000).toFixed(0)} s`);
