// A whole-city engine started without a checkpoint need not be blind: teach its baseline the past
// weeks of hourly counts the store already holds before it consumes anything.
import type { Decider } from '../decide/decider.ts';
import type { Store } from '../store/open-store.ts';
import { HOUR_MS } from '../time/event-time.ts';

/**
 * Feed `decider` the store's hourly counts of the `weeks` weeks before `now` (moved back to a whole hour).
 * The range runs from the first to the last stored hour, not from `weeks` ago to now, so a young store or
 * an engine that was down does not teach hours of silence; an empty store teaches nothing. Returns the
 * local days learned.
 */
export async function warmStartFromStore(decider: Decider, store: Store, now: number, weeks = 4): Promise<number> {
  const until = Math.floor(now / HOUR_MS) * HOUR_MS;
  const rows = await store.queries.hourlyCounts({ until, weeks });
  if (rows.length === 0) return 0;
  return decider.warmStart(rows, rows[0]!.hourStart, Math.min(until, rows.at(-1)!.hourStart + HOUR_MS));
}
