// Where the batched writer puts its rows: the interface, and the embedded database's implementation.
import type { Report } from '../intake/report.ts';
import type { AlertTransition } from './alert-transitions.ts';
import { IsoTimes, reportRow, type ReportRow, type SeriesRow } from './report-rows.ts';
import { insertReports, upsertSeries, writeTransitions } from './row-writes.ts';
import type { SqlClient } from './sql-client.ts';
import type { TimeLayout } from './time-layout.ts';

/** The reports of one writeReports call: encoded only when sent, so handing them over costs the caller nothing. */
export interface ReportPart {
  readonly reports: readonly Report[];
  readonly late: boolean;
}

export interface WriteSink {
  /** Store the parts atomically; returns the ids that were not stored before. */
  reports(parts: readonly ReportPart[]): Promise<Set<string>>;
  series(rows: readonly SeriesRow[]): Promise<void>;
  /** Store transitions atomically; true for each one that was new. */
  transitions(transitions: readonly AlertTransition[]): Promise<boolean[]>;
  /** Report batches the sink can take at once (other kinds always go one at a time). */
  readonly parallel: number;
  close(): Promise<void>;
}

/** Row values of the parts, for multi-row inserts. */
export function partRows(parts: readonly ReportPart[]): ReportRow[] {
  const times = new IsoTimes();
  return parts.flatMap((p) => p.reports.map((r) => reportRow(r, p.late, times)));
}

/** Multi-row inserts over a SqlClient's session (PGlite: one connection, taken per batch). */
export function sessionSink(client: SqlClient, layout: TimeLayout): WriteSink {
  return {
    reports: (parts) => client.withSession((s) => insertReports(s, layout, partRows(parts))),
    series: (rows) => client.withSession((s) => upsertSeries(s, layout, rows)),
    transitions: (ts) => client.withSession((s) => writeTransitions(s, ts)),
    parallel: 1, // one connection: a second batch would only wait for it
    close: async () => undefined,
  };
}
