// Merges the closed minutes of every district's counting unit into the city's minute series, in minute
// order: minute m is released once every unit has closed it and every cell its marker announced for m
// has arrived. Pure state, no I/O; duplicates (redeliveries, republishes) are recognised and ignored.
import { cellKey, type CellMinute, type MinuteSeries } from '../windows/minute-series.ts';
import type { CellMessage, ClosedMarker } from './series-message.ts';

interface UnitProgress {
  through: number | null;
  ended: boolean;
}

export interface MergerSnapshot {
  readonly version: 1;
  readonly next: number | null;
  readonly units: Array<[string, UnitProgress]>;
  readonly expected: Array<[number, Array<[string, number]>]>;
  readonly cells: Array<[number, CellMinute[]]>;
}

export class SeriesMerger {
  /** First minute not yet released; null until the first data arrives. */
  private next: number | null = null;
  private readonly units = new Map<string, UnitProgress>();
  /** minute → district → number of cells its unit published for that minute. */
  private readonly expected = new Map<number, Map<string, number>>();
  /** minute → cell key → cell. */
  private readonly cells = new Map<number, Map<string, CellMinute>>();

  constructor(unitCodes: readonly string[], snapshot?: MergerSnapshot) {
    for (const code of unitCodes) this.units.set(code, { through: null, ended: false });
    if (!snapshot) return;
    this.next = snapshot.next;
    for (const [code, p] of snapshot.units) this.units.set(code, { ...p });
    for (const [m, byDistrict] of snapshot.expected) this.expected.set(m, new Map(byDistrict));
    for (const [m, list] of snapshot.cells) this.cells.set(m, new Map(list.map((c) => [cellKey(c.district, c.topic), c])));
  }

  addCell(message: CellMessage): void {
    const { minute, at: _at, ...cell } = message;
    if (this.next !== null && minute < this.next) return;
    let byKey = this.cells.get(minute);
    if (!byKey) this.cells.set(minute, (byKey = new Map()));
    byKey.set(cellKey(cell.district, cell.topic), cell);
  }

  addMarker(marker: ClosedMarker): void {
    const unit = this.units.get(marker.district);
    if (!unit) return;
    unit.through = Math.max(unit.through ?? -Infinity, marker.through);
    unit.ended ||= marker.ended;
    for (const [m, n] of Object.entries(marker.cells)) {
      const minute = Number(m);
      if (this.next !== null && minute < this.next) continue;
      let byDistrict = this.expected.get(minute);
      if (!byDistrict) this.expected.set(minute, (byDistrict = new Map()));
      byDistrict.set(marker.district, n);
    }
  }

  /** Every unit has reached the end of a replayed feed and every minute has been released. */
  get finished(): boolean {
    for (const u of this.units.values()) if (!u.ended) return false;
    return this.expected.size === 0 && this.cells.size === 0;
  }

  /** Release, in order, every minute that is now complete. */
  *release(): Generator<MinuteSeries> {
    const last = this.closedThrough();
    if (last === null) return;
    this.next ??= this.firstDataMinute();
    if (this.next === null) return;
    for (let m = this.next; m <= last && this.complete(m); m++) {
      const announced = this.expected.get(m);
      const cells = [...(this.cells.get(m)?.entries() ?? [])]
        .filter(([, c]) => announced?.has(c.district))
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, c]) => c);
      this.cells.delete(m);
      this.expected.delete(m);
      this.next = m + 1;
      yield { minute: m, cells };
    }
  }

  snapshot(): MergerSnapshot {
    return {
      version: 1,
      next: this.next,
      units: [...this.units].map(([k, u]) => [k, { ...u }]),
      expected: [...this.expected].map(([m, byDistrict]) => [m, [...byDistrict]]),
      cells: [...this.cells].map(([m, byKey]) => [m, [...byKey.values()]]),
    };
  }

  /** The last minute every unit has closed (units that ended count as closed for ever), or null. */
  private closedThrough(): number | null {
    let min = Infinity;
    let max = -Infinity;
    for (const u of this.units.values()) {
      if (u.through === null) {
        if (!u.ended) return null;
        continue;
      }
      max = Math.max(max, u.through);
      if (!u.ended) min = Math.min(min, u.through);
    }
    if (min !== Infinity) return min;
    return max === -Infinity ? null : max;
  }

  private firstDataMinute(): number | null {
    let first = Infinity;
    for (const m of this.expected.keys()) first = Math.min(first, m);
    for (const m of this.cells.keys()) first = Math.min(first, m);
    return first === Infinity ? null : first;
  }

  /** Have all cells announced for minute m arrived? (A cell no marker announced is not part of any unit's output.) */
  private complete(m: number): boolean {
    const expected = this.expected.get(m);
    if (!expected) return true;
    const have = this.cellsFrom(m);
    for (const [district, n] of expected) if ((have.get(district) ?? 0) < n) return false;
    return true;
  }

  private cellsFrom(m: number): Map<string, number> {
    const count = new Map<string, number>();
    for (const c of this.cells.get(m)?.values() ?? []) count.set(c.district, (count.get(c.district) ?? 0) + 1);
    return count;
  }
}
