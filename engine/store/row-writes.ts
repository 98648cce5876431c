// Multi-row writes through unnest() arrays: the embedded database's only path, and PostgreSQL's fallback from COPY.
import type { AlertTransition } from './alert-transitions.ts';
import { applyTransitions } from './alert-transitions.ts';
import { REPORT_COLUMNS, type ReportRow, type SeriesRow } from './report-rows.ts';
import { inTransaction, type SqlSession } from './sql-client.ts';
import type { TimeLayout } from './time-layout.ts';

const REPORT_TYPES = [
  'text',
  'timestamptz',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'jsonb',
  'boolean',
  'jsonb',
];

const INSERT_REPORTS = `
  INSERT INTO reports (${REPORT_COLUMNS.join(', ')})
  SELECT * FROM unnest(${REPORT_TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
  ON CONFLICT DO NOTHING RETURNING id`;

const UPSERT_SERIES = `
  INSERT INTO series_1m (bucket, district, topic, reports, callers)
  SELECT * FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::integer[], $5::integer[])
  ON CONFLICT (bucket, district, topic) DO UPDATE SET reports = EXCLUDED.reports, callers = EXCLUDED.callers`;

const columns = <T extends unknown[]>(rows: readonly T[], width: number): unknown[][] =>
  Array.from({ length: width }, (_, c) => rows.map((r) => r[c]));

/** Insert reports, skipping ids already stored; returns the ids that are new. */
export async function insertReports(
  session: SqlSession,
  layout: TimeLayout,
  rows: readonly ReportRow[],
): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  await layout.ensureRoom(
    session,
    'reports',
    rows.map((r) => Date.parse(r[1])),
  );
  const inserted = await session.query<{ id: string }>(INSERT_REPORTS, columns(rows, REPORT_COLUMNS.length));
  return new Set(inserted.map((r) => r.id));
}

/** Upsert closed minutes: a minute written again (replay, redelivery) replaces its earlier counts. */
export async function upsertSeries(session: SqlSession, layout: TimeLayout, rows: readonly SeriesRow[]): Promise<void> {
  if (rows.length === 0) return;
  // One statement may not touch a row twice: keep the last value of each (bucket, district, topic).
  const last = new Map(rows.map((r) => [`${r.bucket}|${r.district}|${r.topic}`, r]));
  const unique = [...last.values()];
  await layout.ensureRoom(
    session,
    'series_1m',
    unique.map((r) => Date.parse(r.bucket)),
  );
  await session.query(UPSERT_SERIES, [
    unique.map((r) => r.bucket),
    unique.map((r) => r.district),
    unique.map((r) => r.topic),
    unique.map((r) => r.reports),
    unique.map((r) => r.callers),
  ]);
}

/** Store alert transitions atomically; true for each one that was new. */
export function writeTransitions(session: SqlSession, transitions: readonly AlertTransition[]): Promise<boolean[]> {
  return inTransaction(session, (tx) => applyTransitions(tx, transitions));
}
