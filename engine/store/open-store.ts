// Opens the store: PostgreSQL when DATABASE_URL is set, else embedded PGlite in ./data/pg; migrates,
// picks the time layout, and hands back the writer, the queries and the report archive.
import { UsageError } from '../errors.ts';
import { CityClock, DAY_MS } from '../time/event-time.ts';
import { BatchedWriter } from './batched-writer.ts';
import type { StoreWriter, WriterOptions } from './store-writer.ts';
import { dailyReportArchive, type DailyReportArchive } from './daily-report-archive.ts';
import { detectLayout, type LayoutChoice, type TimescaleProbe } from './detect-layout.ts';
import { applyMigrations, withMigrationLock } from './migrate.ts';
import { PartitionLayout } from './partition-layout.ts';
import { pgCopySink } from './pg-copy-sink.ts';
import { openPgClient, type PgConnectOptions } from './pg-client.ts';
import { openPgliteClient } from './pglite-client.ts';
import { bucketOrigin } from './queries/query-context.ts';
import { createQueries, type StoreQueries } from './queries/store-queries.ts';
import type { SqlClient, SqlSession } from './sql-client.ts';
import { forgetRawTexts, redactStoredTexts } from './raw-text-retention.ts';
import { TimescaleLayout } from './timescale-layout.ts';
import { DEFAULT_RETENTION, type LayoutKind, type RetentionOptions, type TimeLayout } from './time-layout.ts';
import { sessionSink } from './write-sink.ts';

export interface StoreOptions {
  /** PostgreSQL URL; undefined reads DATABASE_URL, null forces the embedded database. */
  readonly databaseUrl?: string | null;
  /** Embedded database directory (default ./data/pg); null keeps it in memory. */
  readonly dataDir?: string | null;
  /** Schema holding the tables (default lizheng). */
  readonly schema?: string;
  /** City time zone for days and bucket origins (default Asia/Shanghai). */
  readonly timezone?: string;
  /** auto: TimescaleDB when the extension loads, else plain partitioning. */
  readonly layout?: LayoutChoice;
  readonly retention?: Partial<RetentionOptions>;
  readonly writer?: WriterOptions;
  /** Prefix of the connections' application_name (default lizheng). */
  readonly applicationName?: string;
  /**
   * Partition and policy upkeep interval (default hourly); null runs it at start-up only, and then without emptying
   * raw texts (that is the upkeeping process's, with its own retention age).
   */
  readonly maintainEveryMs?: number | null;
  /** Where the store says what it is doing (default stderr). */
  readonly log?: (line: string) => void;
  /** Wall clock for upkeep (partitions ahead, retention); tests move it. */
  readonly now?: () => number;
  /** Statements that probe for TimescaleDB; tests replace them to simulate an extension that fails to load. */
  readonly timescaleProbe?: TimescaleProbe;
}

export interface Store {
  readonly engine: SqlClient['engine'];
  readonly layout: LayoutKind;
  readonly describe: string;
  readonly writer: StoreWriter;
  readonly queries: StoreQueries;
  readonly archive: DailyReportArchive;
  /** Direct SQL on the store's schema, for tools and tests. */
  readonly sql: SqlClient;
  /** Create partitions ahead, drop expired ones, refresh policies; returns what it did. */
  maintain(): Promise<string[]>;
  /** Write what is queued, then release connections (and the embedded database's worker). */
  close(): Promise<void>;
}

/** How far back the hourly upkeep looks for raw texts to forget; start-up looks at everything. */
const FORGET_WINDOW_MS = 40 * DAY_MS;

/**
 * The layout's upkeep, then privacy's: rows without a redacted text get one, and raw texts past their age are
 * emptied (engine/store/raw-text-retention.ts).
 */
