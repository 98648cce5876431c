// The TimescaleDB path cannot run here (the extension is not installable), so its SQL is checked as text,
// its maintenance against a recording session, and its queries on real PostgreSQL with a time_bucket stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations } from '../engine/store/migrate.ts';
import { PartitionLayout } from '../engine/store/partition-layout.ts';
import { bucketOrigin } from '../engine/store/queries/query-context.ts';
import { createQueries } from '../engine/store/queries/store-queries.ts';
import type { SqlSession } from '../engine/store/sql-client.ts';
import { HOURLY_AGGREGATE_SQL, TimescaleLayout, timescalePolicyStatements } from '../engine/store/timescale-layout.ts';
import { DEFAULT_RETENTION, renderMigration } from '../engine/store/time-layout.ts';
import { CityClock, HOUR_MS, MINUTE_MS } from '../engine/time/event-time.ts';
import { disposeTestStore, makeReport, openTestStore } from './store-fixtures.ts';

const retention = { ...DEFAULT_RETENTION, reportsDays: 400, seriesDays: null, compressAfterDays: 3 };
const timescale = new TimescaleLayout(retention);
const [tables] = loadMigrations();

describe('migrations rendered for TimescaleDB', () => {
  it('creates plain tables and turns them into hypertables', () => {
    const sql = renderMigration(tables.sql, timescale);
    expect(sql).not.toMatch(/PARTITION BY|\{\{/);
    expect(sql).toContain(
      `SELECT create_hypertable('reports', 'received_at', chunk_time_interval => INTERVAL '7 days', ` +
        `if_not_exists => TRUE);`,
    );
    expect(sql).toContain(
      `SELECT create_hypertable('series_1m', 'bucket', chunk_time_interval => INTERVAL '30 days', ` +
        `if_not_exists => TRUE);`,
    );
  });

  it('renders the same file as range partitions with BRIN indexes for plain PostgreSQL', () => {
    const sql = renderMigration(tables.sql, new PartitionLayout(retention));
    expect(sql).toContain(') PARTITION BY RANGE (received_at);');
    expect(sql).toContain('CREATE INDEX IF NOT EXISTS reports_received_at_brin ON reports USING brin (received_at);');
    expect(sql).not.toContain('create_hypertable');
  });
});

describe('TimescaleDB policies', () => {
  it('sets compression, compression and retention policies and the hourly aggregate on a new schema', () => {
    expect(timescalePolicyStatements({ compressionEnabled: new Set(), hasHourly: false }, retention)).toEqual([
      `ALTER TABLE reports SET (timescaledb.compress, timescaledb.compress_segmentby = 'district, topic', ` +
        `timescaledb.compress_orderby = 'received_at DESC')`,
      `SELECT remove_compression_policy('reports', if_exists => TRUE)`,
      `SELECT add_compression_policy('reports', compress_after => INTERVAL '3 days')`,
      `SELECT remove_retention_policy('reports', if_exists => TRUE)`,
      `SELECT add_retention_policy('reports', drop_after => INTERVAL '400 days')`,
      `ALTER TABLE series_1m SET (timescaledb.compress, timescaledb.compress_segmentby = 'district, topic', ` +
        `timescaledb.compress_orderby = 'bucket DESC')`,
      `SELECT remove_compression_policy('series_1m', if_exists => TRUE)`,
      `SELECT add_compression_policy('series_1m', compress_after => INTERVAL '3 days')`,
      `SELECT remove_retention_policy('series_1m', if_exists => TRUE)`,
      HOURLY_AGGREGATE_SQL,
      `CREATE INDEX IF NOT EXISTS series_1h_cell ON series_1h (district, topic, bucket)`,
      `SELECT add_continuous_aggregate_policy('series_1h', start_offset => INTERVAL '7 days', ` +
        `end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '15 minutes', if_not_exists => TRUE)`,
    ]);
  });

  it('does not redo compression settings or the aggregate on a later start, but applies a changed retention', () => {
    const statements = timescalePolicyStatements(
      { compressionEnabled: new Set(['reports', 'series_1m']), hasHourly: true },
      { ...retention, seriesDays: 1095 },
    );
    expect(statements.filter((s) => s.startsWith('ALTER TABLE') || s.startsWith('CREATE'))).toEqual([]);
    expect(statements).toContain(`SELECT add_retention_policy('series_1m', drop_after => INTERVAL '1095 days')`);
  });

  it('continuous aggregate: hourly sums of series_1m, real-time, with no data at creation', () => {
    expect(HOURLY_AGGREGATE_SQL).toMatch(/WITH \(timescaledb\.continuous, timescaledb\.materialized_only = false\)/);
    expect(HOURLY_AGGREGATE_SQL).toMatch(/time_bucket\(INTERVAL '1 hour', bucket\)/);
    expect(HOURLY_AGGREGATE_SQL).toMatch(/WITH NO DATA$/);
  });

  it('maintain() reads what exists and issues the statements one at a time', async () => {
    const issued: string[] = [];
    const session: SqlSession = {
      async query<R>(sql: string) {
        if (sql.includes('timescaledb_information.hypertables'))
          return [
            { name: 'reports', enabled: true },
            { name: 'series_1m', enabled: false },
          ] as R[];
        if (sql.includes('continuous_aggregates')) return [] as R[];
        throw new Error(`unexpected query ${sql}`);
      },
      async exec(sql: string) {
        issued.push(sql);
      },
    };
    await timescale.maintain(session);
    expect(issued).toEqual(
      timescalePolicyStatements({ compressionEnabled: new Set(['reports']), hasHourly: false }, retention),
    );
    expect(issued.filter((s) => s.startsWith('ALTER TABLE'))).toHaveLength(1);
  });

  it('buckets with time_bucket and reads hourly counts from the aggregate', () => {
    expect(timescale.bucket('$1', 'bucket', '$2')).toBe('time_bucket($1::interval, bucket, $2::timestamptz)');
    expect(timescale.hourly(`'x'`, '$1', '$2')).toContain('FROM series_1h WHERE bucket >= $1 AND bucket < $2');
  });
});

describe('Timescale queries on PostgreSQL with stand-ins for time_bucket and series_1h', () => {
  let open: Awaited<ReturnType<typeof openTestStore>>;
  const t0 = Date.parse('2026-02-02T00:00:00+08:00');
  beforeAll(async () => {
    open = await openTestStore('postgres', { layout: 'plain' });
    const minutes = Array.from({ length: 500 }, (_, i) => Math.floor(t0 / MINUTE_MS) + i * 7);
    await open.store.writer.writeSeries(
      minutes.map((minute, i) => ({
        minute,
        cells: [
          { district: i % 2 ? 'gaoxin' : 'wuhou', topic: 'noise', reports: 1 + (i % 3), callers: ['a'], reportIds: [] },
        ],
      })),
    );
    await open.store.writer.writeReports([makeReport('ts-1', t0)]);
    await open.store.sql.exec(
      `
      CREATE FUNCTION time_bucket(interval, timestamptz, timestamptz) RETURNS timestamptz ` +
        `LANGUAGE sql IMMUTABLE AS 'SELECT date_bin($1, $2, $3)';
      CREATE VIEW series_1h AS SELECT date_bin('1 hour', bucket, '2000-01-03') AS bucket, district, topic, ` +
        `sum(reports) AS reports, sum(callers) AS callers
        FROM series_1m GROUP BY 1, district, topic;`,
    );
  });
  afterAll(() => disposeTestStore(open, 'postgres'));

  it('gives the same answers as the plain layout', async () => {
    const clock = new CityClock('Asia/Shanghai');
    const viaTimescale = createQueries({ db: open.store.sql, layout: timescale, clock, origin: bucketOrigin(clock) });
    for (const bucketMinutes of [1, 60, 1440]) {
      const req = { district: 'gaoxin', topic: 'noise', from: t0, to: t0 + 3 * 86_400_000, bucketMinutes };
      expect(await viaTimescale.series(req)).toEqual(await open.store.queries.series(req));
    }
    const warm = { until: t0 + 3 * 86_400_000, weeks: 1 };
    const hourly = await viaTimescale.hourlyCounts(warm);
    expect(hourly.length).toBeGreaterThan(10);
    expect(hourly).toEqual(await open.store.queries.hourlyCounts(warm));
    expect(hourly.every((h) => h.hourStart % HOUR_MS === 0)).toBe(true);
  });
});
