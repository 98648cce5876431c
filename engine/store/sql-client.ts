// The one database surface the store uses, so the same SQL runs on PostgreSQL (pg) and embedded PGlite.

/** One connection: statements run in order, session state (locks, transactions) is kept. */
export interface SqlSession {
  /** One statement with $n parameters; returns its rows. */
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
  /** Several statements separated by semicolons, no parameters. */
  exec(sql: string): Promise<void>;
}

export interface SqlClient extends SqlSession {
  readonly engine: 'postgres' | 'pglite';
  /** A human description of where the data lives, for logs. */
  readonly describe: string;
  /** Borrow one connection for the duration of fn. */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Run fn inside BEGIN … COMMIT on one session; ROLLBACK and rethrow on failure. */
export async function inTransaction<T>(session: SqlSession, fn: (tx: SqlSession) => Promise<T>): Promise<T> {
  await session.exec('BEGIN');
  try {
    const result = await fn(session);
    await session.exec('COMMIT');
    return result;
  } catch (err) {
    await session.exec('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

/** Double-quote an identifier for SQL (schema and table names built at run time). */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
