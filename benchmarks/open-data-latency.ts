// What the open data (issue 17) costs on a city's store: the daily table of 30 days and the hourly table of 90 days,
// each from the GROUPING SETS query through suppression to CSV, as a ratio to one `SELECT count(*)` over the same span
// in the same run; and what hashing callers adds to the intake's settling of a report (normalizeReport with and
// without a key, same reports, same run).
//
// Data: 90 days of the generated Chengdu feed (≈ 6,000 reports a day, no surges), settled with a caller key and
// written by the store's own writer (redacted text and all) into a fresh PostgreSQL schema (DATABASE_URL), or into an
// in-memory PGlite with --pglite.
//   npx tsx benchmarks/open-data-latency.ts [--runs 5] [--days 90] [--pglite]
import { parseArgs } from 'node:util';
import { normalizeReport } from '../engine/intake/normalize-report.ts';
import { toCsv } from '../engine/privacy/csv-table.ts';
import { loadProfile } from '../engine/profile/city-profile.ts';
import { addDays } from '../engine/report/report-days.ts';
import { openStore } from '../engine/store/index.ts';
import { CityClock, DAY_MS } from '../engine/time/event-time.ts';
import { dailyRecords, dataset, hourlyRecords } from '../gateway/open-data/open-data-sets.ts';
import { benchDays } from './store-bench-data.ts';
import { SyntheticFeed } from '../engine/generate/synthetic-feed.ts';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    days: { type: 'string', default: '90' },
    pglite: { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const DAYS = Number(args.days);
const PG_URL = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/test';
const START = '2026-09-01';
const profile = loadProfile('chengdu');
const clock = new CityClock(profile.timezone);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

// Hashing at intake: the same raw reports settled with and without a caller key, interleaved rounds.
{
  const feed = new SyntheticFeed({ profile, seed: 'hash-bench', days: 14, start: START, surges: false });
  const raw = [...feed.batches()].flatMap((b) => b.reports);
  const key = Buffer.from('0123456789abcdef0123456789abcdef');
  const settle = (withKey: boolean) => {
    const t0 = performance.now();
    for (const r of raw) normalizeReport(r, profile, clock, withKey ? { callerKey: key } : {});
    return performance.now() - t0;
  };
  settle(true);
  settle(false);
  const plain: number[] = [];
  const hashed: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    plain.push(settle(false));
    hashed.push(settle(true));
  }
  const perReport = (ms: number) => (ms * 1000) / raw.length;
  console.log(
    `settling ${raw.length} reports: ${perReport(median(plain)).toFixed(2)} µs each without a caller key, ` +
      `${perReport(median(hashed)).toFixed(2)} µs with one (+${(perReport(median(hashed)) - perReport(median(plain))).toFixed(2)} µs, ` +
      `${(median(hashed) / median(plain)).toFixed(2)}×)`,
  );
}

const schema = `bench_open_data_${process.pid}`;
const store = await openStore({
  databaseUrl: args.pglite ? null : PG_URL,
  dataDir: null,
  schema,
  timezone: profile.timezone,
  maintainEveryMs: null,
  log: () => {},
});
try {
  const key = Buffer.from('0123456789abcdef0123456789abcdef');
  let loaded = 0;
  const loadStart = performance.now();
  for (const day of benchDays(START, DAYS, 'open-data-bench')) {
    // The bench data settles without a key; the store gets hashed callers as the edge would write them.
    const reports = day.reports.map((r) => normalizeReport(r.raw, profile, clock, { callerKey: key }));
    await store.writer.writeReports(reports);
    loaded += reports.length;
  }
  await store.writer.flush();
  await store.sql.exec('ANALYZE reports');
  console.log(
    `loaded ${loaded} reports over ${DAYS} days into ${store.describe} in ${((performance.now() - loadStart) / 1000).toFixed(1)} s ` +
      `(the writer redacting each text)`,
  );

  const lastDay = addDays(START, DAYS - 1);
  const from30 = addDays(lastDay, -29);
  const spanFrom = Date.parse(`${START}T00:00:00+08:00`);
  const spanTo = Date.parse(`${lastDay}T00:00:00+08:00`) + DAY_MS;
  const dailyFrom = Date.parse(`${from30}T00:00:00+08:00`);
  const count = (from: number, to: number) =>
    store.sql.query('SELECT count(*) FROM reports WHERE received_at >= $1 AND received_at < $2', [
      new Date(from).toISOString(),
      new Date(to).toISOString(),
    ]);
  const columnsOf = (id: 'daily' | 'hourly') => dataset(id).columns.map((c) => c.name);
  let sizes = { daily: 0, hourly: 0 };
  const daily = async () => {
    const records = dailyRecords(await store.queries.dailyOpenData({ from: from30, to: lastDay }), profile);
    const csv = toCsv(
      columnsOf('daily'),
      records.map((r) => columnsOf('daily').map((c) => r[c] ?? null)),
    );
    sizes = { ...sizes, daily: records.length };
    return csv;
  };
  const hourly = async () => {
    const records = hourlyRecords(await store.queries.hourlyOpenData({ from: spanFrom, to: spanTo }), profile);
    const csv = toCsv(
      columnsOf('hourly'),
      records.map((r) => columnsOf('hourly').map((c) => r[c] ?? null)),
    );
    sizes = { ...sizes, hourly: records.length };
    return csv;
  };
  // One warm-up round: plans cached, pages in memory.
  for (const warm of [() => count(dailyFrom, spanTo), daily, () => count(spanFrom, spanTo), hourly]) await warm();
  const t = { count30: [] as number[], daily: [] as number[], count90: [] as number[], hourly: [] as number[] };
  for (let i = 0; i < RUNS; i++) {
    t.count30.push(await timed(() => count(dailyFrom, spanTo)));
    t.daily.push(await timed(daily));
    t.count90.push(await timed(() => count(spanFrom, spanTo)));
    t.hourly.push(await timed(hourly));
  }
  const line = (what: string, ms: number[], base: number[]) =>
    console.log(
      `${what}: median ${median(ms).toFixed(0)} ms = ${(median(ms) / median(base)).toFixed(1)}× count(*) of the span ` +
        `(${median(base).toFixed(0)} ms)`,
    );
  line(`daily.csv, 30 days (${sizes.daily} rows)`, t.daily, t.count30);
  line(`hourly.csv, ${DAYS} days (${sizes.hourly} rows)`, t.hourly, t.count90);
} finally {
  await store.close();
  if (!args.pglite) {
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
}
