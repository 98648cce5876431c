// PostgreSQL sink: its own connection (reconnected after a loss), reports by COPY, falling back to
// INSERT … ON CONFLICT DO NOTHING when a batch holds ids already stored (a redelivery).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pgConfig, pgSession, toQueryError, type PgConnectOptions } from './pg-client.ts';
import { IsoTimes, REPORT_COLUMNS, copyLine, reportRow } from './report-rows.ts';
import { insertReports, upsertSeries, writeTransitions } from './row-writes.ts';
import type { SqlSession } from './sql-client.ts';
import type { TimeLayout } from './time-layout.ts';
import { partRows, type ReportPart, type WriteSink } from './write-sink.ts';

const COPY_REPORTS = `COPY reports (${REPORT_COLUMNS.join(', ')}) FROM STDIN`;
const UNIQUE_VIOLATION = '23505';
const CHUNK_BYTES = 256 * 1024;

/**
 * COPY text in chunks of about 256 KB, encoded as the connection takes them: the server parses one chunk
 * while this thread encodes the next. Lines are written straight into the chunk's bytes (no big strings).
 */
function* copyChunks(parts: readonly ReportPart[]): Generator<Buffer> {
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  const times = new IsoTimes();
  for (const { reports, late } of parts) {
    for (const r of reports) {
      const line = copyLine(reportRow(r, late, times));
      if (used + line.length * 3 > chunk.length) {
        // a UTF-16 unit takes at most 3 UTF-8 bytes
        if (used > 0) yield chunk.subarray(0, used);
        chunk = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, line.length * 3));
        used = 0;
      }
      used += chunk.write(line, used);
    }
  }
  if (used > 0) yield chunk.subarray(0, used);
}

async function copyReports(client: pg.Client, parts: readonly ReportPart[]): Promise<void> {
  try {
    await pipeline(Readable.from(copyChunks(parts)), client.query(copyFrom(COPY_REPORTS)));
  } catch (err) {
    throw toQueryError(err, COPY_REPORTS);
  }
}

/**
 * A sink on dedicated connections named `<applicationName>-writer` in pg_stat_activity: one per batch
 * in flight (the writer runs two report batches at once, so one streams while the other commits).
 */
export function pgCopySink(options: PgConnectOptions, layout: TimeLayout): WriteSink {
  const idle: pg.Client[] = [];

  const drop = (client: pg.Client) => {
    const at = idle.indexOf(client);
    if (at >= 0) idle.splice(at, 1);
    client.end().catch(() => undefined);
  };
  async function connect(): Promise<pg.Client> {
    const client = new pg.Client(pgConfig(options, 'writer'));
    client.on('error', () => drop(client)); // lost while idle: the next batch opens a new one
    try {
      await client.connect();
    } catch (err) {
      drop(client);
      throw toQueryError(err, 'connect');
    }
    return client;
  }
  /** Run fn on an idle connection (or a new one); any failure discards it, so the retry starts afresh. */
  async function using<T>(fn: (client: pg.Client, session: SqlSession) => Promise<T>): Promise<T> {
    const client = idle.pop() ?? (await connect());
    try {
      const result = await fn(client, pgSession(client));
      idle.push(client);
      return result;
    } catch (err) {
      drop(client);
      throw err;
    }
  }

  return {
    reports: (parts) =>
      using(async (client, session) => {
        await layout.ensureRoom(
          session,
          'reports',
          parts.flatMap((p) => p.reports.map((r) => r.t)),
        );
        try {
          await copyReports(client, parts);
          return new Set(parts.flatMap((p) => p.reports.map((r) => r.id)));
        } catch (err) {
          if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
          return insertReports(session, layout, partRows(parts));
        }
      }),
    series: (rows) => using((_c, session) => upsertSeries(session, layout, rows)),
    transitions: (ts) => using((_c, session) => writeTransitions(session, ts)),
    parallel: 2,
    async close() {
      await Promise.all(idle.splice(0).map((c) => c.end().catch(() => undefined)));
    },
  };
}
