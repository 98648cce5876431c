// Bar: the store writer puts reports into PostgreSQL at ≥ 0.7× the rate of `psql \copy` loading the same
// rows into the same table in the same run; also reports the embedded database's (PGlite) rate.
// Run: npx tsx benchmarks/store-writer-throughput.ts [--days 40] [--runs 5] [--pglite-rows 50000]
// Needs DATABASE_URL (default postgres://root@127.0.0.1:5432/test) and psql on PATH.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { median } from 'simple-statistics';
import type { Report } from '../engine/intake/report.ts';
import { openStore, type Store } from '../engine/store/open-store.ts';
import { REPORT_COLUMNS, copyLine, reportRow } from '../engine/store/report-rows.ts';
import { benchDays } from './store-bench-data.ts';

const { values: args } = parseArgs({
  options: {
    days: { type: 'string', default: '40' },
    runs: { type: 'string', default: '5' },
    'pglite-rows': { type: 'string', default: '50000' },
  },
});
const url = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/test';
const START = '2026-01-02'; // local midnight is 2026-01-01T16:00Z: inside January's partition
const NOW = Date.parse('2026-01-15T00:00:00Z'); // partitions for January–March exist before timing starts
const CALL = 1000; // reports per writeReports call, like a consumer's pull batch
const IN_FLIGHT = 16; // calls awaiting their acks at once: a consumer with max_ack_pending 16 000

const reports: Report[] = [];
for (const day of benchDays(START, Number(args.days))) reports.push(...day.reports);
const dir = join('artifacts', 'store-bench');
mkdirSync(dir, { recursive: true });
const copyFile = join(dir, 'reports.copy');
writeFileSync(copyFile, reports.map((r) => copyLine(reportRow(r, false))).join(''));

const admin = async (sql: string) => {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(sql).finally(() => c.end());
};
const freshStore = (schema: string, databaseUrl: string | null = url): Promise<Store> =>
  openStore({ databaseUrl, dataDir: null, schema, now: () => NOW, maintainEveryMs: null, log: () => undefined });

/** Baseline: psql's \copy of the pre-encoded rows into a freshly migrated schema. */
async function psqlCopy(schema: string): Promise<number> {
  await (await freshStore(schema)).close();
  const t = performance.now();
  const r = spawnSync(
    'psql',
    [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy reports (${REPORT_COLUMNS.join(', ')}) from '${copyFile}'`],
    {
      env: { ...process.env, PGOPTIONS: `-c search_path=${schema},public` },
      encoding: 'utf8',
    },
  );
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`psql failed: ${r.stderr}`);
  return reports.length / seconds;
}

/** The writer as the engine uses it: calls of 1000 reports, several awaiting their acknowledgement at once. */
async function writerRate(store: Store, rows: readonly Report[]): Promise<number> {
  const t = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < rows.length; i += CALL) {
    const p = store.writer.writeReports(rows.slice(i, i + CALL)).then((r) => {
      if (r.written !== Math.min(CALL, rows.length - i))
        throw new Error(`expected every report written, got ${JSON.stringify(r)}`);
      inFlight.delete(p);
    });
    inFlight.add(p);
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return rows.length / ((performance.now() - t) / 1000);
}

/** One pair of measurements, alternating which goes first so neither always meets a warmer cache. */
async function pair(run: number): Promise<{ psql: number; writer: number }> {
  const a = `bench_copy_${process.pid}_${run}`;
  const b = `bench_writer_${process.pid}_${run}`;
  const measureWriter = async () => {
    const store = await freshStore(b);
    const rate = await writerRate(store, reports);
    await store.close();
    await admin(`DROP SCHEMA ${b} CASCADE`);
    return rate;
  };
  const measurePsql = async () => {
    const rate = await psqlCopy(a);
    await admin(`DROP SCHEMA ${a} CASCADE`);
    return rate;
  };
  if (run % 2 === 0) {
    const psql = await measurePsql();
    return { psql, writer: await measureWriter() };
  }
  const writer = await measureWriter();
  return { psql: await measurePsql(), writer };
}

const runs: Array<{ psql: number; writer: number }> = [];
for (let run = 0; run < Number(args.runs); run++) {
  runs.push(await pair(run));
  const { psql, writer } = runs[run];
  process.stderr.write(
    `run ${run + 1}: psql \\copy ${Math.round(psql)} rows/s, writer ${Math.round(writer)} rows/s, ratio ` +
      `${(writer / psql).toFixed(2)}\n`,
  );
}

const pgliteRows = reports.slice(0, Number(args['pglite-rows']));
const embedded = await freshStore('lizheng', null);
const pgliteRate = await writerRate(embedded, pgliteRows);
await embedded.close();

// Other work on the machine swings both rates between runs; each pair shares its moment, so the
// median of the pairs' ratios is the figure, with the best rates shown for scale.
const ratio = median(runs.map((r) => r.writer / r.psql));
const psqlBest = Math.max(...runs.map((r) => r.psql));
const writerBest = Math.max(...runs.map((r) => r.writer));
console.log(
  `rows: ${reports.length} reports (${args.days} days of the Chengdu feed), table with primary key, BRIN and partial ` +
    `index, monthly partitions`,
);
console.log(`psql \\copy (baseline): ${Math.round(psqlBest)} rows/s (best run)`);
console.log(
  `store writer (COPY):    ${Math.round(writerBest)} rows/s (best run; calls of ${CALL}, ${IN_FLIGHT} in flight)`,
);
console.log(
  `PGlite writer:          ${Math.round(pgliteRate)} rows/s (${pgliteRows.length} rows, in memory, worker thread)`,
);
console.log(
  `ratio writer/psql: ${ratio.toFixed(2)} (median of ${runs.length} paired runs; bar ≥ 0.7) ` +
    `${ratio >= 0.7 ? 'PASS' : 'FAIL'}`,
);
