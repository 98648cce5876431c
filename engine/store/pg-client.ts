// SqlClient over node-postgres: a pool for queries, and dedicated connections for the writer and migrations.
import pg from 'pg';
import type { SqlClient, SqlSession } from './sql-client.ts';
import { StoreQueryError } from './store-errors.ts';

export interface PgConnectOptions {
  readonly url: string;
  /** Schema searched first; `public` stays on the path for extensions such as timescaledb. */
  readonly schema: string;
  /** Shown in pg_stat_activity; the writer appends `-writer`. */
  readonly applicationName: string;
  readonly poolSize?: number;
}

/** Client configuration shared by the pool and the dedicated connections. */
export function pgConfig(options: PgConnectOptions, role: string): pg.ClientConfig {
  return {
    connectionString: options.url,
    application_name: `${options.applicationName}-${role}`,
    options: `-c search_path=${options.schema},public`,
  };
}

/** Wrap a driver error so it names the SQL state and keeps the original as cause. */
export function toQueryError(err: unknown, sql: string): StoreQueryError {
  if (err instanceof StoreQueryError) return err;
  const e = err as { message?: string; code?: string };
  const head = sql.replace(/\s+/g, ' ').trim().slice(0, 80);
  return new StoreQueryError(
    `${e.message ?? String(err)} — in: ${head}`,
    typeof e.code === 'string' ? e.code : undefined,
    { cause: err },
  );
}

/** A session over one pg client (pooled or dedicated). */
export function pgSession(client: pg.ClientBase | pg.Pool): SqlSession {
  return {
    async query<R>(sql: string, params?: readonly unknown[]) {
      try {
        return (await client.query(sql, params as unknown[] | undefined)).rows as R[];
      } catch (err) {
        throw toQueryError(err, sql);
      }
    },
    async exec(sql: string) {
      try {
        await client.query(sql);
      } catch (err) {
        throw toQueryError(err, sql);
      }
    },
  };
}

/** Open a pooled client and check that the server answers. */
export async function openPgClient(options: PgConnectOptions, log: (line: string) => void): Promise<SqlClient> {
  const pool = new pg.Pool({ ...pgConfig(options, 'query'), max: options.poolSize ?? 4 });
  // An idle client whose server went away must not crash the process; the pool drops it.
  pool.on('error', (err) => log(`store: idle PostgreSQL connection lost (${err.message})`));
  const url = new URL(options.url);
  const session = pgSession(pool);
  await session.query('SELECT 1');
  return {
    engine: 'postgres',
    describe: `PostgreSQL at ${url.hostname}:${url.port || 5432}${url.pathname} (schema ${options.schema})`,
    query: session.query,
    exec: session.exec,
    async withSession(fn) {
      const client = await pool.connect().catch((err) => {
        throw toQueryError(err, 'connect');
      });
      // The pool listens for errors only on idle clients: a checked-out one whose server goes away (a FATAL,
      // pg_terminate_backend, a restart) would emit an unhandled 'error' and crash the process. Its query fails
      // on its own; the listener only notes that the connection must not go back to the pool.
      let lost: Error | null = null;
      const onLost = (err: Error) => {
        if (!lost) log(`store: PostgreSQL connection lost (${err.message})`);
        lost ??= err;
      };
      client.on('error', onLost);
      try {
        const result = await fn(pgSession(client));
        client.release(lost ?? undefined);
        return result;
      } catch (err) {
        client.release(true); // the connection may be broken or hold session state: discard it
        throw err;
      } finally {
        client.removeListener('error', onLost); // after release: the pool's own listener is back on it
      }
    },
    close: () => pool.end(),
  };
}
