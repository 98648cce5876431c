// What every query needs: a database, the time layout's SQL, and the city's clock for days and bucket origins.
import type { CityClock } from '../../time/event-time.ts';
import type { SqlSession } from '../sql-client.ts';
import { QueryInputError } from '../store-errors.ts';
import type { TimeLayout } from '../time-layout.ts';

export interface QueryContext {
  readonly db: SqlSession;
  readonly layout: TimeLayout;
  readonly clock: CityClock;
  /** A local midnight (Monday 2000-01-03) as ISO: buckets of a day or less start on local boundaries. */
  readonly origin: string;
}

/** ISO time of local midnight on Monday 2000-01-03 in the clock's zone. */
export function bucketOrigin(clock: CityClock): string {
  const utcMidnight = Date.UTC(2000, 0, 3);
  return new Date(utcMidnight - clock.offsetMinutes(utcMidnight) * 60_000).toISOString();
}

/** An epoch-ms time from a query's input, or a QueryInputError naming the field. */
export function epochMs(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new QueryInputError(field, `expected epoch milliseconds, got ${JSON.stringify(value)}`);
  return value;
}

/** A whole number within [min, max], or a QueryInputError naming the field. */
export function wholeNumber(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new QueryInputError(field, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** `column = $n` conditions for the filters that are set, appending their values to params. */
export function equalities(filters: Record<string, string | null | undefined>, params: unknown[]): string[] {
  return Object.entries(filters)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([column, v]) => `${column} = $${params.push(v)}`);
}
