// Versioned SQL migrations from ./migrations, applied once each under an advisory lock, recorded in schema_migrations.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inTransaction, quoteIdent, type SqlSession } from './sql-client.ts';
import { MigrationError } from './store-errors.ts';
import { renderMigration, type LayoutKind, type TimeLayout } from './time-layout.ts';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly checksum: string;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const FILE = /^(\d{4})-([\w-]+)\.sql$/;

/** The migration files in version order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .map((file) => ({ file, match: FILE.exec(file) }))
    .filter((f) => f.match)
    .map(({ file, match }) => {
      const sql = readFileSync(`${dir}/${file}`, 'utf8');
      return {
        version: Number(match![1]),
        name: match![2],
        sql,
        checksum: createHash('sha256').update(sql).digest('hex').slice(0, 16),
      };
    })
    .sort((a, b) => a.version - b.version);
}

/**
 * Hold the schema's migration lock (a session advisory lock) while fn runs, after making sure the
 * schema and the migrations table exist. Other processes starting at the same time wait here.
 */
export async function withMigrationLock<T>(session: SqlSession, schema: string, fn: () => Promise<T>): Promise<T> {
  await session.query(`SELECT pg_advisory_lock(hashtext($1))`, [`lizheng.migrate.${schema}`]);
  try {
    await session.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await session.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdent(schema)}.schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, layout text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now())`);
    // A connection opened before another process created the schema may still resolve its search_path
    // without it (seen as "schema_migrations does not exist" when four processes start together): set it again.
    await session.exec(`SET search_path TO ${quoteIdent(schema)}, public`);
    return await fn();
  } finally {
    await session.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`lizheng.migrate.${schema}`]);
  }
}

/** The layout the schema was created with, or null for a new schema. */
export async function recordedLayout(session: SqlSession): Promise<LayoutKind | null> {
  const rows = await session.query<{ layout: LayoutKind }>(
    `SELECT layout FROM schema_migrations ORDER BY version LIMIT 1`,
  );
  return rows[0]?.layout ?? null;
}

/** Apply the migrations not yet recorded, each in its own transaction; returns their names. */
export async function applyMigrations(
  session: SqlSession,
  layout: TimeLayout,
  migrations = loadMigrations(),
): Promise<string[]> {
  const applied = new Map(
    (await session.query<{ version: number; checksum: string }>(`SELECT version, checksum FROM schema_migrations`)).map(
      (r) => [r.version, r.checksum],
    ),
  );
  const done: string[] = [];
  for (const m of migrations) {
    const recorded = applied.get(m.version);
    if (recorded !== undefined) {
      if (recorded !== m.checksum)
        throw new MigrationError(
          `migration ${m.version}-${m.name} was changed after it was applied (checksum ${recorded} → ${m.checksum}); ` +
            `add a new migration instead`,
        );
      continue;
    }
    await inTransaction(session, async (tx) => {
      try {
        await tx.exec(renderMigration(m.sql, layout));
      } catch (err) {
        throw new MigrationError(`migration ${m.version}-${m.name} failed: ${(err as Error).message}`, { cause: err });
      }
      await tx.query(`INSERT INTO schema_migrations (version, name, checksum, layout) VALUES ($1, $2, $3, $4)`, [
        m.version,
        m.name,
        m.checksum,
        layout.kind,
      ]);
    });
    done.push(`${m.version}-${m.name}`);
  }
  return done;
}
