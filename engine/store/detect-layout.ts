// Chooses the time layout once at start-up: the one a schema was created with, else TimescaleDB when it loads.
import type { SqlClient, SqlSession } from './sql-client.ts';
import { recordedLayout } from './migrate.ts';
import { LizhengError } from '../errors.ts';
import type { LayoutKind } from './time-layout.ts';

export type LayoutChoice = 'auto' | LayoutKind;

/** A layout that was asked for and cannot be had. */
export class LayoutError extends LizhengError {}

/** Decide the layout and say why; creates the timescaledb extension when it is available and wanted. */
export async function detectLayout(
  session: SqlSession,
  engine: SqlClient['engine'],
  choice: LayoutChoice,
): Promise<{ kind: LayoutKind; reason: string }> {
  const recorded = await recordedLayout(session);
  if (recorded) {
    if (choice !== 'auto' && choice !== recorded) throw new LayoutError(`the schema was created with the ${recorded} layout; ${choice} was asked for`);
    return { kind: recorded, reason: 'as created' };
  }
  if (choice === 'plain') return { kind: 'plain', reason: 'asked for' };
  if (engine === 'pglite') return refuse(choice, 'the embedded database has no timescaledb');
  const available = await session.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'`);
  if (available.length === 0) return refuse(choice, 'timescaledb extension not available');
  if (await installed(session)) return { kind: 'timescale', reason: 'timescaledb extension present' };
  try {
    await session.exec(`CREATE EXTENSION IF NOT EXISTS timescaledb`);
    return { kind: 'timescale', reason: 'timescaledb extension created' };
  } catch (err) {
    // Another schema's start-up may have created it a moment ago (the lock is per schema).
    if (await installed(session)) return { kind: 'timescale', reason: 'timescaledb extension present' };
    return refuse(choice, `timescaledb did not load: ${(err as Error).message}`);
  }
}

const installed = async (session: SqlSession) => (await session.query(`SELECT 1 FROM pg_extension WHERE extname = 'timescaledb'`)).length > 0;

function refuse(choice: LayoutChoice, why: string): { kind: LayoutKind; reason: string } {
  if (choice === 'timescale') throw new LayoutError(`timescale layout asked for, but ${why}`);
  return { kind: 'plain', reason: why };
}
