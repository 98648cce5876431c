// Bar: a 30-day series of one cell over 6 months of data (≈ 1M reports) answers in p95 < 100 ms at 1-hour
// buckets; 1-minute and 1-day buckets reported too. Baseline in the same run: the same 1-hour series
// counted from the raw reports table, which is what series_1m saves. PGlite figures with --pglite.
// Run: npx tsx benchmarks/store-query-latency.ts [--days 182] [--queries 40] [--pglite]
import { parseArgs } from 'node:util';
import seedrandom from 'seedrandom';
import { quantile } from 'simple-statistics';
import { progressBar } from '../engine/cli/progress-bar.ts';
import { openStore, type Store } from '../engine/store/open-store.ts';
import { benchDays } from './store-bench-data.ts';

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '182' },
    queries: { type: 'string', default: '40' },
    pglite: { type: 'boolean', default: false },
  },
});
const days = Number(args.days);
const queries = Number(args.queries);
const url = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/test';
const START = '2025-07-01';
const FIRST = Date.parse(`${START}T00:00:00+08:00`);
const DAY_MS = 86_400_000;
const CELL = { district: 'gaoxin', topic: 'property' };

/** Load the feed: reports and their minute series, day by day, through the store writer. */
async function load(store: Store, withReports: boolean): Promise<number> {
  const bar = progressBar(`loading ${store.engine}`, days, 'days');
  let n = 0;
  let done = 0;
  for (const day of benchDays(START, days)) {
    await Promise.all([
      withReports ? store.writer.writeReports(day.reports) : null,
      store.writer.writeSeries(day.series),
    ]);
    n += day.reports.length;
    bar.update(++done);
  }
  bar.stop();
  await store.sql.exec('ANALYZE');
  return n;
}

/** p50 and p95 in ms of `run` over the same random 30-day windows each time. */
async function latency(run: (from: number, to: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const rng = seedrandom('windows');
  const windows = Array.from({ length: queries }, () => FIRST + Math.floor(rng() * (days - 30)) * DAY_MS);
  for (const from of windows.slice(0, 3)) await run(from, from + 30 * DAY_MS); // warm caches
  const times: number[] = [];
  for (const from of windows) {
    const t = performance.now();
    await run(from, from + 30 * DAY_MS);
    times.push(performance.now() - t);
  }
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

const rawHourly = (store: Store) => (from: number, to: number) =>
  store.sql.query(
    `SELECT date_bin('1 hour', received_at, '2000-01-03T00:00:00+08') AS t, count(*)::int AS reports
       FROM reports WHERE district = $1 AND topic = $2 AND received_at >= $3 AND received_at < $4 ` +
      `GROUP BY 1 ORDER BY 1`,
    [CELL.district, CELL.topic, new Date(from).toISOString(), new Date(to).toISOString()],
  );

async function measure(store: Store, withBaseline: boolean) {
  const rows: Array<[string, { p50: number; p95: number }]> = [];
  for (const bucketMinutes of [1, 60, 1440]) {
    rows.push([
      `series ${bucketMinutes === 1 ? '1-minute' : bucketMinutes === 60 ? '1-hour' : '1-day'}`,
      await latency((from, to) => store.queries.series({ ...CELL, from, to, bucketMinutes })),
    ]);
  }
  if (withBaseline) rows.push(['raw reports, 1-hour (baseline)', await latency(rawHourly(store))]);
  return rows;
}

const print = (label: string, rows: Array<[string, { p50: number; p95: number }]>) => {
  console.log(label);
  for (const [name, l] of rows)
    console.log(`  ${name.padEnd(32)} p50 ${l.p50.toFixed(1).padStart(7)} ms   p95 ${l.p95.toFixed(1).padStart(7)} ms`);
};

const schema = `bench_query_${process.pid}`;
const store = await openStore({
  databaseUrl: url,
  schema,
  now: () => FIRST,
  maintainEveryMs: null,
  log: () => undefined,
  retention: { reportsDays: null },
});
let reports = 0;
try {
  reports = await load(store, true);
  const [{ n }] = await store.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM series_1m`);
  const pgRows = await measure(store, true);
  console.log(
    `data: ${reports} reports, ${n} series_1m rows over ${days} days; cell ${CELL.district}.${CELL.topic}; ` +
      `${queries} random 30-day windows per query`,
  );
  print(`PostgreSQL (${store.layout} layout):`, pgRows);
  const hourly = pgRows[1][1];
  const baseline = pgRows[3][1];
  console.log(`ratio raw-reports p95 / series p95 at 1-hour: ${(baseline.p95 / hourly.p95).toFixed(1)}× faster`);
  console.log(`bar: 1-hour p95 ${hourly.p95.toFixed(1)} ms < 100 ms ${hourly.p95 < 100 ? 'PASS' : 'FAIL'}`);
} finally {
  await store.sql.exec(`DROP SCHEMA ${schema} CASCADE`);
  await store.close();
}

if (args.pglite) {
  const embedded = await openStore({
    databaseUrl: null,
    dataDir: null,
    now: () => FIRST,
    maintainEveryMs: null,
    log: () => undefined,
    retention: { reportsDays: null },
  });
  await load(embedded, false);
  print('PGlite (worker thread, in memory; series only):', await measure(embedded, false));
  await embedded.close();
}
