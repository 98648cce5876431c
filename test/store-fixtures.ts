// Shared by the store tests: a fresh PostgreSQL schema per run, in-memory PGlite, and report/alert makers.
import pg from 'pg';
import type { Alert } from '../schemas/alert-event.ts';
import type { Report } from '../engine/intake/report.ts';
import { openStore, type Store, type StoreOptions } from '../engine/store/open-store.ts';

export const PG_URL = process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/test';
export type Backend = 'postgres' | 'pglite';
export const BACKENDS: Backend[] = ['postgres', 'pglite'];

/** A schema name no other run uses. */
export const freshSchema = (prefix = 't_store'): string =>
  `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;

/** Run one statement as the test's own superuser connection (outside any store). */
export async function adminQuery<R = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as R[];
  } finally {
    await client.end();
  }
}

export const dropSchema = (schema: string) => adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);

/** Whether the test server offers TimescaleDB (not here; yes when DATABASE_URL points at a TimescaleDB). */
export const timescaleAvailable = async (): Promise<boolean> =>
  (await adminQuery(`SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`)).length > 0;

/** Open a store on a backend with a fresh schema (PostgreSQL) or in memory (PGlite); logs are collected. */
export async function openTestStore(
  backend: Backend,
  options: StoreOptions = {},
): Promise<{ store: Store; schema: string; logs: string[] }> {
  const schema = options.schema ?? freshSchema();
  const logs: string[] = [];
  const store = await openStore({
    databaseUrl: backend === 'postgres' ? PG_URL : null,
    dataDir: null,
    maintainEveryMs: null,
    log: (line) => logs.push(line),
    ...options,
    schema,
  });
  return { store, schema, logs };
}

/** Close the store and drop its schema. */
export async function disposeTestStore(t: { store: Store; schema: string }, backend: Backend): Promise<void> {
  await t.store.close();
  if (backend === 'postgres') await dropSchema(t.schema);
}

export function makeReport(id: string, t: number, fields: Partial<Omit<Report, 'id' | 't'>> = {}): Report {
  const text = fields.text ?? `report ${id}`;
  return {
    id,
    t,
    text,
    district: fields.district === undefined ? 'gaoxin' : fields.district,
    topic: fields.topic === undefined ? 'property' : fields.topic,
    caller: fields.caller ?? `r:${id}`,
    channel: fields.channel === undefined ? 'hotline' : fields.channel,
    raw: fields.raw ?? { id, receivedAt: new Date(t).toISOString(), text },
  };
}

export function makeAlert(id: string, openedAt: number, fields: Partial<Alert> = {}): Alert {
  const iso = new Date(openedAt).toISOString();
  return {
    id,
    kind: 'surge',
    district: 'gaoxin',
    topic: 'property',
    openedAt: iso,
    updatedAt: iso,
    count: 10,
    distinctCallers: 9,
    expected: 2,
    ratio: 4.5,
    windowMinutes: 60,
    score: 6,
    detector: 'window-nb',
    status: 'open',
    summary: `alert ${id}`,
    reportIds: [],
    ...fields,
  };
}
