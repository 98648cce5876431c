// Closed minutes as columns, for crossing from the counting thread: typed arrays and two flat string lists
// clone several times faster than an object per cell, and the deciding thread rebuilds the same series.
import type { Profile } from '../profile/city-profile.ts';
import { UNKNOWN } from '../intake/report.ts';
import type { CellMinute, MinuteSeries } from './minute-series.ts';

/** Index stored for a district or topic that is not settled ('unknown'). */
const NONE = 0xffff;

export interface PackedMinutes {
  /** Per minute: its epoch minute and how many cells it holds. */
  readonly minutes: Float64Array;
  readonly cellCounts: Uint32Array;
  /** Per cell: district and topic as indexes into the profile's code lists, callers and reports held. */
  readonly districts: Uint16Array;
  readonly topics: Uint16Array;
  readonly callerCounts: Uint32Array;
  readonly reportCounts: Uint32Array;
  /** Every cell's callers, then every cell's report ids, flattened in cell order. */
  readonly callers: string[];
  readonly ids: string[];
}

/** Collects closed minutes; `take` hands over the columns and starts afresh. */
export class MinutePacker {
  private readonly districtIndex: Map<string, number>;
  private readonly topicIndex: Map<string, number>;
  private minutes: number[] = [];
  private cellCounts: number[] = [];
  private districts: number[] = [];
  private topics: number[] = [];
  private callerCounts: number[] = [];
  private reportCounts: number[] = [];
  private callers: string[] = [];
  private ids: string[] = [];

  constructor(profile: Profile) {
    this.districtIndex = new Map(profile.districtCodes.map((c, i) => [c, i]));
    this.topicIndex = new Map(profile.topicCodes.map((c, i) => [c, i]));
  }

  /** Minutes collected since the last `take`. */
  get length(): number {
    return this.minutes.length;
  }

  /** Report ids collected since the last `take`. */
  get reports(): number {
    return this.ids.length;
  }

  add(series: MinuteSeries): void {
    this.minutes.push(series.minute);
    this.cellCounts.push(series.cells.length);
    for (const c of series.cells) {
      this.districts.push(c.district === UNKNOWN ? NONE : this.districtIndex.get(c.district)!);
      this.topics.push(c.topic === UNKNOWN ? NONE : this.topicIndex.get(c.topic)!);
      this.callerCounts.push(c.callers.length);
      this.reportCounts.push(c.reportIds.length);
      for (const x of c.callers) this.callers.push(x);
      for (const x of c.reportIds) this.ids.push(x);
    }
  }

  take(): PackedMinutes {
    const packed: PackedMinutes = {
      minutes: Float64Array.from(this.minutes),
      cellCounts: Uint32Array.from(this.cellCounts),
      districts: Uint16Array.from(this.districts),
      topics: Uint16Array.from(this.topics),
      callerCounts: Uint32Array.from(this.callerCounts),
      reportCounts: Uint32Array.from(this.reportCounts),
      callers: this.callers,
      ids: this.ids,
    };
    this.minutes = [];
    this.cellCounts = [];
    this.districts = [];
    this.topics = [];
    this.callerCounts = [];
    this.reportCounts = [];
    this.callers = [];
    this.ids = [];
    return packed;
  }
}

/** The typed arrays of a packed batch, to transfer rather than copy. */
export const transferables = (p: PackedMinutes): ArrayBuffer[] =>
  [p.minutes, p.cellCounts, p.districts, p.topics, p.callerCounts, p.reportCounts].map((a) => a.buffer as ArrayBuffer);

/** The series of one packed batch, equal to those packed. */
export function unpackMinutes(p: PackedMinutes, profile: Profile): MinuteSeries[] {
  const districts = profile.districtCodes;
  const topics = profile.topicCodes;
  const out = new Array<MinuteSeries>(p.minutes.length);
  let cell = 0;
  let caller = 0;
  let id = 0;
  for (let m = 0; m < out.length; m++) {
    const cells = new Array<CellMinute>(p.cellCounts[m]);
    for (let j = 0; j < cells.length; j++, cell++) {
      const d = p.districts[cell];
      const t = p.topics[cell];
      const reports = p.reportCounts[cell];
      cells[j] = {
        district: d === NONE ? UNKNOWN : districts[d],
        topic: t === NONE ? UNKNOWN : topics[t],
        reports,
        callers: p.callers.slice(caller, (caller += p.callerCounts[cell])),
        reportIds: p.ids.slice(id, (id += reports)),
      };
    }
    out[m] = { minute: p.minutes[m], cells };
  }
  return out;
}
