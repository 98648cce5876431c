// Merges what every district's counting unit closed into the city's minutes, in minute order: minute m is
// released once every unit has closed it and every district minute its markers announced for m has arrived.
// Pure state, no I/O; duplicates (redeliveries, republishes) are recognised and ignored.
import type { Report } from '../intake/report.ts';
import type { CellMinute, MinuteSeries } from '../windows/minute-series.ts';
import type { ClosedMarker, ClosedMinute } from './series-message.ts';

interface UnitProgress {
  through: number | null;
  ended: boolean;
}

/** What one district closed in one minute: its cells, and its reports only when incidents are tracked. */
interface DistrictMinute {
  readonly cells: readonly CellMinute[];
  readonly reports?: readonly Report[];
}

/**
 * One city minute as a whole-city counter closes it: its cells sorted by district then topic, and (when incidents
 * are tracked) every report counted in it, in (event time, id) order.
 */
export interface MergedMinute {
  readonly series: MinuteSeries;
  readonly reports: readonly Report[];
}

/**
 * Where the merger stands, as plain data: the decider's checkpoint stores it (engine/checkpoint/, StoredMerger) and a
 * restarted decider resumes from it.
 */
export interface MergerState {
  readonly next: number | null;
  readonly units: Array<[string, UnitProgress]>;
  readonly expected: Array<[number, string[]]>;
  readonly batches: Array<[number, Array<[string, DistrictMinute]>]>;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byTimeThenId = (a: Report, b: Report) => a.t - b.t || compare(a.id, b.id);
const byCell = (a: CellMinute, b: CellMinute) => compare(a.district, b.district) || compare(a.topic, b.topic);

export class SeriesMerger {
  /** First minute not yet released; null until the first data arrives. */
  private next: number | null = null;
  private readonly units = new Map<string, UnitProgress>();
  /** minute → districts whose markers announced reports for it. */
  private readonly expected = new Map<number, Set<string>>();
  /** minute → district → what it closed. */
  private readonly batches = new Map<number, Map<string, DistrictMinute>>();

  /** A unit in `unitCodes` that `state` does not know (a district added since) starts with nothing closed. */
  constructor(unitCodes: readonly string[], state?: MergerState) {
    for (const code of unitCodes) this.units.set(code, { through: null, ended: false });
    if (!state) return;
    this.next = state.next;
    for (const [code, p] of state.units) this.units.set(code, { ...p });
    for (const [m, districts] of state.expected) this.expected.set(m, new Set(districts));
    for (const [m, byDistrict] of state.batches) this.batches.set(m, new Map(byDistrict));
  }

  addMinute(closed: ClosedMinute): void {
    if (this.next !== null && closed.minute < this.next) return;
    let byDistrict = this.batches.get(closed.minute);
    if (!byDistrict) this.batches.set(closed.minute, (byDistrict = new Map()));
    byDistrict.set(
      closed.district,
      closed.reports ? { cells: closed.cells, reports: closed.reports } : { cells: closed.cells },
    );
  }

  addMarker(marker: ClosedMarker): void {
    const unit = this.units.get(marker.district);
    if (!unit) return;
    unit.through = Math.max(unit.through ?? -Infinity, marker.through);
    unit.ended ||= marker.ended;
    for (const minute of marker.minutes) {
      if (this.next !== null && minute < this.next) continue;
      let districts = this.expected.get(minute);
      if (!districts) this.expected.set(minute, (districts = new Set()));
      districts.add(marker.district);
    }
  }

  /** Every unit has reached the end of a replayed feed and every minute has been released. */
  get finished(): boolean {
    for (const u of this.units.values()) if (!u.ended) return false;
    return this.expected.size === 0 && this.batches.size === 0;
  }

  /** Release, in order, every minute that is now complete (empty minutes included). */
  *release(): Generator<MergedMinute> {
    const last = this.closedThrough();
    if (last === null) return;
    this.next ??= this.firstDataMinute();
    if (this.next === null) return;
    for (let m = this.next; m <= last && this.complete(m); m++) {
      const announced = this.expected.get(m);
      const parts = [...(this.batches.get(m) ?? new Map<string, DistrictMinute>())]
        .filter(([district]) => announced?.has(district))
        .map(([, part]) => part);
      // Each district's cells are already in topic order and a cell lies in one district: sorting by cell suffices.
      const cells = parts.flatMap((p) => p.cells).sort(byCell);
      const reports = parts.flatMap((p) => p.reports ?? []).sort(byTimeThenId);
      this.batches.delete(m);
      this.expected.delete(m);
      this.next = m + 1;
      yield { series: { minute: m, cells }, reports };
    }
  }

  state(): MergerState {
    return {
      next: this.next,
      units: [...this.units].map(([k, u]) => [k, { ...u }]),
      expected: [...this.expected].map(([m, districts]) => [m, [...districts]]),
      batches: [...this.batches].map(([m, byDistrict]) => [m, [...byDistrict]]),
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
    for (const m of this.batches.keys()) first = Math.min(first, m);
    return first === Infinity ? null : first;
  }

  /** Have all district minutes announced for minute m arrived? (One no marker announced is no unit's output.) */
  private complete(m: number): boolean {
    const expected = this.expected.get(m);
    if (!expected) return true;
    const have = this.batches.get(m);
    for (const district of expected) if (!have?.has(district)) return false;
    return true;
  }
}
