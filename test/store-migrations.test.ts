// Migrations: applied once, from several processes at once, refused when an applied file changed; PGlite persists.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../engine/store/open-store.ts';
import { DataDirLockedError, MigrationError } from '../engine/store/store-errors.ts';
import { LayoutError } from '../engine/store/detect-layout.ts';
import {
  adminQuery,
  dropSchema,
  freshSchema,
  makeReport,
  openTestStore,
  PG_URL,
  timescaleAvailable,
} from './store-fixtures.ts';

describe('migrations on PostgreSQL', () => {
  const schemas: string[] = [];
  afterAll(async () => {
    for (const s of schemas) await dropSchema(s);
  });

  it('applies each migration once when four processes start together', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const opened = await Promise.all(Array.from({ length: 4 }, () => openTestStore('postgres', { schema })));
    const migrated = opened.flatMap((o) => o.logs).filter((l) => l.includes('migrated'));
    expect(migrated).toHaveLength(1);
    expect(migrated[0]).toContain('1-reports-and-series, 2-alerts, 3-daily-reports');
    const layout = (await timescaleAvailable()) ? 'timescale' : 'plain';
    for (const o of opened) expect(o.store.layout).toBe(layout);
    const rows = await adminQuery<{ version: number; layout: string }>(
      `SELECT version, layout FROM "${schema}".schema_migrations ORDER BY version`,
    );
    expect(rows).toEqual([1, 2, 3, 4, 5, 6].map((version) => ({ version, layout })));
    await Promise.all(opened.map((o) => o.store.close()));

    const again = await openTestStore('postgres', { schema });
    expect(again.logs.join('\n')).not.toContain('migrated');
    expect(again.logs.join('\n')).toContain('(as created)');
    await again.store.close();
  });

  it(
    'uses TimescaleDB hypertables, policies and the hourly aggregate when the server offers them, monthly ' +
      'partitions otherwise',
    async () => {
      const schema = freshSchema();
      schemas.push(schema);
      const { store, logs } = await openTestStore('postgres', { schema });
      if (await timescaleAvailable()) {
        expect(store.layout).toBe('timescale');
        expect(logs[0]).toContain('TimescaleDB hypertables');
        const hypertables = await store.sql.query(
          `SELECT hypertable_name AS name, compression_enabled AS compressed FROM timescaledb_information.hypertables
        WHERE hypertable_schema = $1 ORDER BY 1`,
          [schema],
        );
        expect(hypertables).toEqual([
          { name: 'reports', compressed: true },
          { name: 'series_1m', compressed: true },
        ]);
        const jobs = await store.sql.query<{ proc: string }>(
          `SELECT proc_name AS proc FROM timescaledb_information.jobs WHERE hypertable_schema = $1 ORDER BY 1`,
          [schema],
        );
        expect(jobs.map((j) => j.proc)).toEqual(
          expect.arrayContaining(['policy_compression', 'policy_refresh_continuous_aggregate', 'policy_retention']),
        );
        const t = Date.parse('2026-01-05T02:00:00Z');
        await store.writer.writeSeries(
          [0, 1, 2].map((i) => ({
            minute: t / 60_000 + i,
            cells: [{ district: 'gaoxin', topic: 'noise', reports: 2, callers: ['a', 'b'], reportIds: [] }],
          })),
        );
        expect(await store.queries.hourlyCounts({ until: t + 3_600_000, weeks: 1 })).toEqual([
          { district: 'gaoxin', topic: 'noise', hourStart: t, reports: 6, callers: 6 },
        ]);
        await store.close();
        await (await openTestStore('postgres', { schema })).store.close(); // policies set again without complaint
      } else {
        expect(store.layout).toBe('plain');
        expect(logs[0]).toContain('monthly partitions (timescaledb extension not available)');
        await store.close();
        const refused = freshSchema();
        schemas.push(refused);
        await expect(openTestStore('postgres', { schema: refused, layout: 'timescale' })).rejects.toThrow(LayoutError);
      }
    },
  );

  it('refuses to start when an applied migration file has changed', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    await (await openTestStore('postgres', { schema })).store.close();
    await adminQuery(`UPDATE "${schema}".schema_migrations SET checksum = 'edited' WHERE version = 2`);
    await expect(openTestStore('postgres', { schema })).rejects.toThrow(MigrationError);
  });

  it('keeps a schema on the layout it was created with', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    await (await openTestStore('postgres', { schema, layout: 'plain' })).store.close();
    await expect(openTestStore('postgres', { schema, layout: 'timescale' })).rejects.toThrow(
      /created with the plain layout/,
    );
  });

  it('leaves other schemas alone (tables land in the configured schema)', async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const { store } = await openTestStore('postgres', { schema });
    const tables = await adminQuery<{ table_schema: string }>(
      `SELECT DISTINCT table_schema FROM information_schema.tables WHERE table_name = 'series_1m' ` +
        `AND table_schema = $1`,
      [schema],
    );
    expect(tables).toHaveLength(1);
    expect(store.describe).toContain(`schema ${schema}`);
    await store.close();
  });
});

describe('the embedded database (PGlite in a worker)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lizheng-pg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its data and migrations across a restart, and locks its directory while open', async () => {
    const dataDir = join(dir, 'pg');
    const first = await openStore({ databaseUrl: null, dataDir, maintainEveryMs: null, log: () => undefined });
    expect(first.engine).toBe('pglite');
    await first.writer.writeReports([makeReport('kept-1', Date.parse('2026-01-03T02:00:00Z'))]);
    await expect(openStore({ databaseUrl: null, dataDir, log: () => undefined })).rejects.toThrow(DataDirLockedError);
    await first.close();

    const logs: string[] = [];
    const second = await openStore({ databaseUrl: null, dataDir, maintainEveryMs: null, log: (l) => logs.push(l) });
    expect(logs.join('\n')).not.toContain('migrated');
    expect(await second.sql.query(`SELECT id FROM reports`)).toEqual([{ id: 'kept-1' }]);
    await second.close();
  }, 60_000);

  it('uses DATABASE_URL when set and the embedded database when not', async () => {
    const saved = process.env.DATABASE_URL;
    const schema = freshSchema();
    try {
      process.env.DATABASE_URL = PG_URL;
      const viaEnv = await openStore({ schema, maintainEveryMs: null, log: () => undefined });
      expect(viaEnv.engine).toBe('postgres');
      await viaEnv.close();
      delete process.env.DATABASE_URL;
      const embedded = await openStore({ dataDir: null, maintainEveryMs: null, log: () => undefined });
      expect(embedded.engine).toBe('pglite');
      await embedded.close();
    } finally {
      if (saved === undefined) delete process.env.DATABASE_URL;
      else process.env.DATABASE_URL = saved;
      await dropSchema(schema);
    }
  }, 60_000);
});
