// TimescaleDB layout: hypertables, compression and retention policies, an hourly continuous aggregate.
// The statements are built by pure functions so they can be checked without the extension installed.
import type { SqlSession } from './sql-client.ts';
import { TIME_TABLES, type RetentionOptions, type TimeLayout, type TimeTable } from './time-layout.ts';

const CHUNK_INTERVAL: Record<TimeTable, string> = { reports: '7 days', series_1m: '30 days' };

/** What already exists, so repeated start-ups do not redo work that TimescaleDB refuses to redo. */
export interface TimescaleState {
  readonly compressionEnabled: ReadonlySet<string>;
  readonly hasHourly: boolean;
}

/** Statement turning a freshly created table into a hypertable. */
export const hypertableSql = (table: TimeTable, column: string): string =>
  `SELECT create_hypertable('${table}', '${column}', chunk_time_interval => INTERVAL '${CHUNK_INTERVAL[table]}', ` +
  `if_not_exists => TRUE)`;

/** The hourly continuous aggregate over series_1m (callers = sum of per-minute distinct callers). */
export const HOURLY_AGGREGATE_SQL = `CREATE MATERIALIZED VIEW IF NOT EXISTS series_1h
  WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS
  SELECT time_bucket(INTERVAL '1 hour', bucket) AS bucket, district, topic,
         sum(reports) AS reports, sum(callers) AS callers
    FROM series_1m
   GROUP BY time_bucket(INTERVAL '1 hour', bucket), district, topic
  WITH NO DATA`;

function retentionDays(table: TimeTable, retention: RetentionOptions): number | null {
  return table === 'reports' ? retention.reportsDays : retention.seriesDays;
}

/**
 * Policy statements for the current configuration. Policies are removed and added again so a changed
 * setting takes effect; compression settings are only set once (TimescaleDB refuses to change them
 * while compressed chunks exist).
 */
export function timescalePolicyStatements(state: TimescaleState, retention: RetentionOptions): string[] {
  const out: string[] = [];
  for (const [table, column] of Object.entries(TIME_TABLES) as Array<[TimeTable, string]>) {
    if (!state.compressionEnabled.has(table)) {
      out.push(
        `ALTER TABLE ${table} SET (timescaledb.compress, timescaledb.compress_segmentby = 'district, topic', ` +
          `timescaledb.compress_orderby = '${column} DESC')`,
      );
    }
    out.push(`SELECT remove_compression_policy('${table}', if_exists => TRUE)`);
    out.push(
      `SELECT add_compression_policy('${table}', compress_after => INTERVAL '${retention.compressAfterDays} days')`,
    );
    out.push(`SELECT remove_retention_policy('${table}', if_exists => TRUE)`);
    const days = retentionDays(table, retention);
    if (days !== null) out.push(`SELECT add_retention_policy('${table}', drop_after => INTERVAL '${days} days')`);
  }
  if (!state.hasHourly) {
    out.push(HOURLY_AGGREGATE_SQL);
    out.push(`CREATE INDEX IF NOT EXISTS series_1h_cell ON series_1h (district, topic, bucket)`);
  }
  out.push(
    `SELECT add_continuous_aggregate_policy('series_1h', start_offset => INTERVAL '7 days', ` +
      `end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '15 minutes', if_not_exists => TRUE)`,
  );
  return out;
}

export class TimescaleLayout implements TimeLayout {
  readonly kind = 'timescale' as const;

  constructor(private readonly retention: RetentionOptions) {}

  partitionBy(): string {
    return '';
  }

  timeIndex(table: TimeTable, column: string): string {
    return hypertableSql(table, column);
  }

  bucket(stride: string, column: string, origin: string): string {
    return `time_bucket(${stride}::interval, ${column}, ${origin}::timestamptz)`;
  }

  /**
   * Reads the continuous aggregate; its buckets are whole UTC hours, as the city's are when its offset is whole hours.
   */
  hourly(_origin: string, from: string, to: string): string {
    return (
      `(SELECT bucket, district, topic, reports, callers FROM series_1h WHERE bucket >= ${from} AND bucket < ` +
      `${to}) AS hourly`
    );
  }

  async ensureRoom(): Promise<void> {
    // Hypertables create their chunks as rows arrive.
  }

  async maintain(session: SqlSession): Promise<string[]> {
    const hypertables = await session.query<{ name: string; enabled: boolean }>(
      `SELECT hypertable_name AS name, compression_enabled AS enabled FROM timescaledb_information.hypertables WHERE ` +
        `hypertable_schema = current_schema()`,
    );
    const views = await session.query(
      `SELECT 1 FROM timescaledb_information.continuous_aggregates WHERE view_schema = current_schema() AND ` +
        `view_name = 'series_1h'`,
    );
    const state = {
      compressionEnabled: new Set(hypertables.filter((h) => h.enabled).map((h) => h.name)),
      hasHourly: views.length > 0,
    };
    const statements = timescalePolicyStatements(state, this.retention);
    // One by one and outside a transaction: TimescaleDB refuses continuous aggregates inside one.
    for (const sql of statements) await session.exec(sql);
    return [
      `timescaledb policies set: compress after ${this.retention.compressAfterDays} d, reports kept ` +
        `${this.retention.reportsDays ?? '∞'} d, series kept ${this.retention.seriesDays ?? '∞'} d`,
    ];
  }
}
