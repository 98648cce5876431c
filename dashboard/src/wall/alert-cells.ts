// What the board means for the grid and the map: the state shown on each cell and district (an untouched alert
// outranks one people hold, so the wall points at what nobody has picked up), and each district's highest score.
import type { LiveAlert } from '../../../schemas/alert-workflow.ts';
import type { SnapshotCell } from '../../../schemas/live-events.ts';

export type ShownStatus = 'open' | 'acknowledged' | 'dispatched';
const URGENCY: readonly ShownStatus[] = ['open', 'acknowledged', 'dispatched'];

const moreUrgent = (a: ShownStatus | undefined, b: ShownStatus): ShownStatus =>
  a === undefined || URGENCY.indexOf(b) < URGENCY.indexOf(a) ? b : a;

export const cellKey = (district: string, topic: string): string => `${district}.${topic}`;
/** The cell a cellKey names. */
export function cellOf(key: string): { district: string; topic: string } {
  const [district, topic] = key.split('.');
  return { district, topic };
}

/**
 * Unresolved alerts' state per cell ("district.topic") and per district: a citywide alert marks each district it names,
 * a district alert its district and the topics it names.
 */
export function alertStates(alerts: Iterable<LiveAlert>): {
  cells: Map<string, ShownStatus>;
  districts: Map<string, ShownStatus>;
} {
  const cells = new Map<string, ShownStatus>();
  const districts = new Map<string, ShownStatus>();
  for (const a of alerts) {
    if (a.status === 'resolved') continue;
    const status = a.status;
    for (const d of a.district ? [a.district] : (a.districts ?? [])) {
      for (const topic of a.topic !== null ? [a.topic] : (a.topics ?? []))
        cells.set(cellKey(d, topic), moreUrgent(cells.get(cellKey(d, topic)), status));
      districts.set(d, moreUrgent(districts.get(d), status));
    }
  }
  return { cells, districts };
}

/** Each cell's score by key, and each district's highest. */
export function scores(cells: readonly SnapshotCell[]): { cells: Map<string, number>; districts: Map<string, number> } {
  const byCell = new Map<string, number>();
  const byDistrict = new Map<string, number>();
  for (const c of cells) {
    byCell.set(cellKey(c.district, c.topic), c.score);
    byDistrict.set(c.district, Math.max(byDistrict.get(c.district) ?? Number.NEGATIVE_INFINITY, c.score));
  }
  return { cells: byCell, districts: byDistrict };
}