function upkeepOf(layout: TimeLayout, retention: RetentionOptions, forgets: boolean) {
  return async (session: SqlSession, at: number, everything: boolean): Promise<string[]> => {
    const done = await layout.maintain(session, at);
    if (!forgets) return done;
    const redacted = await redactStoredTexts(session);
    if (redacted > 0) done.push(`redacted the texts of ${redacted} reports stored without one`);
    if (retention.rawTextDays !== null) {
      const before = at - retention.rawTextDays * DAY_MS;
      const forgotten = await forgetRawTexts(session, before, everything ? -Infinity : before - FORGET_WINDOW_MS);
      if (forgotten > 0)
        done.push(`emptied the raw texts of ${forgotten} reports older than ${retention.rawTextDays} days`);
    }
    return done;
  };
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Open the store; see StoreOptions for the defaults. */
export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const schema = options.schema ?? 'lizheng';
  if (!SCHEMA_NAME.test(schema))
    throw new UsageError(`schema: ${JSON.stringify(schema)} is not a plain lower-case SQL name`);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? Date.now;
  const retention = { ...DEFAULT_RETENTION, ...options.retention };
  // Raw texts are redacted and forgotten by the process that keeps the store (the engine, hourly) and by `lizheng
  // retention`: a gateway or a report opening the store with default options must not apply an age the operator
  // changed, and a dry run writes nothing.
  const forgets = options.maintainEveryMs !== null;
  const url = options.databaseUrl === undefined ? process.env.DATABASE_URL || null : options.databaseUrl;
  const pgOptions: PgConnectOptions | null = url
    ? { url, schema, applicationName: options.applicationName ?? 'lizheng' }
    : null;
  const client = pgOptions
    ? await openPgClient(pgOptions, log)
    : await openPgliteClient({ dataDir: options.dataDir === undefined ? './data/pg' : options.dataDir, schema });

  let layout: TimeLayout;
  try {
    layout = await client.withSession((session) =>
      withMigrationLock(session, schema, async () => {
        const { kind, reason, warning } = await detectLayout(
          session,
          client.engine,
          options.layout ?? 'auto',
          (fn) => client.withSession(fn),
          options.timescaleProbe,
        );
        if (warning) log(warning);
        const chosen = kind === 'timescale' ? new TimescaleLayout(retention) : new PartitionLayout(retention);
        const applied = await applyMigrations(session, chosen);
        const upkeep = await upkeepOf(chosen, retention, forgets)(session, now(), true);
        log(
          `store: ${client.describe}; ` +
            `${kind === 'timescale' ? 'TimescaleDB hypertables' : 'monthly partitions'} (${reason})` +
            `${applied.length ? `; migrated ${applied.join(', ')}` : ''}` +
            `${upkeep.length ? `; ${upkeep.join('; ')}` : ''}`,
        );
        return chosen;
      }),
    );
  } catch (err) {
    await client.close();
    throw err;
  }

  const sink = pgOptions ? pgCopySink(pgOptions, layout) : sessionSink(client, layout);
  const writer = new BatchedWriter(sink, options.writer, log);
  const clock = new CityClock(options.timezone ?? 'Asia/Shanghai');
  const upkeep = upkeepOf(layout, retention, forgets);
  const maintain = () => client.withSession((s) => withMigrationLock(s, schema, () => upkeep(s, now(), false)));
  const everyMs = options.maintainEveryMs === undefined ? 3_600_000 : options.maintainEveryMs;
  const timer = everyMs
    ? setInterval(
        () =>
          maintain().then(
            (done) => done.forEach(log),
            (err: Error) => log(`store: upkeep failed: ${err.message}`),
          ),
        everyMs,
      )
    : null;
  timer?.unref();

  return {
    engine: client.engine,
    layout: layout.kind,
    describe: client.describe,
    writer,
    queries: createQueries({ db: client, layout, clock, origin: bucketOrigin(clock) }),
    archive: dailyReportArchive(client),
    sql: client,
    maintain,
    async close() {
      if (timer) clearInterval(timer);
      try {
        await writer.close();
      } finally {
        await client.close();
      }
    },
  };
}
