// Plain PostgreSQL layout: monthly range partitions (UTC months) made ahead by the application, BRIN on time.
import { DAY_MS } from '../time/event-time.ts';
import { inTransaction, quoteIdent, type SqlSession } from './sql-client.ts';
import {
  TIME_TABLES,
  hourlyFromMinutes,
  type RetentionOptions,
  type TimeLayout,
  type TimeTable,
} from './time-layout.ts';

/** Months since year 0: 2026-01 → 2026*12 + 0. */
export const monthIndex = (t: number): number => {
  const d = new Date(t);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

const monthStart = (m: number): string =>
  `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01 00:00:00+00`;
const monthStartMs = (m: number): number => Date.UTC(Math.floor(m / 12), m % 12, 1);

/** Partition name of a table for a month: reports_p202601. */
export const partitionName = (table: TimeTable, m: number): string =>
  `${table}_p${Math.floor(m / 12)}${String((m % 12) + 1).padStart(2, '0')}`;

/** The month a partition holds, or null when the name is not one of ours. */
export function partitionMonth(table: TimeTable, name: string): number | null {
  const match = new RegExp(`^${table}_p(\\d{4})(\\d{2})$`).exec(name);
  return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : null;
}

/** CREATE statement for one month's partition, safe to repeat. */
export const createPartitionSql = (table: TimeTable, m: number): string =>
  `CREATE TABLE IF NOT EXISTS ${quoteIdent(partitionName(table, m))} PARTITION OF ${table} FOR VALUES FROM ('` +
  `${monthStart(m)}') TO ('${monthStart(m + 1)}')`;

/** Months whose partitions lie wholly before now − days (null days: none). */
export function expiredMonths(months: readonly number[], now: number, days: number | null): number[] {
  if (days === null) return [];
  const cutoff = monthIndex(now - days * DAY_MS); // partitions before the cutoff's month end before the cutoff
  return months.filter((m) => m < cutoff);
}

const LIST_PARTITIONS = `
  SELECT c.relname AS name FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace n ON n.oid = p.relnamespace
   WHERE n.nspname = current_schema() AND p.relname = $1`;

export class PartitionLayout implements TimeLayout {
  readonly kind = 'plain' as const;
  private readonly known = new Set<string>();

  constructor(private readonly retention: RetentionOptions) {}

  partitionBy(column: string): string {
    return `PARTITION BY RANGE (${column})`;
  }

  timeIndex(table: TimeTable, column: string): string {
    return `CREATE INDEX IF NOT EXISTS ${table}_${column}_brin ON ${table} USING brin (${column})`;
  }

  bucket(stride: string, column: string, origin: string): string {
    return `date_bin(${stride}::interval, ${column}, ${origin}::timestamptz)`;
  }

  hourly(origin: string, from: string, to: string): string {
    return hourlyFromMinutes(this, origin, from, to);
  }

  async ensureRoom(session: SqlSession, table: TimeTable, times: readonly number[]): Promise<void> {
    const missing = new Set<number>();
    let [from, to] = [0, 0]; // the month of the previous time: batches are mostly one month
    for (const t of times) {
      if (t >= from && t < to) continue;
      const m = monthIndex(t);
      [from, to] = [monthStartMs(m), monthStartMs(m + 1)];
      if (!this.known.has(partitionName(table, m))) missing.add(m);
    }
    if (missing.size === 0) return;
    const months = [...missing];
    await inTransaction(session, async (tx) => {
      // Several processes may reach a new month together; one creates, the others find it there.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.partitions'))`);
      for (const m of months) await tx.exec(createPartitionSql(table, m));
    });
    for (const m of months) this.known.add(partitionName(table, m));
  }

  async maintain(session: SqlSession, now: number): Promise<string[]> {
    const done: string[] = [];
    const current = monthIndex(now);
    for (const table of Object.keys(TIME_TABLES) as TimeTable[]) {
      const ahead = Array.from({ length: this.retention.partitionsAhead + 1 }, (_, i) => current + i);
      await this.ensureRoom(session, table, ahead.map(monthStartMs));
      const days = table === 'reports' ? this.retention.reportsDays : this.retention.seriesDays;
      const rows = await session.query<{ name: string }>(LIST_PARTITIONS, [table]);
      const months = rows.map((r) => partitionMonth(table, r.name)).filter((m): m is number => m !== null);
      for (const m of expiredMonths(months, now, days)) {
        await session.exec(`DROP TABLE IF EXISTS ${quoteIdent(partitionName(table, m))}`);
        this.known.delete(partitionName(table, m));
        done.push(`dropped ${partitionName(table, m)} (older than ${days} days)`);
      }
    }
    return done;
  }
}
