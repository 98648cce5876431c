// PostgreSQL sink: its own connection (reconnected after a loss), reports by COPY, falling back to
// INSERT … ON CONFLICT DO NOTHING when a batch holds ids already stored (a redelivery).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pgConfig, pgSession, toQueryError, type PgConnectOptions } from './pg-client.ts';
import { REPORT_COLUMNS, copyLine, type ReportRow } from './report-rows.ts';
import { insertReports, upsertSeries, writeTransitions } from './row-writes.ts';
import type { SqlSession } from './sql-client.ts';
import type { TimeLayout } from './time-layout.ts';
import type { WriteSink } from './write-sink.ts';

const COPY_REPORTS = `COPY reports (${REPORT_COLUMNS.join(', ')}) FROM STDIN`;
const UNIQUE_VIOLATION = '23505';
const CHUNK_CHARS = 256 * 1024;

function* copyChunks(rows: readonly ReportRow[]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += copyLine(row);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function copyReports(client: pg.Client, rows: readonly ReportRow[]): Promise<void> {
  try {
    await pipeline(Readable.from(copyChunks(rows)), client.query(copyFrom(COPY_REPORTS)));
  } catch (err) {
    throw toQueryError(err, COPY_REPORTS);
  }
}

/** A sink on a dedicated connection named `<applicationName>-writer` in pg_stat_activity. */
export function pgCopySink(options: PgConnectOptions, layout: TimeLayout): WriteSink {
  let current: pg.Client | null = null;

  const drop = (client: pg.Client) => {
    if (current === client) current = null;
    client.end().catch(() => undefined);
  };
  async function connection(): Promise<pg.Client> {
    if (current) return current;
    const client = new pg.Client(pgConfig(options, 'writer'));
    client.on('error', () => drop(client)); // lost while idle: reconnect on next use
    try {
      await client.connect();
    } catch (err) {
      drop(client);
      throw toQueryError(err, 'connect');
    }
    return (current = client);
  }
  /** Run fn on the connection; any failure discards it, so the retry starts on a fresh one. */
  async function using<T>(fn: (client: pg.Client, session: SqlSession) => Promise<T>): Promise<T> {
    const client = await connection();
    try {
      return await fn(client, pgSession(client));
    } catch (err) {
      drop(client);
      throw err;
    }
  }

  return {
    reports: (rows) =>
      using(async (client, session) => {
        if (rows.length === 0) return new Set<string>();
        await layout.ensureRoom(session, 'reports', rows.map((r) => Date.parse(r[1])));
        try {
          await copyReports(client, rows);
          return new Set(rows.map((r) => r[0]));
        } catch (err) {
          if ((err as { code?: string }).code !== UNIQUE_VIOLATION) throw err;
          return insertReports(session, layout, rows);
        }
      }),
    series: (rows) => using((_c, session) => upsertSeries(session, layout, rows)),
    transitions: (ts) => using((_c, session) => writeTransitions(session, ts)),
    async close() {
      if (current) await current.end().catch(() => undefined);
      current = null;
    },
  };
}
