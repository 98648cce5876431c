// A TimescaleDB that is installed but not in shared_preload_libraries answers CREATE EXTENSION with
// `FATAL: extension "timescaledb" must be preloaded` and the server closes the connection. TimescaleDB
// cannot be installed here, so these tests simulate it at the real PostgreSQL through the layout's
// injectable probe: "is it available" answers yes, and "create it" is a statement that makes the server
// fail the same way — by terminating its own backend (a real FATAL, SQLSTATE 57P01, then a closed
// socket, exactly what the client sees from the preload check), or by raising the extension's message and
// hint as a plain ERROR. What is simulated is the failing statement; the server, the driver, the pool and
// the dropped connection are real. Without handlers the dropped connection emits an unhandled pg 'error'
// event, which vitest reports as an uncaught error and fails the file.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { TimescaleProbe } from '../engine/store/detect-layout.ts';
import { adminQuery, disposeTestStore, makeReport, openTestStore } from './store-fixtures.ts';

const T0 = Date.parse('2026-03-01T00:00:00Z');

/** The server's own FATAL: the backend running CREATE EXTENSION is terminated and the socket closes. */
const FATAL_PROBE: TimescaleProbe = {
  availableSql: 'SELECT 1',
  createSql: 'SELECT pg_terminate_backend(pg_backend_pid())',
};
/** The preload check's message and hint, raised as an ERROR (the connection survives). */
const ERROR_PROBE: TimescaleProbe = {
  availableSql: 'SELECT 1',
  createSql: `DO $$ BEGIN RAISE EXCEPTION 'extension "timescaledb" must be preloaded'
    USING HINT = 'Please preload the timescaledb library via shared_preload_libraries.', ERRCODE = 'XX000'; END $$`,
};

const warnings = (logs: string[]) => logs.filter((l) => /WARNING/.test(l));

describe('the store on a PostgreSQL whose TimescaleDB will not load', () => {
  for (const [name, probe] of [
    ['FATAL, connection closed', FATAL_PROBE],
    ['ERROR', ERROR_PROBE],
  ] as const) {
    it(`falls back to monthly partitions with one warning saying how to enable TimescaleDB (${name})`, async () => {
      const t = await openTestStore('postgres', { timescaleProbe: probe });
      try {
        expect(t.store.layout).toBe('plain');
        expect(warnings(t.logs), t.logs.join('\n')).toHaveLength(1);
        expect(warnings(t.logs)[0]).toContain("shared_preload_libraries = 'timescaledb'");
        expect(warnings(t.logs)[0]).toMatch(/restart/);
        // The store still works on the plain layout, after the lost connection.
        await t.store.writer.writeReports([makeReport('tsf-1', T0)]);
        expect(await t.store.sql.query(`SELECT count(*)::int AS n FROM reports`)).toEqual([{ n: 1 }]);
        expect(
          await t.store.sql.query(`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'reports'::regclass`),
        ).not.toEqual([{ n: 0 }]);
      } finally {
        await disposeTestStore(t, 'postgres');
      }
    }, 30_000);
  }

  it('refuses with the same advice when the timescale layout is asked for', async () => {
    await expect(openTestStore('postgres', { timescaleProbe: FATAL_PROBE, layout: 'timescale' })).rejects.toThrow(
      /shared_preload_libraries = 'timescaledb'/,
    );
  }, 30_000);
});

describe('a store connection the server terminates', () => {
  it('fails the statement in flight but never crashes the process; the store carries on', async () => {
    const app = `lz_term_${process.pid}`;
    const t = await openTestStore('postgres', { applicationName: app, writer: { retryBaseMs: 10, retryMaxMs: 100 } });
    try {
      // A session holding a checked-out connection (as migrations do) loses it between two statements.
      const second = t.store.sql.withSession(async (s) => {
        const [{ pid }] = await s.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await adminQuery('SELECT pg_terminate_backend($1)', [pid]);
        await sleep(300); // the server's FATAL and the closed socket arrive while nothing runs on it
        return s.query('SELECT 1');
      });
      await expect(second).rejects.toThrow();
      // Every other connection of this store (idle pool clients, the writer's) is terminated too.
      await t.store.writer.writeReports([makeReport('term-1', T0)]);
      const killed = await adminQuery(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name LIKE $1`,
        [`${app}-%`],
      );
      expect(killed.length).toBeGreaterThan(0);
      await sleep(300);
      await t.store.writer.writeReports([makeReport('term-2', T0 + 1000)]);
      expect(await t.store.sql.query(`SELECT count(*)::int AS n FROM reports`)).toEqual([{ n: 2 }]);
      expect(
        t.logs.some((l) => /connection lost/.test(l)),
        t.logs.join('\n'),
      ).toBe(true);
    } finally {
      await disposeTestStore(t, 'postgres');
    }
  }, 30_000);
});
