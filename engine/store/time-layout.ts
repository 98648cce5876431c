// How the time-series tables are laid out: TimescaleDB hypertables, or native monthly partitions.
// Migrations carry {{tokens}} at the two places the layouts differ; everything else is shared SQL.
import type { SqlSession } from './sql-client.ts';

export type LayoutKind = 'timescale' | 'plain';

/** The time-partitioned tables and their time column. */
export const TIME_TABLES = { reports: 'received_at', series_1m: 'bucket' } as const;
export type TimeTable = keyof typeof TIME_TABLES;

export interface RetentionOptions {
  /**
   * Empty the raw text, raw payload and street address of reports older than this many days (the row stays, with its
   * redacted text and hashed caller, for the aggregates); null keeps them forever.
   */
  readonly rawTextDays: number | null;
  /** Drop whole report rows older than this many days; null (the default) keeps them for the aggregates. */
  readonly reportsDays: number | null;
  /** Drop minute series older than this many days; null keeps them forever. */
  readonly seriesDays: number | null;
  /** TimescaleDB: compress chunks older than this many days. */
  readonly compressAfterDays: number;
  /** Plain PostgreSQL: months of partitions created ahead of the current one. */
  readonly partitionsAhead: number;
}

export const DEFAULT_RETENTION: RetentionOptions = {
  rawTextDays: 730,
  reportsDays: null,
  seriesDays: null,
  compressAfterDays: 7,
  partitionsAhead: 2,
};

export interface TimeLayout {
  readonly kind: LayoutKind;
  /** `PARTITION BY …` clause (or nothing) after a time table's column list. */
  partitionBy(column: string): string;
  /** Statement that makes `table` time-organised once created: BRIN index, or hypertable. */
  timeIndex(table: TimeTable, column: string): string;
  /** SQL expression putting `column` into `stride` buckets counted from `origin` (SQL expressions). */
  bucket(stride: string, column: string, origin: string): string;
  /** A FROM-clause source of hourly cell rows (bucket, district, topic, reports, callers) in [from, to). */
  hourly(origin: string, from: string, to: string): string;
  /** Idempotent start-up and periodic work; returns what it did, for the log. */
  maintain(session: SqlSession, now: number): Promise<string[]>;
  /** Make sure rows of `table` at these epoch-ms times have somewhere to go. */
  ensureRoom(session: SqlSession, table: TimeTable, times: readonly number[]): Promise<void>;
}

const TOKEN = /\{\{(\w+)\s+([^}]*)\}\}/g;

/** Replace a migration's layout tokens: {{PARTITION_BY_TIME col}} and {{TIME_INDEX table col}}. */
export function renderMigration(sql: string, layout: TimeLayout): string {
  return sql.replace(TOKEN, (whole, name: string, args: string) => {
    const [a, b] = args.trim().split(/\s+/);
    if (name === 'PARTITION_BY_TIME') return layout.partitionBy(a);
    if (name === 'TIME_INDEX' && a in TIME_TABLES) return layout.timeIndex(a as TimeTable, b);
    throw new Error(`unknown migration token ${whole}`);
  });
}

/** Hourly rows computed from series_1m with a bucket function (no materialised view); from/to must be whole hours. */
export function hourlyFromMinutes(
  layout: Pick<TimeLayout, 'bucket'>,
  origin: string,
  from: string,
  to: string,
): string {
  return (
    `(SELECT ${layout.bucket(`'1 hour'`, 'bucket', origin)} AS bucket, district, topic, ` +
    `sum(reports) AS reports, sum(callers) AS callers
     FROM series_1m WHERE bucket >= ${from} AND bucket < ${to} GROUP BY 1, district, topic) AS hourly`
  );
}
