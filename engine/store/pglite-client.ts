// SqlClient for the embedded database: PGlite runs in a worker thread, this side queues calls to it.
import { mkdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { lockDataDir } from './data-dir-lock.ts';
import type { SqlClient, SqlSession } from './sql-client.ts';
import { StoreClosedError, StoreQueryError } from './store-errors.ts';

type Reply = {
  id?: number;
  ready?: boolean;
  rows?: unknown[];
  error?: { message: string; code?: string; detail?: string };
};
type Pending = { resolve: (rows: unknown[]) => void; reject: (err: Error) => void; sql: string };

/** One holder at a time: PGlite has a single connection, so a transaction must not interleave with other calls. */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function startWorker(dataDir: string | null): Promise<Worker> {
  const worker = new Worker(new URL('./pglite-worker.js', import.meta.url), { workerData: { dataDir } });
  return new Promise((resolve, reject) => {
    const fail = (err: Error) =>
      reject(new StoreQueryError(`embedded PostgreSQL did not start: ${err.message}`, undefined, { cause: err }));
    worker.once('error', fail);
    worker.once('message', (m: Reply) => {
      worker.off('error', fail);
      if (m.ready) resolve(worker);
      else fail(new Error('unexpected first message'));
    });
  });
}

/**
 * Open PGlite in a worker thread. `dataDir` null keeps the database in memory (tests, benchmarks).
 * The directory is locked against a second process for as long as the client is open.
 */
export async function openPgliteClient(options: { dataDir: string | null; schema: string }): Promise<SqlClient> {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const unlock = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  let worker: Worker;
  try {
    worker = await startWorker(options.dataDir);
  } catch (err) {
    unlock();
    throw err;
  }
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closed: Error | null = null;

  const failAll = (err: Error) => {
    closed ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (m: Reply) => {
    const p = m.id === undefined ? undefined : pending.get(m.id);
    if (!p) return;
    pending.delete(m.id!);
    if (m.error)
      p.reject(
        new StoreQueryError(
          `${m.error.message}${m.error.detail ? ` (${m.error.detail})` : ''} — in: ` +
            `${p.sql.replace(/\s+/g, ' ').trim().slice(0, 80)}`,
          m.error.code,
        ),
      );
    else p.resolve(m.rows ?? []);
  });
  worker.on('error', (err) =>
    failAll(new StoreClosedError(`embedded PostgreSQL worker failed: ${err.message}`, { cause: err })),
  );
  worker.on('exit', () => failAll(new StoreClosedError('embedded PostgreSQL is closed')));

  const call = (op: 'query' | 'exec' | 'close', sql: string, params?: readonly unknown[]): Promise<unknown[]> => {
    if (closed) return Promise.reject(closed);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject, sql });
      worker.postMessage({ id, op, sql, params });
    });
  };
  const direct: SqlSession = {
    query: <R>(sql: string, params?: readonly unknown[]) => call('query', sql, params) as Promise<R[]>,
    exec: async (sql: string) => void (await call('exec', sql)),
  };
  const mutex = new Mutex();
  await direct.exec(`SET search_path TO ${options.schema}, public`);

  return {
    engine: 'pglite',
    describe:
      `embedded PostgreSQL (PGlite, worker thread) ${options.dataDir ? `in ${options.dataDir}` : 'in memory'}` +
      ` (schema ${options.schema})`,
    query: (sql, params) => mutex.run(() => direct.query(sql, params)),
    exec: (sql) => mutex.run(() => direct.exec(sql)),
    withSession: (fn) => mutex.run(() => fn(direct)),
    async close() {
      if (closed) return unlock();
      await mutex.run(() => call('close', '')).catch(() => undefined);
      await worker.terminate();
      unlock();
    },
  };
}
