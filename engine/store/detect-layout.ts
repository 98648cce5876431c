// Chooses the time layout once at start-up: the one a schema was created with, else TimescaleDB when it loads.
import type { SqlClient, SqlSession } from './sql-client.ts';
import { recordedLayout } from './migrate.ts';
import { LizhengError } from '../errors.ts';
import type { LayoutKind } from './time-layout.ts';

export type LayoutChoice = 'auto' | LayoutKind;

/** A layout that was asked for and cannot be had. */
export class LayoutError extends LizhengError {}

/**
 * The two statements that find out whether TimescaleDB can be used. Tests replace them to make the server
 * fail the way a TimescaleDB that is installed but not preloaded does, which cannot be installed here.
 */
export interface TimescaleProbe {
  /** Returns a row when the extension's files are installed on the server. */
  readonly availableSql: string;
  /** Creates the extension in this database. */
  readonly createSql: string;
}

export const TIMESCALE_PROBE: TimescaleProbe = {
  availableSql: `SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`,
  createSql: `CREATE EXTENSION IF NOT EXISTS timescaledb`,
};

/** What to do when the extension is installed but will not load (the usual cause: it is not preloaded). */
export const TIMESCALE_ENABLE_HINT =
  "to enable TimescaleDB add shared_preload_libraries = 'timescaledb' to postgresql.conf and restart PostgreSQL";

export interface LayoutDecision {
  readonly kind: LayoutKind;
  readonly reason: string;
  /** Set when TimescaleDB is installed but failed to load: the one warning to show. */
  readonly warning?: string;
}

/**
 * Decide the layout and say why; creates the timescaledb extension when it is available and wanted.
 * `isolated` runs the CREATE EXTENSION on a connection of its own: a TimescaleDB that is not preloaded
 * answers it with FATAL and the server closes that connection, which must not be the one holding the
 * migration lock.
 */
export async function detectLayout(
  session: SqlSession,
  engine: SqlClient['engine'],
  choice: LayoutChoice,
  isolated: <T>(fn: (s: SqlSession) => Promise<T>) => Promise<T>,
  probe: TimescaleProbe = TIMESCALE_PROBE,
): Promise<LayoutDecision> {
  const recorded = await recordedLayout(session);
  if (recorded) {
    if (choice !== 'auto' && choice !== recorded)
      throw new LayoutError(`the schema was created with the ${recorded} layout; ${choice} was asked for`);
    return { kind: recorded, reason: 'as created' };
  }
  if (choice === 'plain') return { kind: 'plain', reason: 'asked for' };
  if (engine === 'pglite') return refuse(choice, 'the embedded database has no timescaledb');
  const available = await session.query(probe.availableSql);
  if (available.length === 0) return refuse(choice, 'timescaledb extension not available');
  if (await installed(session)) return { kind: 'timescale', reason: 'timescaledb extension present' };
  try {
    await isolated((s) => s.exec(probe.createSql));
    return { kind: 'timescale', reason: 'timescaledb extension created' };
  } catch (err) {
    // Another schema's start-up may have created it a moment ago (the lock is per schema).
    if (await installed(session)) return { kind: 'timescale', reason: 'timescaledb extension present' };
    const why = `timescaledb is installed but did not load: ${(err as Error).message.split('\n')[0]}`;
    if (choice === 'timescale')
      throw new LayoutError(`timescale layout asked for, but ${why}; ${TIMESCALE_ENABLE_HINT}`, { cause: err });
    return {
      kind: 'plain',
      reason: why,
      warning: `store: WARNING: ${why}; using plain monthly partitions instead — ${TIMESCALE_ENABLE_HINT}`,
    };
  }
}

const installed = async (session: SqlSession) =>
  (await session.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`)).length > 0;

function refuse(choice: LayoutChoice, why: string): LayoutDecision {
  if (choice === 'timescale') throw new LayoutError(`timescale layout asked for, but ${why}`);
  return { kind: 'plain', reason: why };
}
