// Where the batched writer puts its rows: the interface, and the embedded database's implementation.
import type { AlertTransition } from './alert-transitions.ts';
import type { ReportRow, SeriesRow } from './report-rows.ts';
import { insertReports, upsertSeries, writeTransitions } from './row-writes.ts';
import type { SqlClient } from './sql-client.ts';
import type { TimeLayout } from './time-layout.ts';

export interface WriteSink {
  /** Store report rows atomically; returns the ids that were not stored before. */
  reports(rows: readonly ReportRow[]): Promise<Set<string>>;
  series(rows: readonly SeriesRow[]): Promise<void>;
  /** Store transitions atomically; true for each one that was new. */
  transitions(transitions: readonly AlertTransition[]): Promise<boolean[]>;
  close(): Promise<void>;
}

/** Multi-row inserts over a SqlClient's session (PGlite: one connection, taken per batch). */
export function sessionSink(client: SqlClient, layout: TimeLayout): WriteSink {
  return {
    reports: (rows) => client.withSession((s) => insertReports(s, layout, rows)),
    series: (rows) => client.withSession((s) => upsertSeries(s, layout, rows)),
    transitions: (ts) => client.withSession((s) => writeTransitions(s, ts)),
    close: async () => undefined,
  };
}
